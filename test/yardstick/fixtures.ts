import type { AnalyticsConversation, AnalyticsSession, MessageType } from '../../emulator/src/dataset/types.js';

export interface HandMade {
  id: string;
  /** Days after 2026-01-01. */
  day?: number;
  channel?: 'voice' | 'email' | 'sms' | 'whatsapp' | 'webmessaging' | 'chat' | 'line' | 'callback';
  direction?: 'inbound' | 'outbound';
  ani?: string;
  dnis?: string;
  addressFrom?: string;
  addressTo?: string;
  contactId?: string;
  active?: boolean;
}

/** A minimal analytics conversation: a customer (or external) participant with one session, and an agent. */
export function conversation(spec: HandMade): AnalyticsConversation {
  const start = new Date(Date.UTC(2026, 0, 1) + (spec.day ?? 0) * 86_400_000).toISOString();
  const end = new Date(Date.parse(start) + 600_000).toISOString();
  const channel = spec.channel ?? 'voice';
  const direction = spec.direction ?? 'inbound';
  const media: Pick<AnalyticsSession, 'mediaType' | 'messageType'> =
    channel === 'voice' || channel === 'email' || channel === 'chat' || channel === 'callback'
      ? { mediaType: channel }
      : { mediaType: 'message', messageType: channel as MessageType };
  const addresses = {
    ...(spec.ani ? { ani: spec.ani } : {}),
    ...(spec.dnis ? { dnis: spec.dnis } : {}),
    ...(spec.addressFrom ? { addressFrom: spec.addressFrom } : {}),
    ...(spec.addressTo ? { addressTo: spec.addressTo } : {}),
  };
  return {
    conversationId: spec.id,
    conversationStart: start,
    ...(spec.active ? {} : { conversationEnd: end }),
    originatingDirection: direction,
    divisionIds: ['d'],
    participants: [
      {
        participantId: `${spec.id}-c`,
        purpose: direction === 'outbound' ? 'external' : 'customer',
        ...(spec.contactId ? { externalContactId: spec.contactId } : {}),
        sessions: [{ sessionId: `${spec.id}-s`, ...media, direction, ...addresses, segments: [{ segmentStart: start, segmentEnd: end, segmentType: 'interact' }] }],
      },
      {
        participantId: `${spec.id}-a`,
        purpose: 'agent',
        userId: 'agent',
        sessions: [{
          sessionId: `${spec.id}-as`, ...media, direction,
          // The agent's side carries the org's addresses; the baseline must not use them.
          addressFrom: 'support@org.example', ani: 'tel:+15550000000',
          segments: [{ segmentStart: start, segmentEnd: end, segmentType: 'interact' }],
        }],
      },
    ],
  };
}
