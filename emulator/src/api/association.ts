import type { AnalyticsMediaType } from '../dataset/index.js';
import { badRequest, notFound, type ApiRoute } from '../http/index.js';
import type { ApiDeps } from './deps.js';
import { communicationIdFor } from './render.js';
import { contactVisible, conversationInDivisions, hiddenEntity } from './visibility.js';

/** `ConversationAssociation.mediaType` (UPPERCASE) → analytics media type (reference §3.6: CALL ↔ voice). */
const MEDIA_TYPES: Record<string, AnalyticsMediaType | null> = {
  CALL: 'voice', CALLBACK: 'callback', CHAT: 'chat', COBROWSE: 'cobrowse', EMAIL: 'email', MESSAGE: 'message',
  INTERNAL_MESSAGE: 'internalmessage', SCREEN_MONITORING: 'screenmonitoring', SOCIAL_EXPRESSION: null,
  VIDEO: 'video', SCREENSHARE: 'screenshare',
};

/**
 * `PUT /api/v2/externalcontacts/conversations/{conversationId}` (reference §3.6): links the
 * customer participant that owns `communicationId` to `externalContactId`, or unlinks it when the
 * property is absent. The conversation API shows the change at once; analytics and journey
 * records after the analytics delay.
 */
export function associationRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    {
      method: 'PUT',
      template: '/api/v2/externalcontacts/conversations/{conversationId}',
      permissions: ['externalContacts:conversation:associate', 'relate:conversation:associate'],
      handle: ({ params, body, principal, now }) => {
        const pathId = params.conversationId!;
        const association = body as Record<string, unknown> | null;
        if (typeof association !== 'object' || association === null || Array.isArray(association)) {
          throw badRequest('The request body must be a ConversationAssociation {conversationId, communicationId, mediaType, externalContactId?}.');
        }
        const { conversationId, communicationId, mediaType, externalContactId } = association;
        if (typeof conversationId !== 'string') throw badRequest('conversationId: is required', 'conversationId');
        if (conversationId !== pathId) throw badRequest(`conversationId: ${conversationId} does not match the path's ${pathId}`, 'conversationId');
        if (typeof communicationId !== 'string' || communicationId === '') throw badRequest('communicationId: is required', 'communicationId');
        if (typeof mediaType !== 'string' || !(mediaType in MEDIA_TYPES)) {
          throw badRequest(`mediaType: must be one of ${Object.keys(MEDIA_TYPES).join(', ')}`, 'mediaType');
        }
        if (externalContactId !== undefined && externalContactId !== null && (typeof externalContactId !== 'string' || externalContactId === '')) {
          throw badRequest('externalContactId: must be a contact id, or absent to disassociate', 'externalContactId');
        }

        const index = deps.conversations.indexOf(pathId);
        if (index === undefined) throw notFound('conversation', pathId);
        const record = deps.conversations.at(index);
        if (!conversationInDivisions(principal, record)) throw hiddenEntity(deps.behaviour, 'conversation', pathId);
        if (typeof externalContactId === 'string') {
          const contact = deps.contacts.get(externalContactId);
          if (!contact) throw notFound('contact', externalContactId);
          if (!contactVisible(principal, contact)) throw hiddenEntity(deps.behaviour, 'contact', externalContactId);
        }

        const owner = record.participants
          .filter((p) => p.purpose === 'customer' || p.purpose === 'external')
          .flatMap((participant) => participant.sessions.map((session) => ({ participant, session })))
          .find(({ session }) => communicationIdFor(session.sessionId, deps.behaviour.sessionIdIsCommunicationId) === communicationId);
        if (!owner) {
          throw badRequest(`communicationId: ${communicationId} is not a customer communication of conversation ${pathId}`, 'communicationId');
        }
        if (MEDIA_TYPES[mediaType] !== owner.session.mediaType) {
          throw badRequest(`mediaType: ${mediaType} does not match the communication's media type (${owner.session.mediaType})`, 'mediaType');
        }
        const delay = deps.faults.settings().analyticsDelayMs ?? deps.behaviour.analyticsDelayMs;
        deps.conversations.associate(index, {
          participantId: owner.participant.participantId,
          externalContactId: typeof externalContactId === 'string' ? externalContactId : null,
          at: now,
          analyticsAt: now + delay,
        });
        return { status: deps.behaviour.associationSuccessStatus };
      },
    },
  ];
}
