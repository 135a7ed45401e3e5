import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MergeStep } from '../../server/src/http/contract.js';
import type { ExecutionState, MergeResult } from '../../server/src/engine/index.js';
import type { TestEmulator } from '../support/emulator.js';
import { apiCalls, ASSOCIATE_PUT, C, callsTo, createTestEngine, K, MERGE_POST, persisted, resetEmulator, startEngineEmulator, validPlan } from './support.js';

const JANE = [C.janeActiveCall, C.janeCall, C.janeWebMessage, C.janeEmail];
const STEPS: MergeStep[] = ['validate', 'merge_contacts', 'associate', 'confirm', 'reconcile', 'record'];
/** What must not differ between a clean run and one with a repeated step. */
const essence = (result: MergeResult) => ({
  mergedFromContactIds: [...result.mergedFromContactIds].sort(),
  conversationIds: [...result.conversationIds].sort(),
  channelSequence: result.channelSequence,
  timeline: result.timeline,
});
/** Merge POSTs Genesys carried out (answered 200), from the emulator's log. */
const successfulPosts = (emu: TestEmulator) =>
  emu.emulator.requestCounts().entries.filter((e) => `${e.method} ${e.path}` === MERGE_POST && e.status === 200).reduce((n, e) => n + e.count, 0);

describe('a merge repeated after each of its steps (crash and resume from the persisted state)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startEngineEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(() => resetEmulator(emu));

  const cleanRun = async () => {
    const { merger } = createTestEngine(emu);
    const plan = await validPlan(emu, merger, JANE);
    let state = merger.beginExecution(plan);
    for (;;) {
      const outcome = await merger.runStep(state);
      state = outcome.state;
      if (outcome.done) return state.result!;
    }
  };

  for (const repeated of STEPS) {
    it(`when "${repeated}" runs again from the state saved before it, then there is one merge, each conversation is associated once, and the result is the same`, async () => {
      const reference = essence(await cleanRun());
      resetEmulator(emu);
      const { merger } = createTestEngine(emu);
      const plan = await validPlan(emu, merger, JANE);
      let state: ExecutionState = persisted(merger.beginExecution(plan));
      let result: MergeResult | null = null;
      while (!result) {
        const step = state.next!;
        const first = await merger.runStep(state);
        let outcome = first;
        if (step === repeated) {
          // The process died after the step's effects, before its new state was saved: it runs again from the saved one.
          outcome = await merger.runStep(persisted(state), undefined, { resumed: true });
          expect(outcome.state.contactId).toBe(first.state.contactId);
          expect(outcome.state.next).toBe(first.state.next);
        }
        state = persisted(outcome.state);
        result = outcome.done ? state.result : null;
      }
      expect(successfulPosts(emu)).toBe(1);
      expect(callsTo(emu, ASSOCIATE_PUT)).toBe(JANE.length);
      expect(essence(result)).toEqual(reference);
      expect(result.contactId).toBe(emu.emulator.contact(K.jane)!.mergedTo!.id);
    });
  }

  it('when the merge POST succeeded but its answer was lost, then the resumed step adopts the merged contact instead of merging again', async () => {
    const { merger } = createTestEngine(emu);
    const plan = await validPlan(emu, merger, JANE);
    const validated = persisted((await merger.runStep(merger.beginExecution(plan))).state);
    await merger.runStep(validated); // its new state is never saved
    const resumed = await merger.runStep(persisted(validated), undefined, { resumed: true });
    expect(resumed.state.contactId).toBe(emu.emulator.contact(K.jane)!.mergedTo!.id);
    expect(resumed.events.map((e) => e.action)).toEqual(['merge_skipped']);
    expect(successfulPosts(emu)).toBe(1);
  });

  it('when the lost-answer step runs again without the resumed flag, then the 409 it gets is followed to the merged contact: still one merge', async () => {
    const { merger } = createTestEngine(emu);
    const plan = await validPlan(emu, merger, JANE);
    const validated = persisted((await merger.runStep(merger.beginExecution(plan))).state);
    const lost = await merger.runStep(validated);
    const again = await merger.runStep(persisted(validated));
    expect(again.state.contactId).toBe(lost.state.contactId);
    expect(again.events.map((e) => e.action)).toEqual(['contacts_merged', 'merge_skipped']);
    expect(again.events[0]).toMatchObject({ outcome: 'failed', detail: 'conflict' });
    expect(successfulPosts(emu)).toBe(1);
  });

  it('when associate runs again after some PUTs were sent, then only the conversations Genesys does not show yet are sent again', async () => {
    const { merger } = createTestEngine(emu);
    const plan = await validPlan(emu, merger, JANE);
    let state = merger.beginExecution(plan);
    state = (await merger.runStep(state)).state;
    state = (await merger.runStep(state)).state;
    const beforeAssociate = persisted(state);
    const association = plan.associations.find((a) => a.conversationId === C.janeEmail)!;
    // One PUT made it out before the crash.
    await createTestEngine(emu).genesys.associateConversation({ ...association, externalContactId: state.contactId! });
    emu.emulator.clearRequestCounts();
    const resumed = await merger.runStep(beforeAssociate, undefined, { resumed: true });
    expect(callsTo(emu, ASSOCIATE_PUT)).toBe(JANE.length - 1);
    expect(resumed.state.associated.sort()).toEqual([...JANE].sort());
    expect(apiCalls(emu).byEndpoint['GET /api/v2/analytics/conversations/details']).toBe(1);
  });
});
