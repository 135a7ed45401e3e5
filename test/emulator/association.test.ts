import platformClient from 'purecloud-platform-client-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { sdkError, sdkFor, type SdkApis } from '../support/sdk.js';

const C = DEMO_IDS.conversations;
const K = DEMO_IDS.contacts;
const DELAY_MS = 5_000;
/** The last 31 days before the demo's referenceTime. */
const RECENT = '2026-10-20T15:00:00.000Z/2026-11-20T15:00:00.000Z';

describe('association and journey (reference §3.6, §3.2)', () => {
  let emu: TestEmulator;
  let backend: SdkApis;
  beforeAll(async () => {
    emu = await startTestEmulator({ manualClock: true, behaviour: { analyticsDelayMs: DELAY_MS } });
    backend = sdkFor(emu.url, await emu.clientToken());
  });
  afterEach(() => emu.emulator.reset());
  afterAll(() => emu.close());

  const customerSessionId = (conversationId: string) =>
    emu.dataset.conversations.find((c) => c.conversationId === conversationId)!.participants.find((p) => p.purpose === 'customer')!.sessions[0]!.sessionId;
  const associate = (conversationId: string, body: Partial<platformClient.Models.ConversationAssociation>, api = backend) =>
    api.externalContacts.putExternalcontactsConversation(conversationId, {
      conversationId, communicationId: customerSessionId(conversationId), mediaType: 'CALL', ...body,
    } as platformClient.Models.ConversationAssociation);
  const liveContact = async (conversationId: string) =>
    (await backend.conversations.getConversation(conversationId)).participants.find((p) => p.purpose === 'customer')!.externalContactId;
  const analyticsContact = async (conversationId: string) =>
    (await backend.analytics.getAnalyticsConversationDetails(conversationId)).participants!.find((p) => p.purpose === 'customer')!.externalContactId;
  const journeyIds = async (contactId: string, includeMerged = false) =>
    ((await backend.externalContacts.getExternalcontactsContactJourneySessions(contactId, { includeMerged })).entities ?? []).map((s) => s.conversation?.id);

  it('§3.6 when a conversation is associated, then it answers 202 and the conversation API shows the contact at once', async () => {
    const response = await fetch(`${emu.url}/api/v2/externalcontacts/conversations/${C.janeActiveCall}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await emu.clientToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: C.janeActiveCall, communicationId: customerSessionId(C.janeActiveCall), mediaType: 'CALL', externalContactId: K.jane }),
    });
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');
    expect(await liveContact(C.janeActiveCall)).toBe(K.jane);
  });

  it('§3.6 + §2.2 when a conversation is associated, then analytics and journey records show it only after the analytics delay', async () => {
    await associate(C.janeActiveCall, { externalContactId: K.jane });
    expect(await analyticsContact(C.janeActiveCall)).toBe(K.janeCallEphemeral);
    expect(await journeyIds(K.jane)).toEqual([C.janeEmail, C.janeWebMessage, C.janeCall]);
    const query = { interval: RECENT, segmentFilters: [{ type: 'and', predicates: [{ dimension: 'externalContactId', value: K.jane }] }] } as platformClient.Models.ConversationQuery;
    expect((await backend.analytics.postAnalyticsConversationsDetailsQuery(query)).conversations?.map((c) => c.conversationId)).toEqual([C.janeWebMessage, C.janeEmail]);

    emu.manualClock!.advance(DELAY_MS);
    expect(await analyticsContact(C.janeActiveCall)).toBe(K.jane);
    expect(await journeyIds(K.jane)).toEqual([C.janeActiveCall, C.janeEmail, C.janeWebMessage, C.janeCall]);
    expect((await backend.analytics.postAnalyticsConversationsDetailsQuery(query)).conversations?.map((c) => c.conversationId)).toEqual([C.janeWebMessage, C.janeEmail, C.janeActiveCall]);
    expect(await journeyIds(K.janeCallEphemeral)).toEqual([]);
  });

  it('§3.6 when externalContactId is omitted, then the conversation is disassociated', async () => {
    await associate(C.tomLandlineCall, {});
    expect(await liveContact(C.tomLandlineCall)).toBeUndefined();
    emu.manualClock!.advance(DELAY_MS);
    expect(await analyticsContact(C.tomLandlineCall)).toBeUndefined();
  });

  it('faults: when analyticsDelayMs is set as a fault, then it overrides the option for new associations', async () => {
    emu.emulator.setFaults({ analyticsDelayMs: 0 });
    await associate(C.landlineCallUnlinked, { externalContactId: K.tom });
    expect(await analyticsContact(C.landlineCallUnlinked)).toBe(K.tom);
  });

  it('§3.6 the product\'s flow: when contacts merge and every conversation is associated to the new contact, then one query and one journey find them all', async () => {
    const merged = await backend.externalContacts.postExternalcontactsContactsMerge({ contactIds: [K.jane, K.janeCallEphemeral] });
    const media: Record<string, string> = { [C.janeCall]: 'CALL', [C.janeWebMessage]: 'MESSAGE', [C.janeEmail]: 'EMAIL', [C.janeActiveCall]: 'CALL' };
    for (const [conversationId, mediaType] of Object.entries(media)) {
      await associate(conversationId, { externalContactId: merged.id!, mediaType });
    }
    emu.manualClock!.advance(DELAY_MS);
    const query = { interval: RECENT, segmentFilters: [{ type: 'and', predicates: [{ dimension: 'externalContactId', value: merged.id! }] }] } as platformClient.Models.ConversationQuery;
    expect((await backend.analytics.postAnalyticsConversationsDetailsQuery(query)).totalHits).toBe(3);
    expect(await journeyIds(merged.id!)).toEqual([C.janeActiveCall, C.janeEmail, C.janeWebMessage, C.janeCall]);
  });

  it('§3.6 validation: when conversationId, communicationId or mediaType is wrong, then 400 names the field and nothing changes', async () => {
    const cases: Array<[Partial<platformClient.Models.ConversationAssociation>, string]> = [
      [{ conversationId: C.janeCall }, 'conversationId'],
      [{ communicationId: 'not-a-communication' }, 'communicationId'],
      [{ mediaType: 'MESSAGE' }, 'mediaType'],
      [{ mediaType: 'call' }, 'mediaType'],
    ];
    for (const [override, field] of cases) {
      const error = await sdkError<{ status: number; message: string }>(associate(C.tomLandlineCall, { externalContactId: K.linda, ...override }));
      expect(error.status).toBe(400);
      expect(error.message).toContain(field);
    }
    const agentSession = emu.dataset.conversations.find((c) => c.conversationId === C.tomLandlineCall)!.participants.find((p) => p.purpose === 'agent')!.sessions[0]!.sessionId;
    expect(await sdkError(associate(C.tomLandlineCall, { externalContactId: K.linda, communicationId: agentSession }))).toMatchObject({ status: 400 });
    expect(await liveContact(C.tomLandlineCall)).toBe(K.tom);
  });

  it('§3.6 when the conversation is purged or unknown, or the contact unknown, then 404', async () => {
    expect(await sdkError(associate(C.mohammedPurgedCall, { externalContactId: K.mohammed }))).toMatchObject({ status: 404 });
    expect(await sdkError(associate(C.tomLandlineCall, { externalContactId: 'no-such-contact' }))).toMatchObject({ status: 404, entityId: 'no-such-contact' });
  });

  it('§7 when the caller lacks both association permissions, then 403 names them', async () => {
    const error = await sdkError<{ status: number; message: string }>(associate(C.tomLandlineCall, { externalContactId: K.tom }, sdkFor(emu.url, emu.userToken('viewAgent'))));
    expect(error.status).toBe(403);
    expect(error.message).toContain('externalContacts:conversation:associate');
    expect(error.message).toContain('relate:conversation:associate');
  });

  it('§3.2 journey sessions: when includeMerged=true on a merged contact, then every member\'s conversations come back, newest first', async () => {
    expect(await journeyIds(K.priya)).toEqual([C.priyaCall]);
    expect(await journeyIds(K.priya, true)).toEqual([C.priyaCall, C.priyaSms, C.priyaEmail]);
  });

  it('§3.2 journey sessions: when read, then each session is a conversation session with channels, dates and the linked contact', async () => {
    const listing = await backend.externalContacts.getExternalcontactsContactJourneySessions(K.linda);
    const whatsapp = listing.entities!.find((s) => s.conversation?.id === C.lindaWhatsApp)!;
    const record = emu.dataset.conversations.find((c) => c.conversationId === C.lindaWhatsApp)!;
    expect(whatsapp).toMatchObject({
      type: 'conversation',
      externalContact: { id: K.linda },
      createdDate: record.conversationStart,
      endedDate: record.conversationEnd,
      conversationChannels: [{ type: 'Message', messageType: 'whatsapp' }],
      originatingDirection: 'inbound',
      divisionIds: [DEMO_IDS.divisions.home],
    });
  });

  it('§3.2 journey sessions: when pageSize is 2, then nextUri pages through with an after cursor; pageSize 201 is refused', async () => {
    const first = await backend.externalContacts.getExternalcontactsContactJourneySessions(K.linda, { pageSize: '2' });
    expect(first.entities).toHaveLength(2);
    const after = new URL(first.nextUri!, emu.url).searchParams.get('after')!;
    const second = await backend.externalContacts.getExternalcontactsContactJourneySessions(K.linda, { pageSize: '2', after });
    expect(second.entities?.map((s) => s.conversation?.id)).toEqual([C.lindaLandlineCall]);
    expect(second.nextUri).toBeUndefined();
    expect(await sdkError(backend.externalContacts.getExternalcontactsContactJourneySessions(K.linda, { pageSize: '201' }))).toMatchObject({ status: 400 });
  });

  it('§7 journey sessions: when the merge agent (no externalContacts:session:view) asks, then 403', async () => {
    expect(await sdkError(sdkFor(emu.url, emu.userToken('mergeAgent')).externalContacts.getExternalcontactsContactJourneySessions(K.linda))).toMatchObject({ status: 403 });
  });
});
