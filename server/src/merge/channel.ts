import type { AssociationMediaType, Channel } from './types.js';

const MESSAGE_CHANNELS: Readonly<Record<string, Channel>> = Object.freeze({
  webmessaging: 'webmessaging',
  sms: 'sms',
  whatsapp: 'whatsapp',
});

/**
 * The channel of a session, per the `Channel` doc in types.ts: voice and callback → `voice`;
 * chat → `chat`; email → `email`; message with messageType webmessaging / sms / whatsapp → that
 * name; any other message type → `messaging`. Media types that are not customer channels
 * (video, cobrowse, screenshare, unknown…) also map to `messaging`, the lowest-weighted channel.
 * Case-insensitive.
 */
export function channelOf(mediaType: string | null | undefined, messageType?: string | null): Channel {
  const media = (mediaType ?? '').toLowerCase();
  switch (media) {
    case 'voice':
    case 'callback':
      return 'voice';
    case 'chat':
      return 'chat';
    case 'email':
      return 'email';
    case 'message':
      return MESSAGE_CHANNELS[(messageType ?? '').toLowerCase()] ?? 'messaging';
    default:
      return 'messaging';
  }
}

const TO_ASSOCIATION: Readonly<Record<string, AssociationMediaType>> = Object.freeze({
  voice: 'CALL',
  callback: 'CALLBACK',
  chat: 'CHAT',
  cobrowse: 'COBROWSE',
  email: 'EMAIL',
  message: 'MESSAGE',
  internalmessage: 'INTERNAL_MESSAGE',
  screenmonitoring: 'SCREEN_MONITORING',
  screenshare: 'SCREENSHARE',
  video: 'VIDEO',
});

const FROM_ASSOCIATION: Readonly<Record<AssociationMediaType, string | null>> = Object.freeze({
  CALL: 'voice',
  CALLBACK: 'callback',
  CHAT: 'chat',
  COBROWSE: 'cobrowse',
  EMAIL: 'email',
  MESSAGE: 'message',
  INTERNAL_MESSAGE: 'internalmessage',
  SCREEN_MONITORING: 'screenmonitoring',
  SCREENSHARE: 'screenshare',
  VIDEO: 'video',
  // Social expressions have no analytics media type of their own.
  SOCIAL_EXPRESSION: null,
});

/**
 * Analytics media type (lowercase, `voice`) → the association media type of
 * `PUT /api/v2/externalcontacts/conversations/{id}` (UPPERCASE, `CALL`; reference §3.6).
 * `null` for a media type the association endpoint has no value for (`unknown`).
 */
export function toAssociationMediaType(mediaType: string | null | undefined): AssociationMediaType | null {
  return TO_ASSOCIATION[(mediaType ?? '').toLowerCase()] ?? null;
}

/** Association media type → analytics media type (`CALL` → `voice`); `null` for `SOCIAL_EXPRESSION`. */
export function fromAssociationMediaType(mediaType: AssociationMediaType): string | null {
  return FROM_ASSOCIATION[mediaType] ?? null;
}
