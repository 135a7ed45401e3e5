import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineErrorOutcome } from '../../server/src/engine/index.js';
import type { TestEmulator } from '../support/emulator.js';
import { ASSOCIATE_PUT, C, createTestEngine, K, MERGE_POST, persisted, resetEmulator, runAll, startEngineEmulator, validPlan } from './support.js';

const JANE = [C.janeActiveCall, C.janeCall, C.janeWebMessage, C.janeEmail];
const customerContact = (emu: TestEmulator, id: string) =>
  emu.emulator.conversation(id)!.participants.find((p) => p.purpose === 'customer')!.externalContactId;
const mergePosts = (emu: TestEmulator, status: number) =>
  emu.emulator.requestCounts().entries.filter((e) => `${e.method} ${e.path}` === MERGE_POST && e.status === status).reduce((n, e) => n + e.count, 0);

describe('merges under faults', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startEngineEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(() => resetEmulator(emu));

  it('when the merge answers 409 once, then the engine re-reads, re-plans and merges once', async () => {
    const { merger } = createTestEngine(emu);
    const plan = await validPlan(emu, merger, JANE);
    emu.emulator.setFaults({ mergeConflicts: 1 });
    const outcomes = await runAll(merger, merger.beginExecution(plan));
    const merge = outcomes.find((o) => o.step === 'merge_contacts')!;
    expect(merge.events.map((e) => e.action)).toEqual(['contacts_merged', 'conflict_retried', 'replanned', 'contacts_merged']);
    expect([mergePosts(emu, 409), mergePosts(emu, 200)]).toEqual([1, 1]);
    const result = outcomes.at(-1)!.state.result!;
    expect(result.metrics.retries).toBeGreaterThanOrEqual(1);
    expect(outcomes.at(-1)!.state.replans).toBe(1);
    for (const id of JANE) expect(customerContact(emu, id)).toBe(result.contactId);
  });

  it('when the merge keeps answering 409, then the step gives up after its bounded retries with a retryable error', async () => {
    const { merger } = createTestEngine(emu, { engine: { options: { maxConflictRetries: 2 } } });
    const plan = await validPlan(emu, merger, JANE);
    const validated = (await merger.runStep(merger.beginExecution(plan))).state;
    emu.emulator.setFaults({ mergeConflicts: 10 });
    const error = await merger.runStep(validated).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'merge_conflict', status: 409 });
    expect(engineErrorOutcome(error)).toMatchObject({ kind: 'retry' });
    expect(mergePosts(emu, 409)).toBe(3);
  });

  it('when someone else merged the same contacts meanwhile, then the 409 is followed to their merged contact and nothing is merged twice', async () => {
    const { merger, genesys } = createTestEngine(emu);
    const plan = await validPlan(emu, merger, JANE);
    const validated = (await merger.runStep(merger.beginExecution(plan))).state;
    const theirs = await genesys.mergeContacts({ contactIds: [K.jane, K.janeCallEphemeral] });
    const outcomes = await runAll(merger, validated);
    const result = outcomes.at(-1)!.state.result!;
    expect(result.contactId).toBe(theirs.id);
    expect(outcomes[0]!.events.map((e) => e.action)).toEqual(['contacts_merged', 'merge_skipped']);
    expect(mergePosts(emu, 200)).toBe(1);
    for (const id of JANE) expect(customerContact(emu, id)).toBe(theirs.id);
  });

  it('when someone else merged one of the contacts with another contact meanwhile, then the engine follows mergedTo, re-plans and merges the new head', async () => {
    const { merger, genesys } = createTestEngine(emu);
    const plan = await validPlan(emu, merger, [C.carlosWhatsApp, C.carlosSms, C.carlosCall]);
    const validated = (await merger.runStep(merger.beginExecution(plan))).state;
    // Another agent merges the SMS and call contacts (Carlos's own) into a new contact.
    const theirs = await genesys.mergeContacts({ contactIds: [K.carlosSms, K.carlosCall] });
    const outcomes = await runAll(merger, validated);
    const merge = outcomes[0]!;
    expect(merge.events.map((e) => e.action)).toEqual(['contacts_merged', 'conflict_retried', 'replanned', 'contacts_merged']);
    const result = outcomes.at(-1)!.state.result!;
    expect(result.mergedFromContactIds.sort()).toEqual([K.carlosWhatsApp, theirs.id!].sort());
    expect(emu.emulator.contact(theirs.id!)?.mergedTo?.id).toBe(result.contactId);
    for (const id of [C.carlosWhatsApp, C.carlosSms, C.carlosCall]) expect(customerContact(emu, id)).toBe(result.contactId);
  });

  it('when someone else merged one of the contacts with another person\'s meanwhile, then the re-plan finds the conflict and nothing of ours is merged', async () => {
    const { merger, genesys } = createTestEngine(emu);
    const plan = await validPlan(emu, merger, JANE);
    const validated = (await merger.runStep(merger.beginExecution(plan))).state;
    await genesys.mergeContacts({ contactIds: [K.janeCallEphemeral, K.emma] });
    const error = await merger.runStep(validated).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'plan_invalid', status: 422 });
    expect((error as { details: { problems: Array<{ code: string }> } }).details.problems.map((p) => p.code)).toContain('continuity_conflict');
    expect(engineErrorOutcome(error)).toMatchObject({ kind: 'failed' });
    expect([mergePosts(emu, 200), mergePosts(emu, 409)]).toEqual([1, 1]);
  });

  it('when 20 % of calls answer 429 and 20 % 503, then the merge completes with one merge and every association', async () => {
    const { merger } = createTestEngine(emu);
    const plan = await validPlan(emu, merger, JANE);
    emu.emulator.setFaults({ errorRates: { '429': 0.2, '503': 0.2 } });
    let state = merger.beginExecution(plan);
    let result = null;
    for (let attempt = 0; attempt < 20 && !result; attempt++) {
      try {
        const outcome = await merger.runStep(persisted(state), undefined, { resumed: attempt > 0 });
        state = outcome.state;
        if (outcome.done) result = state.result;
      } catch (error) {
        // What the job runner does: a retryable outcome runs the same step again later.
        expect(engineErrorOutcome(error).kind).toBe('retry');
      }
    }
    expect(result).not.toBeNull();
    expect(mergePosts(emu, 200)).toBe(1);
    for (const id of JANE) expect(customerContact(emu, id)).toBe(result!.contactId);
    expect(result!.metrics.retries).toBeGreaterThan(0);
    const statuses = emu.emulator.requestCounts().entries.filter((e) => e.status === 429 || e.status === 503);
    expect(statuses.length).toBeGreaterThan(0);
  });

  it('when discovery meets 20 % of 429 and 503, then the candidates are the same as without faults', async () => {
    const { merger } = createTestEngine(emu);
    const clean = (await merger.candidates(C.carlosWhatsApp)).map((c) => [c.conversationId, c.selected]);
    emu.emulator.setFaults({ errorRates: { '429': 0.2, '503': 0.2 } });
    const faulty = (await createTestEngine(emu).merger.candidates(C.carlosWhatsApp)).map((c) => [c.conversationId, c.selected]);
    expect(faulty).toEqual(clean);
  });

  it('when analytics shows associations late, then confirm polls with growing waits on the clock until it agrees', async () => {
    const { merger } = createTestEngine(emu);
    const plan = await validPlan(emu, merger, JANE);
    emu.emulator.setFaults({ analyticsDelayMs: 3_000 });
    const clock = emu.manualClock!;
    const sleepsBefore = clock.sleeps.length;
    const outcomes = await runAll(merger, merger.beginExecution(plan));
    const waits = clock.sleeps.slice(sleepsBefore);
    expect(waits).toEqual([250, 500, 1000, 2000]);
    expect(outcomes.find((o) => o.step === 'confirm')!.events[0]).toMatchObject({ action: 'merge_confirmed', detail: '5 read(s)' });
  });

  it('when analytics lags past the confirmation window, then confirm fails retryably and succeeds when run again later', async () => {
    const { merger } = createTestEngine(emu, { engine: { options: { confirm: { timeoutMs: 5_000 } } } });
    const plan = await validPlan(emu, merger, JANE);
    emu.emulator.setFaults({ analyticsDelayMs: 60_000 });
    let state = merger.beginExecution(plan);
    while (state.next !== 'confirm') state = (await merger.runStep(state)).state;
    const error = await merger.runStep(state).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'confirm_timeout', status: 504 });
    expect(engineErrorOutcome(error)).toMatchObject({ kind: 'retry' });
    emu.manualClock!.advance(60_000);
    const confirmed = await merger.runStep(persisted(state), undefined, { resumed: true });
    expect(confirmed.state.next).toBe('reconcile');
    expect(emu.emulator.requestCounts().entries.filter((e) => `${e.method} ${e.path}` === ASSOCIATE_PUT).reduce((n, e) => n + e.count, 0)).toBe(JANE.length);
  });
});
