import platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { sdkError, sdkFor } from '../support/sdk.js';

const C = DEMO_IDS.conversations;

describe('GET /api/v2/conversations/{id} derived from analytics (reference §2.1)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ manualClock: true });
  });
  afterAll(() => emu.close());

  const customerOf = (conversation: platformClient.Models.Conversation) => conversation.participants.find((p) => p.purpose === 'customer')!;
  const analyticsRecord = (id: string) => emu.dataset.conversations.find((c) => c.conversationId === id)!;

  it('§2.1 when an ended call is read, then participants carry purpose, ani/dnis/address, the contact link, and disconnected calls whose ids are the session ids', async () => {
    const conversation = await sdkFor(emu.url, emu.userToken('mergeAgent')).conversations.getConversation(C.janeCall);
    const record = analyticsRecord(C.janeCall);
    expect(conversation.id).toBe(C.janeCall);
    expect(conversation.startTime).toBe(record.conversationStart);
    expect(conversation.endTime).toBe(record.conversationEnd);
    expect(conversation.participants.map((p) => p.purpose)).toEqual(['customer', 'acd', 'agent']);
    const customer = customerOf(conversation);
    expect(customer).toMatchObject({ ani: 'tel:+16175550142', dnis: 'tel:+18005550100', address: 'tel:+16175550142', externalContactId: DEMO_IDS.contacts.jane });
    expect(customer.calls).toHaveLength(1);
    expect(customer.calls![0]).toMatchObject({ id: record.participants[0]!.sessions[0]!.sessionId, state: 'disconnected', direction: 'inbound' });
    expect(conversation.participants[2]!.userId).toBe(DEMO_IDS.users.mergeAgent);
    expect(conversation.divisions?.[0]?.division?.id).toBe(DEMO_IDS.divisions.home);
  });

  it('§2.1 when the active call is read, then it has no end time and its customer and agent calls are connected', async () => {
    const conversation = await sdkFor(emu.url, emu.userToken('mergeAgent')).conversations.getConversation(C.janeActiveCall);
    expect(conversation.endTime).toBeUndefined();
    expect(customerOf(conversation).calls![0]!.state).toBe('connected');
    expect(conversation.participants.find((p) => p.purpose === 'agent')!.calls![0]!.state).toBe('connected');
    expect(conversation.participants.find((p) => p.purpose === 'acd')!.calls![0]!.state).toBe('disconnected');
  });

  it('§2.1 when messaging and email conversations are read, then media land in messages (with type and addresses) and emails (with subject)', async () => {
    const api = sdkFor(emu.url, emu.userToken('mergeAgent')).conversations;
    const whatsapp = customerOf(await api.getConversation(C.carlosWhatsApp)).messages![0]!;
    expect(whatsapp).toMatchObject({ type: 'whatsapp', fromAddress: { addressNormalized: '13055550187' }, toAddress: { addressNormalized: '+18005550122' } });
    const web = customerOf(await api.getConversation(C.janeWebMessage)).messages![0]!;
    expect(web).toMatchObject({ type: 'webmessaging', authenticated: true });
    const email = customerOf(await api.getConversation(C.janeEmail));
    expect(email.emails![0]!.subject).toBe('Follow-up on my order #10442');
    expect(email.address).toBe('Jane.Doe@example.com');
  });

  it('§4 when a purged or unknown conversation is read, then 404 not.found', async () => {
    const api = sdkFor(emu.url, emu.userToken('mergeAgent')).conversations;
    expect(await sdkError(api.getConversation(C.mohammedPurgedCall))).toMatchObject({ status: 404, code: 'not.found' });
    expect(await sdkError(api.getConversation('00000000-0000-4000-8000-000000000000'))).toMatchObject({ status: 404, code: 'not.found' });
  });

  it('§7 when the caller lacks conversation:communication:view, then 403 names the permission', async () => {
    const adminCliToken = await emu.clientToken(DEMO_IDS.clients.adminCli);
    const error = await sdkError<{ status: number; code: string; message: string }>(sdkFor(emu.url, adminCliToken).conversations.getConversation(C.janeCall));
    expect(error).toMatchObject({ status: 403, code: 'missing.any.permissions' });
    expect(error.message).toContain('conversation:communication:view');
  });

  it('§7 divisions: when a user granted only the home division reads an EMEA conversation, then 403 (option outOfDivisionStatus)', async () => {
    const api = sdkFor(emu.url, emu.userToken('viewAgent')).conversations;
    expect(await sdkError(api.getConversation(C.emmaCall))).toMatchObject({ status: 403, code: 'not.authorized' });
    await expect(api.getConversation(C.janeCall)).resolves.toMatchObject({ id: C.janeCall });
  });

  it('§3.6 when sessionIdIsCommunicationId is off, then media ids are stable ids that differ from the session ids', async () => {
    const other = await startTestEmulator({ dataset: emu.dataset, behaviour: { sessionIdIsCommunicationId: false } });
    try {
      const api = sdkFor(other.url, other.userToken('mergeAgent')).conversations;
      const first = customerOf(await api.getConversation(C.janeCall)).calls![0]!.id;
      const again = customerOf(await api.getConversation(C.janeCall)).calls![0]!.id;
      expect(first).not.toBe(analyticsRecord(C.janeCall).participants[0]!.sessions[0]!.sessionId);
      expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(again).toBe(first);
    } finally {
      await other.close();
    }
  });
});
