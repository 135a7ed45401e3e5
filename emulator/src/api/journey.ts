import { createHash } from 'node:crypto';
import type { AnalyticsMediaType } from '../dataset/index.js';
import { badRequest, notFound, type ApiRoute } from '../http/index.js';
import { contactSelfUri } from '../state/index.js';
import type { ApiDeps } from './deps.js';
import { contactVisible, conversationInDivisions, hiddenEntity } from './visibility.js';

/** Analytics media type → journey `ConversationChannel.type` (UNCONFIRMED casing). */
const CHANNEL_TYPES: Partial<Record<AnalyticsMediaType, string>> = {
  voice: 'Call', callback: 'Callback', chat: 'Chat', email: 'Email', message: 'Message',
  video: 'Video', cobrowse: 'Cobrowse', screenshare: 'Screenshare',
};

function journeySessionId(conversationId: string): string {
  const hex = createHash('sha1').update(`journey-session:${conversationId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-b${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function decodeCursor(after: unknown): number {
  if (after === undefined || after === '') return 0;
  const offset = Number(Buffer.from(String(after), 'base64url').toString('utf8').replace(/^offset:/, ''));
  if (!Number.isInteger(offset) || offset < 0) throw badRequest('after: is not a cursor this endpoint issued', 'after');
  return offset;
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

/**
 * `GET …/contacts/{contactId}/journey/sessions?pageSize=&after=&includeMerged=` (reference §3.2):
 * one `Session` of type `conversation` per conversation linked to the contact (or, with
 * `includeMerged=true`, to any contact of its merge set), newest first, as analytics sees the
 * links (so associations show after the analytics delay).
 */
export function journeyRoutes(deps: ApiDeps): ApiRoute[] {
  const { conversations, contacts, limits } = deps;
  return [
    {
      method: 'GET',
      template: '/api/v2/externalcontacts/contacts/{contactId}/journey/sessions',
      permissions: ['externalContacts:session:view'],
      handle: ({ params, query, principal, now }) => {
        const contactId = params.contactId!;
        const contact = contacts.get(contactId);
        if (!contact) throw notFound('contact', contactId);
        if (!contactVisible(principal, contact)) throw hiddenEntity(deps.behaviour, 'contact', contactId);
        const pageSize = query.pageSize === undefined ? 25 : Number(query.pageSize);
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > limits.journeyMaxPageSize) {
          throw badRequest(`pageSize: must be an integer from 1 to ${limits.journeyMaxPageSize}`, 'pageSize');
        }
        const offset = decodeCursor(query.after);
        const includeMerged = String(query.includeMerged ?? 'false') === 'true';
        const ids = new Set(includeMerged ? contacts.mergeSetIds(contactId) : [contactId]);

        const candidates = new Set<number>(conversations.associated());
        for (const id of ids) for (const index of conversations.withValue('externalContactId', id)) candidates.add(index);
        const linked: Array<{ index: number; contactId: string }> = [];
        for (const index of candidates) {
          const record = conversations.at(index);
          if (!conversationInDivisions(principal, record)) continue;
          const participant = record.participants.find((p) => {
            const linkedId = conversations.contactOf(index, p, 'analytics', now);
            return linkedId !== undefined && ids.has(linkedId);
          });
          if (participant) linked.push({ index, contactId: conversations.contactOf(index, participant, 'analytics', now)! });
        }
        linked.sort((a, b) => conversations.startMs(b.index) - conversations.startMs(a.index) || a.index - b.index);

        const { serve } = deps.time;
        const entities = linked.slice(offset, offset + pageSize).map(({ index, contactId: linkedId }) => {
          const record = conversations.at(index);
          const customerSessions = record.participants.filter((p) => p.purpose === 'customer').flatMap((p) => p.sessions);
          const channels = new Map<string, { type: string; messageType?: string }>();
          for (const session of customerSessions) {
            const type = CHANNEL_TYPES[session.mediaType];
            if (type) channels.set(`${type}/${session.messageType ?? ''}`, { type, ...(session.messageType ? { messageType: session.messageType } : {}) });
          }
          const lastAgent = [...record.participants].reverse().find((p) => p.userId !== undefined);
          const segments = record.participants.flatMap((p) => p.sessions.flatMap((s) => s.segments));
          const queueId = segments.find((segment) => segment.queueId)?.queueId;
          const id = journeySessionId(record.conversationId);
          const lastInstant = record.conversationEnd ?? record.conversationStart;
          return {
            id,
            type: 'conversation',
            externalContact: { id: linkedId, selfUri: contactSelfUri(linkedId) },
            customerId: linkedId,
            customerIdType: 'externalContactId',
            createdDate: serve(record.conversationStart),
            ...(record.conversationEnd === undefined ? {} : { endedDate: serve(record.conversationEnd) }),
            conversation: { id: record.conversationId, selfUri: `/api/v2/conversations/${record.conversationId}` },
            conversationChannels: [...channels.values()],
            originatingDirection: record.originatingDirection,
            ...(segments.find((s) => s.subject) ? { conversationSubject: segments.find((s) => s.subject)!.subject } : {}),
            ...(lastAgent ? { lastConnectedUser: { id: lastAgent.userId, selfUri: `/api/v2/users/${lastAgent.userId}` } } : {}),
            ...(queueId ? { lastConnectedQueue: { id: queueId, selfUri: `/api/v2/routing/queues/${queueId}` } } : {}),
            authenticated: customerSessions.some((s) => s.authenticated === true),
            divisionIds: record.divisionIds,
            durationInSeconds: record.conversationEnd === undefined
              ? undefined
              : Math.round((Date.parse(record.conversationEnd) - Date.parse(record.conversationStart)) / 1000),
            eventCount: segments.length,
            lastEvent: { id: `${id}:last`, eventName: record.conversationEnd ? 'conversationEnd' : 'conversationStart', createdDate: serve(lastInstant) },
            selfUri: `/api/v2/journey/sessions/${id}`,
          };
        });
        const base = `/api/v2/externalcontacts/contacts/${contactId}/journey/sessions?pageSize=${pageSize}&includeMerged=${includeMerged}`;
        const body: Record<string, unknown> = { entities, selfUri: base };
        if (offset + pageSize < linked.length) body.nextUri = `${base}&after=${encodeCursor(offset + pageSize)}`;
        if (offset > 0) body.previousUri = `${base}&after=${encodeCursor(Math.max(0, offset - pageSize))}`;
        return { status: 200, body };
      },
    },
  ];
}
