import type { ContactIdentifierType, ExternalContact } from '../dataset/index.js';
import { badRequest, notFound, type ApiRoute } from '../http/index.js';
import type { ApiDeps } from './deps.js';
import { parseExpand, renderContact } from './render.js';
import { contactVisible, hiddenEntity } from './visibility.js';

const IDENTIFIER_TYPES = new Set<ContactIdentifierType>([
  'SocialLine', 'SocialFacebook', 'SocialTwitter', 'SocialWhatsapp', 'SocialInstagram', 'AppleOpaqueId',
  'Email', 'Phone', 'Cookie', 'ExternalId',
]);

/** Keyword search paging (reference §3.2): pageSize defaults to 20; pageNumber × pageSize ≤ 1000. */
const SEARCH_DEFAULT_PAGE_SIZE = 20;
const SEARCH_MAX_PAGE_SIZE = 100;
const SEARCH_MAX_RESULTS = 1000;
const MAX_DIVISION_IDS = 50;
const PHONE_KEYWORD = /^[+\d().\-]+$/;

const PHONE_FIELDS = ['cellPhone', 'homePhone', 'workPhone', 'otherPhone'] as const;

/** The digits of every written form of every phone of a contact (fields, WhatsApp, Phone identifiers). */
function phoneDigits(contact: ExternalContact): string[] {
  const out: string[] = [];
  const phones = [...PHONE_FIELDS.map((f) => contact[f]), contact.whatsAppId?.phoneNumber];
  for (const phone of phones) {
    for (const written of [phone?.e164, phone?.display, phone?.userInput]) if (written) out.push(written.replace(/\D/g, ''));
  }
  for (const identifier of contact.identifiers ?? []) {
    if (identifier.type === 'Phone' || identifier.type === 'SocialWhatsapp') out.push(identifier.value.replace(/\D/g, ''));
  }
  return out.filter((digits) => digits.length > 0);
}

/** Lower-case text values a keyword may begin: names (each word too), title, emails, email identifiers. */
function textValues(contact: ExternalContact): string[] {
  const out: string[] = [];
  for (const value of [contact.firstName, contact.middleName, contact.lastName, contact.title]) {
    if (!value) continue;
    const lower = value.toLowerCase();
    out.push(lower, ...lower.split(/\s+/).filter((w) => w.length > 0));
  }
  for (const email of [contact.personalEmail, contact.workEmail, contact.otherEmail]) if (email) out.push(email.toLowerCase());
  for (const identifier of contact.identifiers ?? []) if (identifier.type === 'Email') out.push(identifier.value.toLowerCase());
  return out;
}

/**
 * Whether a contact matches every keyword of `q`. The platform documents the search only as
 * "keywords" (reference §3.2); how it tokenises is UNCONFIRMED, so the emulator takes a plain
 * reading: each whitespace-separated keyword, case-insensitive, must begin a name, a word of a
 * name, the title or an email address; a keyword of phone characters only (digits, `+ ( ) - .`,
 * at least 3 digits; a whole `q` of them is one keyword, spaces included) matches a phone whose
 * digits, in any written form (e164, display, userInput), contain the keyword's digits.
 */
function matchesKeywords({ texts, digits }: Searchable, keywords: readonly string[]): boolean {
  for (const keyword of keywords) {
    const keywordDigits = PHONE_KEYWORD.test(keyword) ? keyword.replace(/\D/g, '') : '';
    if (keywordDigits.length >= 3 && digits.some((d) => d.includes(keywordDigits))) continue;
    if (texts.some((t) => t.startsWith(keyword))) continue;
    return false;
  }
  return true;
}

/** What the keyword search reads of one contact record. */
interface Searchable {
  texts: string[];
  digits: string[];
}

function positiveInteger(raw: unknown, field: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw badRequest(`${field}: must be an integer of at least 1`, field);
  return value;
}

/** Contact reads: GET (resolved), `/unresolved`, identifier lookup and keyword search (reference §3.2; permissions §3.7). */
export function contactRoutes(deps: ApiDeps): ApiRoute[] {
  const { contacts, behaviour } = deps;
  const visibleOrThrow = (contact: ExternalContact, principal: Parameters<typeof contactVisible>[0], id: string) => {
    if (!contactVisible(principal, contact)) throw hiddenEntity(behaviour, 'contact', id);
  };
  // Searchable values by record: a changed contact is a new record, so an entry never goes stale.
  const searchableCache = new WeakMap<ExternalContact, Searchable>();
  const searchable = (contact: ExternalContact): Searchable => {
    let values = searchableCache.get(contact);
    if (!values) searchableCache.set(contact, (values = { texts: textValues(contact), digits: phoneDigits(contact) }));
    return values;
  };
  return [
    {
      // Keyword search (reference §3.2): the heads of merge trees (a merged-away record is found as
      // its canonical contact), visible ones only, newest modification first.
      method: 'GET',
      template: '/api/v2/externalcontacts/contacts',
      permissions: ['externalContacts:contact:view'],
      handle: ({ query, principal }) => {
        const pageSize = positiveInteger(query.pageSize, 'pageSize', SEARCH_DEFAULT_PAGE_SIZE);
        if (pageSize > SEARCH_MAX_PAGE_SIZE) throw badRequest(`pageSize: must be at most ${SEARCH_MAX_PAGE_SIZE}`, 'pageSize');
        const pageNumber = positiveInteger(query.pageNumber, 'pageNumber', 1);
        if (pageSize * pageNumber > SEARCH_MAX_RESULTS) {
          throw badRequest(`pageNumber: pageNumber × pageSize must be at most ${SEARCH_MAX_RESULTS}`, 'pageNumber');
        }
        const rawDivisions = query.divisionIds;
        const divisionIds = (Array.isArray(rawDivisions) ? rawDivisions : rawDivisions === undefined ? [] : [rawDivisions])
          .flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
        if (divisionIds.length > MAX_DIVISION_IDS) throw badRequest(`divisionIds: at most ${MAX_DIVISION_IDS}`, 'divisionIds');
        const q = typeof query.q === 'string' ? query.q : '';
        // A number written with spaces (`+1 503 555 0123`) is one keyword, not four.
        const keywords = PHONE_KEYWORD.test(q.replace(/\s+/g, '')) ? [q.replace(/\s+/g, '')] : q.toLowerCase().split(/\s+/).filter((k) => k.length > 0);
        const heads = new Map<string, ExternalContact>();
        for (const stored of contacts.all()) {
          if (!matchesKeywords(searchable(stored), keywords)) continue;
          const head = contacts.canonicalOf(stored.id) ?? stored;
          if (!contactVisible(principal, head) || (divisionIds.length > 0 && !divisionIds.includes(head.division.id))) continue;
          heads.set(head.id, head);
        }
        const sorted = [...heads.values()].sort((a, b) => Date.parse(b.modifyDate) - Date.parse(a.modifyDate) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const total = sorted.length;
        const pageCount = Math.ceil(total / pageSize);
        const expand = parseExpand(query);
        const uri = (page: number) => `/api/v2/externalcontacts/contacts?pageSize=${pageSize}&pageNumber=${page}${q ? `&q=${encodeURIComponent(q)}` : ''}`;
        return {
          status: 200,
          body: {
            entities: sorted.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map((c) => renderContact(deps, c, expand)),
            pageSize, pageNumber, total, pageCount,
            firstUri: uri(1), selfUri: uri(pageNumber), lastUri: uri(Math.max(1, pageCount)),
            ...(pageNumber < pageCount ? { nextUri: uri(pageNumber + 1) } : {}),
            ...(pageNumber > 1 ? { previousUri: uri(pageNumber - 1) } : {}),
          },
        };
      },
    },
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
