import type { AnalyticsMediaType, AnalyticsParticipant, AnalyticsSession } from '../dataset/index.js';
import { notFound, type ApiRoute } from '../http/index.js';
import type { ApiDeps } from './deps.js';
import { communicationIdFor } from './render.js';
import { conversationInDivisions, hiddenEntity } from './visibility.js';

/** Analytics media type → the `Participant` media array that carries it (reference §2.1). */
const MEDIA_ARRAYS: Partial<Record<AnalyticsMediaType, string>> = {
  voice: 'calls', callback: 'callbacks', chat: 'chats', email: 'emails', message: 'messages',
  video: 'videos', cobrowse: 'cobrowsesessions', screenshare: 'screenshares',
};

type Json = Record<string, unknown>;

function stripUndefined(object: Json): Json {
  for (const key of Object.keys(object)) if (object[key] === undefined) delete object[key];
  return object;
}

/**
 * `GET /api/v2/conversations/{id}` derived from the analytics record (reference §2.1): one
 * participant per analytics participant, with purpose, ani/dnis/address and the contact link as
 * the conversation API sees it (associations show at once); one media object per session, whose
 * `id` is the communication id, `connected` while its segment is open in an active conversation.
 */
export function renderLiveConversation(deps: ApiDeps, index: number, now: number): Json {
  const record = deps.conversations.at(index);
  const { serve, serveOptional } = deps.time;
  const active = record.conversationEnd === undefined;

  const media = (participant: AnalyticsParticipant, session: AnalyticsSession): Json => {
    const open = active && session.segments.some((segment) => segment.segmentEnd === undefined);
    const interact = session.segments.find((segment) => segment.segmentType === 'interact');
    const last = session.segments[session.segments.length - 1];
    const object: Json = {
      id: communicationIdFor(session.sessionId, deps.behaviour.sessionIdIsCommunicationId),
      state: open ? 'connected' : 'disconnected',
      initialState: participant.purpose === 'customer' && session.direction === 'inbound' ? 'connected' : 'alerting',
      direction: session.direction,
      provider: session.provider,
      segments: session.segments.map((segment) =>
        stripUndefined({
          startTime: serve(segment.segmentStart),
          endTime: serveOptional(segment.segmentEnd),
          type: segment.segmentType,
          disconnectType: segment.disconnectType,
        }),
      ),
      connectedTime: serveOptional(interact?.segmentStart),
      disconnectedTime: open ? undefined : serveOptional(last?.segmentEnd),
      disconnectType: open ? undefined : last?.disconnectType,
    };
    if (session.mediaType === 'message') {
      object.type = session.messageType;
      if (session.addressFrom !== undefined) object.fromAddress = { addressNormalized: session.addressFrom };
      if (session.addressTo !== undefined) object.toAddress = { addressNormalized: session.addressTo };
      object.authenticated = session.authenticated;
    }
    if (session.mediaType === 'email') object.subject = session.segments.find((segment) => segment.subject)?.subject;
    if (session.mediaType === 'voice') {
      const remote = session.direction === 'inbound' ? session.ani : session.dnis;
      if (remote !== undefined) object.other = { addressNormalized: remote };
    }
    return stripUndefined(object);
  };

  const participants = record.participants.map((participant) => {
    const segments = participant.sessions.flatMap((session) => session.segments);
    const starts = segments.map((segment) => Date.parse(segment.segmentStart));
    const ends = segments.map((segment) => (segment.segmentEnd === undefined ? Number.NaN : Date.parse(segment.segmentEnd)));
    const ended = ends.length > 0 && ends.every((end) => !Number.isNaN(end));
    const first = participant.sessions[0];
    const ani = first?.ani ?? first?.addressFrom;
    const dnis = first?.dnis ?? first?.addressTo;
    const inbound = first?.direction !== 'outbound';
    const isCustomer = participant.purpose === 'customer' || participant.purpose === 'external';
    const queueId = segments.find((segment) => segment.queueId)?.queueId;
    const interact = segments.find((segment) => segment.segmentType === 'interact');
    const object: Json = {
      id: participant.participantId,
      startTime: starts.length > 0 ? serve(new Date(Math.min(...starts)).toISOString()) : undefined,
      endTime: ended ? serve(new Date(Math.max(...ends)).toISOString()) : undefined,
      connectedTime: serveOptional(interact?.segmentStart),
      name: participant.participantName,
      userId: participant.userId,
      externalContactId: deps.conversations.contactOf(index, participant, 'live', now),
      externalOrganizationId: participant.externalOrganizationId,
      queueId,
      purpose: participant.purpose,
      address: isCustomer === inbound ? ani : dnis,
      ani,
      dnis,
    };
    for (const session of participant.sessions) {
      const array = MEDIA_ARRAYS[session.mediaType];
      if (!array) continue;
      const list = (object[array] as Json[] | undefined) ?? [];
      list.push(media(participant, session));
      object[array] = list;
    }
    return stripUndefined(object);
  });

  const customerSession = record.participants.find((p) => p.purpose === 'customer')?.sessions[0];
  const address = customerSession
    ? customerSession.direction === 'inbound'
      ? (customerSession.dnis ?? customerSession.addressTo)
      : (customerSession.ani ?? customerSession.addressFrom)
    : undefined;
  return stripUndefined({
    id: record.conversationId,
    startTime: serve(record.conversationStart),
    endTime: serveOptional(record.conversationEnd),
    address,
    externalTag: record.externalTag,
    participants,
    recordingState: 'NONE',
    divisions: record.divisionIds.map((divisionId) => ({
      division: { id: divisionId, selfUri: `/api/v2/authorization/divisions/${divisionId}` },
      entities: [{ id: record.conversationId }],
    })),
    selfUri: `/api/v2/conversations/${record.conversationId}`,
  });
}

/** The conversation API route (reference §2.1; permission §7). */
export function conversationRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    {
      method: 'GET',
      template: '/api/v2/conversations/{conversationId}',
      permissions: ['conversation:communication:view'],
      handle: ({ params, principal, now }) => {
        const id = params.conversationId!;
        const index = deps.conversations.indexOf(id);
        if (index === undefined) throw notFound('conversation', id);
        if (!conversationInDivisions(principal, deps.conversations.at(index))) throw hiddenEntity(deps.behaviour, 'conversation', id);
        return { status: 200, body: renderLiveConversation(deps, index, now) };
      },
    },
  ];
}
