import type { Conversation } from '../genesys/index.js';
import type { ConversationInput, ParticipantInput, SessionInput } from '../merge/index.js';

type LiveParticipant = NonNullable<Conversation['participants']>[number];
interface LiveMedia {
  id?: string;
  direction?: string;
  type?: string;
  segments?: Array<{ startTime?: string; endTime?: string; type?: string }>;
  fromAddress?: { addressNormalized?: string; addressRaw?: string };
  toAddress?: { addressNormalized?: string; addressRaw?: string };
  self?: { addressNormalized?: string };
  other?: { addressNormalized?: string };
}

const MEDIA_ARRAYS = [
  ['calls', 'voice'],
  ['callbacks', 'callback'],
  ['chats', 'chat'],
  ['emails', 'email'],
  ['messages', 'message'],
] as const;

/**
 * The analytics shape of a live conversation (`GET /api/v2/conversations/{id}`, reference §2.1),
 * for a conversation analytics does not show yet (its details records are eventually consistent,
 * §2.2): participants with purpose, name and linked contact; one session per media object, its
 * id the communication id, with the customer's addresses (`ani`/`dnis` for calls, `from`/`to`
 * addresses for messages, the participant's address for email and chat) and the media's segments.
 */
export function liveToAnalytics(conversation: Conversation): ConversationInput {
  const participants: ParticipantInput[] = (conversation.participants ?? []).map((participant) => ({
    ...(participant.id ? { participantId: participant.id } : {}),
    ...(participant.name ? { participantName: participant.name } : {}),
    ...(participant.purpose ? { purpose: participant.purpose } : {}),
    ...(participant.userId ? { userId: participant.userId } : {}),
    ...(participant.externalContactId ? { externalContactId: participant.externalContactId } : {}),
    sessions: sessionsOf(participant),
  }));
  return {
    ...(conversation.id ? { conversationId: conversation.id } : {}),
    ...(conversation.startTime ? { conversationStart: conversation.startTime } : {}),
    ...(conversation.endTime ? { conversationEnd: conversation.endTime } : {}),
    divisionIds: (conversation.divisions ?? []).map((d) => d.division?.id).filter((id): id is string => !!id),
    participants,
  };
}

function sessionsOf(participant: LiveParticipant): SessionInput[] {
  const sessions: SessionInput[] = [];
  const record = participant as unknown as Record<string, LiveMedia[] | undefined>;
  for (const [array, mediaType] of MEDIA_ARRAYS) {
    for (const media of record[array] ?? []) {
      const session: SessionInput = {
        ...(media.id ? { sessionId: media.id } : {}),
        mediaType,
        ...(media.direction ? { direction: media.direction } : {}),
        segments: (media.segments ?? []).map((segment) => ({
          ...(segment.startTime ? { segmentStart: segment.startTime } : {}),
          ...(segment.endTime ? { segmentEnd: segment.endTime } : {}),
          ...(segment.type ? { segmentType: segment.type.toLowerCase() } : {}),
        })),
      };
      if (mediaType === 'voice' || mediaType === 'callback') {
        if (participant.ani) session.ani = participant.ani;
        if (participant.dnis) session.dnis = participant.dnis;
      } else if (mediaType === 'message') {
        if (media.type) session.messageType = media.type;
        const from = media.fromAddress?.addressNormalized ?? media.fromAddress?.addressRaw;
        const to = media.toAddress?.addressNormalized ?? media.toAddress?.addressRaw;
        if (from) session.addressFrom = from;
        if (to) session.addressTo = to;
      } else if (participant.address) {
        if (media.direction === 'outbound') session.addressTo = participant.address;
        else session.addressFrom = participant.address;
      }
      sessions.push(session);
    }
  }
  return sessions;
}

/**
 * The communication id of a conversation's customer media for an association: the media object
 * of the customer participant (`participantId` when known) of this analytics media type.
 */
export function liveCommunicationId(conversation: Conversation, participantId: string | undefined, mediaType: string): string | null {
  const array = MEDIA_ARRAYS.find(([, type]) => type === mediaType)?.[0];
  if (!array) return null;
  const customers = (conversation.participants ?? []).filter((p) => p.purpose === 'customer' || p.purpose === 'external');
  const ordered = [...customers.filter((p) => participantId && p.id === participantId), ...customers.filter((p) => !participantId || p.id !== participantId)];
  for (const participant of ordered) {
    const media = (participant as unknown as Record<string, LiveMedia[] | undefined>)[array] ?? [];
    const id = media.find((m) => m.id)?.id;
    if (id) return id;
  }
  return null;
}
