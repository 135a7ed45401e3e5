import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveToAnalytics } from '../../server/src/engine/index.js';
import type { Conversation } from '../../server/src/genesys/index.js';
import { createNormalizer, extractConversationIdentifiers } from '../../server/src/merge/index.js';
import type { TestEmulator } from '../support/emulator.js';
import { C, startEngineEmulator } from './support.js';

const normalizer = createNormalizer({ defaultCountry: 'US', emailRules: { stripPlusTags: true, ignoreDotsDomains: [] } });
const customerSide = (conversation: Parameters<typeof extractConversationIdentifiers>[0]) => {
  const ids = extractConversationIdentifiers(conversation, new Map(), normalizer, { contactFields: false });
  return {
    linked: ids.linkedContactIds,
    primary: ids.primarySession && { mediaType: ids.primarySession.mediaType, messageType: ids.primarySession.messageType, address: ids.primarySession.address?.key ?? null },
  };
};

describe('a live conversation read in the analytics shape (analytics not showing it yet)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startEngineEmulator();
  });
  afterAll(() => emu.close());

  for (const [name, id] of Object.entries({ voice: C.janeActiveCall, webmessaging: C.janeWebMessage, email: C.janeEmail, sms: C.carlosSms, whatsapp: C.carlosWhatsApp })) {
    it(`when it is a ${name} conversation, then the customer's address, channel and contact are the ones analytics gives`, () => {
      const live = emu.emulator.liveConversation(id) as unknown as Conversation;
      const converted = liveToAnalytics(live);
      expect(customerSide(converted)).toEqual(customerSide(emu.emulator.conversation(id)!));
      expect(converted.conversationId).toBe(id);
      expect(converted.conversationStart).toBe(emu.emulator.conversation(id)!.conversationStart);
    });
  }

  it('when the conversation is still active, then it has no end and its open media keeps its segments', () => {
    const converted = liveToAnalytics(emu.emulator.liveConversation(C.janeActiveCall) as unknown as Conversation);
    expect(converted.conversationEnd).toBeUndefined();
    const customer = converted.participants!.find((p) => p.purpose === 'customer')!;
    expect(customer.sessions![0]!.segments!.length).toBeGreaterThan(0);
    expect(customer.sessions![0]!.sessionId).toBe(emu.emulator.conversation(C.janeActiveCall)!.participants[0]!.sessions[0]!.sessionId);
  });
});
