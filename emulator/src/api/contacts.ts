import type { ContactIdentifierType, ExternalContact } from '../dataset/index.js';
import { badRequest, notFound, type ApiRoute } from '../http/index.js';
import type { ApiDeps } from './deps.js';
import { parseExpand, renderContact } from './render.js';
import { contactVisible, hiddenEntity } from './visibility.js';

const IDENTIFIER_TYPES = new Set<ContactIdentifierType>([
  'SocialLine', 'SocialFacebook', 'SocialTwitter', 'SocialWhatsapp', 'SocialInstagram', 'AppleOpaqueId',
  'Email', 'Phone', 'Cookie', 'ExternalId',
]);

/** Contact reads: GET (resolved), `/unresolved` and identifier lookup (reference §3.2; permissions §3.7). */
export function contactRoutes(deps: ApiDeps): ApiRoute[] {
  const { contacts, behaviour } = deps;
  const visibleOrThrow = (contact: ExternalContact, principal: Parameters<typeof contactVisible>[0], id: string) => {
    if (!contactVisible(principal, contact)) throw hiddenEntity(behaviour, 'contact', id);
  };
  return [
    {
      method: 'GET',
      template: '/api/v2/externalcontacts/contacts/{contactId}',
      permissions: ['externalContacts:contact:view', 'relate:contact:view'],
      handle: ({ params, query, principal }) => {
        const id = params.contactId!;
        const stored = contacts.get(id);
        if (!stored) throw notFound('contact', id);
        // Reference §3.2 (UNCONFIRMED): a merged-away id presumably answers with the canonical contact.
        const contact = stored.mergedTo && behaviour.mergedContactGet === 'canonical' ? (contacts.canonicalOf(id) ?? stored) : stored;
        visibleOrThrow(contact, principal, id);
        return { status: 200, body: renderContact(deps, contact, parseExpand(query)) };
      },
    },
    {
      method: 'GET',
      template: '/api/v2/externalcontacts/contacts/{contactId}/unresolved',
      permissions: ['externalContacts:contact:view'],
      handle: ({ params, query, principal }) => {
        const id = params.contactId!;
        const contact = contacts.get(id);
        if (!contact) throw notFound('contact', id);
        visibleOrThrow(contact, principal, id);
        return { status: 200, body: renderContact(deps, contact, parseExpand(query)) };
      },
    },
    {
      method: 'POST',
      template: '/api/v2/externalcontacts/identifierlookup/contacts',
      permissions: ['externalContacts:contact:view'],
      handle: ({ body, query, principal }) => {
        const identifier = body as { type?: unknown; value?: unknown } | null;
        if (typeof identifier !== 'object' || identifier === null) throw badRequest('The request body must be a ContactIdentifier {type, value}.');
        if (typeof identifier.type !== 'string' || !IDENTIFIER_TYPES.has(identifier.type as ContactIdentifierType)) {
          throw badRequest(`type: must be one of ${[...IDENTIFIER_TYPES].join(', ')}`, 'type');
        }
        if (typeof identifier.value !== 'string' || identifier.value.trim() === '') throw badRequest('value: is required', 'value');
        const type = identifier.type as ContactIdentifierType;
        if ((type === 'Phone' || type === 'SocialWhatsapp') && !/^\+[\d\s().-]{6,}$/.test(identifier.value.trim())) {
          // Reference §3.2: "Phones must be +countrycode…".
          throw badRequest('value: a phone identifier must be in international format with a leading + (e.g. +1 704 298 4733)', 'value');
        }
        const found = new Map<string, ExternalContact>();
        for (const hit of contacts.lookup(type, identifier.value)) {
          const canonical = contacts.canonicalOf(hit.id) ?? hit;
          if (contactVisible(principal, canonical)) found.set(canonical.id, canonical);
        }
        const best = [...found.values()].sort((a, b) => Date.parse(b.modifyDate) - Date.parse(a.modifyDate))[0];
        if (!best) {
          if (behaviour.identifierLookupMiss === 'noContent') return { status: 204 };
          throw notFound('contact with identifier', `${type}:${identifier.value}`);
        }
        return { status: 200, body: renderContact(deps, best, parseExpand(query)) };
      },
    },
  ];
}
