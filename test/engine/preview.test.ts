import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ValidationProblem } from '../../server/src/merge/index.js';
import type { TestEmulator } from '../support/emulator.js';
import { apiCalls, C, createTestEngine, K, resetEmulator, startEngineEmulator } from './support.js';

const JANE = [C.janeActiveCall, C.janeCall, C.janeWebMessage, C.janeEmail];
const problem = (problems: ValidationProblem[], code: string, conversationId: string | null) =>
  problems.find((p) => p.code === code && p.conversationId === conversationId);

describe('preview on the demo org', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startEngineEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(() => resetEmulator(emu));

  it('when Jane\'s call, web message, email and current call are previewed, then the plan merges her two contacts and re-points all four conversations', async () => {
    const { merger } = createTestEngine(emu);
    const plan = await merger.preview({ conversationIds: JANE });
    expect(plan.valid).toBe(true);
    expect(plan.problems).toEqual([]);
    expect(plan.mergeRequired).toBe(true);
    expect(plan.contacts.map((c) => c.id).sort()).toEqual([K.jane, K.janeCallEphemeral].sort());
    expect(plan.associations.map((a) => [a.conversationId, a.mediaType]).sort()).toEqual(
      [[C.janeActiveCall, 'CALL'], [C.janeCall, 'CALL'], [C.janeWebMessage, 'MESSAGE'], [C.janeEmail, 'EMAIL']].sort(),
    );
    expect(plan.valueOverride).toMatchObject({ firstName: 'Jane', lastName: 'Doe', personalEmail: 'jane.doe@example.com' });
    expect(plan.timeline?.channelSequence).toEqual(['voice', 'webmessaging', 'email', 'voice']);
    expect(plan.anchorConversationId).toBe(C.janeActiveCall);
    // N + k + 4: the batch GET and 2 contact GETs, the merge, 4 PUTs, then the contact and batch GET.
    expect(plan.apiCalls).toHaveLength(4 + 2 + 4);
    expect(plan.planHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when the same selection is previewed twice in another order, then the plan hash is the same', async () => {
    const { merger } = createTestEngine(emu);
    const first = await merger.preview({ conversationIds: JANE });
    const second = await merger.preview({ conversationIds: [...JANE].reverse(), anchorConversationId: C.janeActiveCall });
    expect(second.planHash).toBe(first.planHash);
  });

  it('when a conversation is re-associated after the preview, then the plan hash changes', async () => {
    const { merger, genesys } = createTestEngine(emu);
    const before = await merger.preview({ conversationIds: JANE });
    const email = before.associations.find((a) => a.conversationId === C.janeEmail)!;
    await genesys.associateConversation({ conversationId: C.janeEmail, communicationId: email.communicationId, mediaType: 'EMAIL', externalContactId: K.janeCallEphemeral });
    const after = await merger.preview({ conversationIds: JANE });
    expect(after.planHash).not.toBe(before.planHash);
  });

  it('when a previewed selection is read, then the preview costs one batch GET and one GET per linked contact', async () => {
    const { merger } = createTestEngine(emu);
    await merger.preview({ conversationIds: JANE });
    expect(apiCalls(emu)).toEqual({
      total: 3,
      byEndpoint: { 'GET /api/v2/analytics/conversations/details': 1, 'GET /api/v2/externalcontacts/contacts/{contactId}': 2 },
    });
  });

  it('when a conversation is older than the org\'s analytics retention, then it is rejected with the retention and its age', async () => {
    const { merger } = createTestEngine(emu);
    const plan = await merger.preview({ conversationIds: [C.mohammedEmail, C.mohammedOldCall] });
    expect(plan.valid).toBe(false);
    const expired = problem(plan.problems, 'retention_expired', C.mohammedOldCall);
    expect(expired).toMatchObject({ severity: 'error', params: { retentionDays: 180 } });
    expect(Number(expired!.params.ageDays)).toBeGreaterThan(180);
  });

  it('when a conversation was purged, then it is rejected as not found', async () => {
    const { merger } = createTestEngine(emu);
    const plan = await merger.preview({ conversationIds: [C.mohammedEmail, C.mohammedPurgedCall] });
    expect(plan.valid).toBe(false);
    expect(problem(plan.problems, 'not_found', C.mohammedPurgedCall)).toMatchObject({ severity: 'error' });
  });

  it('when Tom\'s email and Linda\'s SMS are selected together, then continuity blocks the merge naming the conflicting pair', async () => {
    const { merger } = createTestEngine(emu);
    const plan = await merger.preview({ conversationIds: [C.tomEmail, C.lindaSms] });
    expect(plan.valid).toBe(false);
    expect(problem(plan.problems, 'continuity_conflict', C.lindaSms)).toMatchObject({ severity: 'error', params: { conflictsWith: C.tomEmail } });
  });

  it('when active conversations are not allowed, then Jane\'s current call is rejected as active', async () => {
    const { merger } = createTestEngine(emu, { settings: { allowActiveConversations: false } });
    const plan = await merger.preview({ conversationIds: JANE });
    expect(problem(plan.problems, 'conversation_active', C.janeActiveCall)).toMatchObject({ severity: 'error' });
  });

  it('when Priya\'s conversations already share one merged contact, then no merge and no association is planned', async () => {
    const { merger } = createTestEngine(emu);
    const plan = await merger.preview({ conversationIds: [C.priyaCall, C.priyaSms, C.priyaEmail] });
    expect(plan).toMatchObject({ valid: true, mergeRequired: false, associations: [] });
    expect(plan.contacts.map((c) => c.id)).toEqual([K.priya]);
  });

  it('when the selection is empty or names a malformed id, then it is refused naming the field', async () => {
    const { merger } = createTestEngine(emu);
    await expect(merger.preview({ conversationIds: [] })).rejects.toMatchObject({ code: 'invalid_selection', status: 400, details: { field: 'conversationIds' } });
    await expect(merger.preview({ conversationIds: [C.janeCall, 'a/../b'] })).rejects.toMatchObject({ details: { field: 'conversationIds[1]' } });
    expect(apiCalls(emu).total).toBe(0);
  });
});

describe('preview when the analytics session id is not the communication id', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startEngineEmulator({ behaviour: { sessionIdIsCommunicationId: false } });
  });
  afterAll(() => emu.close());
  beforeEach(() => resetEmulator(emu));

  it('then each association carries the media id read from the live conversation, and the plan lists those reads', async () => {
    const { merger, genesys } = createTestEngine(emu, { engine: { sessionIdIsCommunicationId: false } });
    const plan = await merger.preview({ conversationIds: JANE });
    const live = await genesys.getConversation(C.janeEmail);
    const media = live.participants!.find((p) => p.purpose === 'customer')!.emails![0]!.id;
    expect(plan.associations.find((a) => a.conversationId === C.janeEmail)?.communicationId).toBe(media);
    expect(media).not.toBe(emu.emulator.conversation(C.janeEmail)!.participants[0]!.sessions[0]!.sessionId);
    expect(plan.apiCalls.filter((c) => c.purpose === 'communication_id')).toHaveLength(4);
  });
});
