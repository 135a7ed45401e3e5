import type { AnalyticsConversation, AnalyticsParticipant } from '../../emulator/src/dataset/types.js';
import type { Channel } from '../../server/src/merge/types.js';

const MESSAGE_CHANNELS: Readonly<Record<string, Channel>> = Object.freeze({ webmessaging: 'webmessaging', sms: 'sms', whatsapp: 'whatsapp' });

/** The purposes of the party the contact centre talks to (`external` on outbound interactions). */
const CUSTOMER_PURPOSES: ReadonlySet<string> = new Set(['customer', 'external']);

/** The customer-side participants of a conversation (purpose `customer` or `external`). */
export function customerParticipants(conversation: AnalyticsConversation): AnalyticsParticipant[] {
  return conversation.participants.filter((p) => CUSTOMER_PURPOSES.has(p.purpose));
}

/** Channel of a media type / message type pair, by the rule documented on `Channel` (server/src/merge/types.ts). */
export function channelOfMedia(mediaType: string, messageType?: string): Channel {
  if (mediaType === 'voice' || mediaType === 'callback') return 'voice';
  if (mediaType === 'chat') return 'chat';
  if (mediaType === 'email') return 'email';
  return MESSAGE_CHANNELS[messageType ?? ''] ?? 'messaging';
}

/**
 * The channel of a conversation: that of the customer's first session (else the first session
 * of any participant); `messaging` when the record has no session at all.
 */
export function channelOfConversation(conversation: AnalyticsConversation): Channel {
  const session = customerParticipants(conversation)[0]?.sessions[0]
    ?? conversation.participants.find((p) => p.sessions.length > 0)?.sessions[0];
  return session ? channelOfMedia(session.mediaType, session.messageType) : 'messaging';
}

/** The unordered channel pair key, channels sorted: `email↔voice`, `voice↔voice`. */
export function channelPairKey(a: Channel, b: Channel): string {
  return a <= b ? `${a}↔${b}` : `${b}↔${a}`;
}
