import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineErrorOutcome, type EngineEvent } from '../../server/src/engine/index.js';
import type { TestEmulator } from '../support/emulator.js';
import { conversationId, contactId, demoWith, VICTOR, WENDY } from './datasets.js';
import {
  apiCalls, ASSOCIATE_PUT, C, callsTo, createTestEngine, K, MERGE_POST, resetEmulator, runAll, startEngineEmulator, validPlan,
} from './support.js';

const JANE = [C.janeActiveCall, C.janeCall, C.janeWebMessage, C.janeEmail];
const customerContact = (emu: TestEmulator, id: string) =>
  emu.emulator.conversation(id)!.participants.find((p) => p.purpose === 'customer')!.externalContactId;

describe('merges across channels against the emulator', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startEngineEmulator({ dataset: await demoWith([WENDY, VICTOR]) });
  });
  afterAll(() => emu.close());
  beforeEach(() => resetEmulator(emu));

  const mergeCase = async (ids: string[], contacts: string[]) => {
    const { merger } = createTestEngine(emu);
    const plan = await validPlan(emu, merger, ids);
    const outcomes = await runAll(merger, merger.beginExecution(plan));
    const result = outcomes.at(-1)!.state.result!;
    const calls = apiCalls(emu);
    return { plan, outcomes, result, calls, events: outcomes.flatMap((o) => o.events), contacts };
  };

  it('when Jane\'s voice, web messaging and email conversations are merged, then one new contact holds them all within N + k + 4 calls', async () => {
    const { result, calls, events, outcomes } = await mergeCase(JANE, [K.jane, K.janeCallEphemeral]);
    expect(outcomes.map((o) => o.step)).toEqual(['validate', 'merge_contacts', 'associate', 'confirm', 'reconcile', 'record']);
    expect(result.mergedFromContactIds.sort()).toEqual([K.jane, K.janeCallEphemeral].sort());
    expect([K.jane, K.janeCallEphemeral].every((id) => emu.emulator.contact(id)?.mergedTo?.id === result.contactId)).toBe(true);
    for (const id of JANE) expect(customerContact(emu, id)).toBe(result.contactId);
    expect(result.conversationIds.sort()).toEqual([...JANE].sort());
    expect(result.channelSequence).toEqual(['voice', 'webmessaging', 'email', 'voice']);
    expect(calls.total).toBeLessThanOrEqual(JANE.length + 2 + 4);
    expect(result.metrics.apiCalls).toBe(calls.total);
    expect(result.metrics.retries).toBe(0);
    expect(events.filter((e) => e.action === 'conversation_associated')).toHaveLength(4);
    expect(events.find((e) => e.action === 'contacts_merged')).toMatchObject({ outcome: 'ok', ids: { contactId: result.contactId } });
  });

  it('when Wendy\'s web messaging, SMS and WhatsApp conversations are merged, then her two contacts become one within N + k + 4 calls', async () => {
    const ids = [conversationId(3), conversationId(1), conversationId(2)];
    const { result, calls } = await mergeCase(ids, [contactId(1), contactId(3)]);
    expect(result.mergedFromContactIds.sort()).toEqual([contactId(1), contactId(3)].sort());
    for (const id of ids) expect(customerContact(emu, id)).toBe(result.contactId);
    expect(new Set(result.channelSequence)).toEqual(new Set(['webmessaging', 'sms', 'whatsapp']));
    expect(calls.total).toBeLessThanOrEqual(3 + 2 + 4);
  });

  it('when Victor\'s five calls and emails over three contacts are merged, then the unlinked call is associated too, within N + k + 4 calls', async () => {
    const ids = [11, 12, 13, 14, 15].map(conversationId);
    const { result, calls } = await mergeCase(ids, [11, 12, 13].map(contactId));
    expect(result.mergedFromContactIds).toHaveLength(3);
    expect(customerContact(emu, conversationId(15))).toBe(result.contactId);
    expect(calls.total).toBeLessThanOrEqual(5 + 3 + 4);
    expect(calls.byEndpoint[ASSOCIATE_PUT]).toBe(5);
    expect(calls.byEndpoint[MERGE_POST]).toBe(1);
  });

  it('when the conversations already share one merged contact, then nothing is posted or put and the result names that contact', async () => {
    const { result, calls, events } = await mergeCase([C.priyaCall, C.priyaSms, C.priyaEmail], [K.priya]);
    expect(result.contactId).toBe(K.priya);
    expect(result.mergedFromContactIds).toEqual([]);
    expect(calls.byEndpoint[MERGE_POST] ?? 0).toBe(0);
    expect(calls.byEndpoint[ASSOCIATE_PUT] ?? 0).toBe(0);
    expect(events.map((e) => e.action)).toEqual(['merge_skipped', 'merge_confirmed']);
  });

  it('when the one-call entry point is used, then it previews and runs every step', async () => {
    const { merger } = createTestEngine(emu);
    const result = await merger.mergeInteractions([C.carlosWhatsApp, C.carlosSms, C.carlosCall]);
    expect(result.mergedFromContactIds.sort()).toEqual([K.carlosWhatsApp, K.carlosSms, K.carlosCall].sort());
    expect(result.metrics.priorityScore).toBe(result.timeline.priorityScore);
    expect(callsTo(emu, MERGE_POST)).toBe(1);
  });

  it('when the plan is invalid, then no execution begins', async () => {
    const { merger } = createTestEngine(emu);
    const plan = await merger.preview({ conversationIds: [C.tomEmail, C.lindaSms] });
    expect(() => merger.beginExecution(plan)).toThrow(expect.objectContaining({ code: 'plan_invalid', status: 422 }));
    await expect(merger.mergeInteractions([C.tomEmail, C.lindaSms])).rejects.toMatchObject({ code: 'plan_invalid' });
    expect(callsTo(emu, MERGE_POST)).toBe(0);
  });

  it('when a conversation changed between preview and merge, then validate answers plan_changed and nothing is written', async () => {
    const { merger, genesys } = createTestEngine(emu);
    const plan = await validPlan(emu, merger, JANE);
    const email = plan.associations.find((a) => a.conversationId === C.janeEmail)!;
    await genesys.associateConversation({ conversationId: C.janeEmail, communicationId: email.communicationId, mediaType: 'EMAIL', externalContactId: K.janeCallEphemeral });
    const error = await merger.runStep(merger.beginExecution(plan)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'plan_changed', status: 409 });
    expect(engineErrorOutcome(error)).toMatchObject({ kind: 'failed', code: 'plan_changed' });
    expect(callsTo(emu, MERGE_POST)).toBe(0);
  });

  it('when every step has run, then running the finished state again does nothing', async () => {
    const { merger } = createTestEngine(emu);
    const plan = await validPlan(emu, merger, [C.carlosSms, C.carlosCall]);
    const outcomes = await runAll(merger, merger.beginExecution(plan));
    const before = apiCalls(emu).total;
    const again = await merger.runStep(outcomes.at(-1)!.state);
    expect(again).toMatchObject({ done: true, events: [] });
    expect(apiCalls(emu).total).toBe(before);
  });

  it('when a step is given a state of another version, then it is refused', async () => {
    const { merger } = createTestEngine(emu);
    const plan = await validPlan(emu, merger, [C.carlosSms, C.carlosCall]);
    const state = { ...merger.beginExecution(plan), version: 2 } as unknown as ReturnType<typeof merger.beginExecution>;
    await expect(merger.runStep(state)).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('when the session id is not the communication id, then the merge still associates every conversation within 2N + k + 4 calls', async () => {
    const other = await startEngineEmulator({ behaviour: { sessionIdIsCommunicationId: false } });
    try {
      const { merger } = createTestEngine(other, { engine: { sessionIdIsCommunicationId: false } });
      const plan = await validPlan(other, merger, JANE);
      const result = (await runAll(merger, merger.beginExecution(plan))).at(-1)!.state.result!;
      for (const id of JANE) expect(customerContact(other, id)).toBe(result.contactId);
      expect(apiCalls(other).total).toBeLessThanOrEqual(2 * JANE.length + 2 + 4);
    } finally {
      await other.close();
    }
  });

  it('when events are reported, then they carry ids only', async () => {
    const { events } = await mergeCase([C.carlosWhatsApp, C.carlosSms], [K.carlosWhatsApp, K.carlosSms]);
    const text = JSON.stringify(events satisfies EngineEvent[]);
    expect(text).not.toMatch(/\+1305|13055550187|Carlos/);
  });
});
