import { isSupportedCountry } from 'libphonenumber-js';
import { channelOf } from './channel.js';
import type { ContactInput, ContactsById, ConversationInput, ParticipantInput, PhoneNumberInput, SessionInput } from './input.js';
import { parseInstant } from './input.js';
import type { Normalizer } from './normalize.js';
import type { Channel, IdentifierType } from './types.js';

/**
 * How much an identifier says about who the customer is. `strong`: personal unless the ownership
 * facts show several people using it (phones, emails, messaging ids, the linked contact).
 * `weak`: never selects on its own (names; a phone written with an extension, which is a PBX
 * line shared by a company).
 */
export type IdentifierStrength = 'strong' | 'weak';

/** Where an identifier was read. */
export type IdentifierSource =
  | 'session' // the customer session's address (ani / dnis / addressFrom / addressTo)
  | 'participant' // the customer participant's name
  | 'linked_contact' // the participant's externalContactId
  | 'contact_field' // a field of the linked contact (phones, emails, social ids, names)
  | 'contact_identifier'; // the linked contact's identifiers[]

/**
 * Internal identifier kinds. `externalId` (a contact's `externalIds[]`, a CRM's id for the
 * person, namespaced by its external source) is used for identity links and conflicts but never
 * shown as a reason.
 */
export type IdentifierKind = IdentifierType | 'externalId';

export interface ExtractedIdentifier {
  type: IdentifierKind;
  /**
   * Normalised value: E.164 for phones (WhatsApp and SMS senders included), the case-folded
   * address for emails, `namespace:id` for messaging ids (`facebook:…`, `cookie:…`), the contact
   * id for `externalContactId`, sorted lower-case tokens for names, `source:value` for externalId.
   */
  value: string;
  /** `type:value`: the identity of this identifier across conversations and contacts. */
  key: string;
  strength: IdentifierStrength;
  source: IdentifierSource;
  /** As stored (before normalisation): exact-match searches need it. */
  raw: string;
  /** Session identifiers: the session's channel. */
  channel: Channel | null;
  /** The contact the identifier was read from (linked contact, its fields). */
  contactId: string | null;
  /** Emails: the mailbox under the tenant's rules (plus-tag and dots removed). */
  mailbox?: string;
  /** Contact phones: the field it was recorded in (`homePhone` and `workPhone` are shared lines). */
  field?: 'cellPhone' | 'homePhone' | 'workPhone' | 'otherPhone' | 'whatsAppId';
}

const PHONE_FIELDS = ['cellPhone', 'homePhone', 'workPhone', 'otherPhone'] as const;

/**
 * Contact phone fields that hold household and company lines: a number recorded there is
 * evidence of a household or a company (a landline, a switchboard), not of one person.
 */
export const SHARED_LINE_FIELDS: ReadonlySet<string> = new Set(['homePhone', 'workPhone']);

/** The customer side of one conversation: its participants, addresses, linked contacts. */
export interface ConversationIdentifiers {
  conversationId: string;
  /** `conversationStart` in epoch ms, or null. */
  startMs: number | null;
  /** Customer participants found (purpose `customer`, else `external`). Zero: no customer. */
  customerParticipantCount: number;
  /** The customer's primary session: the first customer session with a media type. */
  primarySession: { sessionId: string | null; mediaType: string; messageType: string | null; channel: Channel; address: ExtractedIdentifier | null } | null;
  /** Linked contact ids as stored on the participants (not resolved through merges). */
  linkedContactIds: string[];
  /** Linked contacts resolved to their canonical contact (`canonicalContactId`). */
  canonicalContactIds: string[];
  /** Every identifier, deduplicated by key (the strongest source kept). */
  identifiers: ExtractedIdentifier[];
}

const CUSTOMER_PURPOSES = ['customer', 'external'] as const;

/**
 * The customer participants of a conversation: those with purpose `customer`; when there are
 * none, those with purpose `external` (an outbound call to an outside party).
 */
export function customerParticipants(conversation: ConversationInput): ParticipantInput[] {
  const participants = conversation.participants ?? [];
  for (const purpose of CUSTOMER_PURPOSES) {
    const found = participants.filter((p) => (p.purpose ?? '').toLowerCase() === purpose);
    if (found.length > 0) return found;
  }
  return [];
}

/**
 * The canonical contact id of a contact: `canonicalContact.id`, else the end of the `mergedTo`
 * chain, else the id itself (a contact not in the map is its own canonical contact).
 */
export function canonicalContactId(contactId: string, contacts: ContactsById): string {
  let id = contactId;
  for (let hops = 0; hops < 64; hops++) {
    const contact = contacts.get(id);
    const next = contact?.canonicalContact?.id ?? contact?.mergedTo?.id;
    if (!next || next === id) return id;
    id = next;
  }
  return id;
}

/** Message types whose sender address is a phone number. */
const PHONE_MESSAGE_TYPES: ReadonlySet<string> = new Set(['sms']);
/** Namespace of a message type's sender id: web messaging's is the browser cookie id. */
const MESSAGING_NAMESPACE: Readonly<Record<string, string>> = Object.freeze({ webmessaging: 'cookie' });

/**
 * The identifiers of one conversation's customer: the customer sessions' addresses (inbound:
 * `ani` / `addressFrom`; outbound: `dnis` / `addressTo`; never the other side, which is the
 * org's), participant names, the linked contacts and, when present in `contacts`, the
 * linked contacts' fields and `identifiers[]` (unless `contactFields: false`).
 */
export function extractConversationIdentifiers(
  conversation: ConversationInput,
  contacts: ContactsById,
  normalizer: Normalizer,
  options: { contactFields?: boolean } = {},
): ConversationIdentifiers {
  const conversationId = conversation.conversationId ?? '';
  const participants = customerParticipants(conversation);
  const found = new Map<string, ExtractedIdentifier>();
  const add = (identifier: ExtractedIdentifier | null) => {
    if (!identifier) return;
    const existing = found.get(identifier.key);
    if (!existing || rank(identifier) < rank(existing)) found.set(identifier.key, identifier);
  };
  let primarySession: ConversationIdentifiers['primarySession'] = null;
  const linked: string[] = [];
  for (const participant of participants) {
    if (participant.participantName) {
      add(nameIdentifier(participant.participantName, 'participant', null, normalizer));
    }
    if (participant.externalContactId && !linked.includes(participant.externalContactId)) {
      linked.push(participant.externalContactId);
    }
    for (const session of participant.sessions ?? []) {
      const address = sessionAddress(session, normalizer);
      add(address);
      if (!primarySession && session.mediaType) {
        primarySession = {
          sessionId: session.sessionId ?? null,
          mediaType: session.mediaType,
          messageType: session.messageType ?? null,
          channel: channelOf(session.mediaType, session.messageType),
          address,
        };
      }
    }
  }
  const canonical: string[] = [];
  for (const id of linked) {
    add({ type: 'externalContactId', value: id, key: `externalContactId:${id}`, strength: 'strong', source: 'linked_contact', raw: id, channel: null, contactId: id });
    const canonicalId = canonicalContactId(id, contacts);
    if (!canonical.includes(canonicalId)) canonical.push(canonicalId);
    const contact = options.contactFields === false ? undefined : contacts.get(id) ?? contacts.get(canonicalId);
    if (contact) for (const identifier of extractContactIdentifiers(contact, normalizer)) add(identifier);
  }
  return {
    conversationId,
    startMs: parseInstant(conversation.conversationStart),
    customerParticipantCount: participants.length,
    primarySession,
    linkedContactIds: linked,
    canonicalContactIds: canonical,
    identifiers: [...found.values()],
  };
}

const SOURCE_RANK: Readonly<Record<IdentifierSource, number>> = Object.freeze({
  session: 0, linked_contact: 1, contact_identifier: 2, contact_field: 3, participant: 4,
});
const rank = (identifier: ExtractedIdentifier) =>
  (identifier.strength === 'strong' ? 0 : 10) + SOURCE_RANK[identifier.source];

/** The customer's address of one session, normalised per its channel; `null` if none. */
export function sessionAddress(session: SessionInput, normalizer: Normalizer): ExtractedIdentifier | null {
  const outbound = (session.direction ?? '').toLowerCase() === 'outbound';
  const media = (session.mediaType ?? '').toLowerCase();
  const channel = channelOf(session.mediaType, session.messageType);
  const from = media === 'voice' || media === 'callback' ? session.ani : session.addressFrom;
  const to = media === 'voice' || media === 'callback' ? session.dnis : session.addressTo;
  // Only the customer's side: the other side is the org's own number, address or deployment id
  // (web messaging sessions carry no customer address at all), shared by every customer.
  const raw = (outbound ? to : from)?.trim();
  if (!raw) return null;
  const base = { source: 'session' as const, raw, channel, contactId: null };
  if (media === 'voice' || media === 'callback') return phoneIdentifier(raw, undefined, base, normalizer);
  if (media === 'email') return emailIdentifier(raw.split(/[,;]/)[0] ?? raw, base, normalizer);
  if (media === 'message') {
    const messageType = (session.messageType ?? 'unknown').toLowerCase();
    if (messageType === 'whatsapp') {
      const e164 = normalizer.whatsApp(raw);
      return e164 ? { ...base, type: 'phone', value: e164, key: `phone:${e164}`, strength: 'strong' } : null;
    }
    if (PHONE_MESSAGE_TYPES.has(messageType)) return phoneIdentifier(raw, undefined, base, normalizer);
    if (raw.includes('@') && normalizer.email(raw)) return emailIdentifier(raw, base, normalizer);
    return messagingIdentifier(MESSAGING_NAMESPACE[messageType] ?? messageType, raw, base, normalizer);
  }
  // Chat and other media: an email when it is one, else the display name people typed.
  if (normalizer.email(raw)) return emailIdentifier(raw, base, normalizer);
  return nameIdentifier(raw, 'session', null, normalizer);
}

type Base = Pick<ExtractedIdentifier, 'source' | 'raw' | 'channel' | 'contactId'>;

function phoneIdentifier(raw: string, country: string | undefined, base: Base, normalizer: Normalizer): ExtractedIdentifier | null {
  const parsed = normalizer.phone(raw, country);
  if (!parsed) return null;
  // A number written with an extension is a PBX line: shared by a company, never personal.
  const strength = parsed.extension ? 'weak' : 'strong';
  return { ...base, type: 'phone', value: parsed.e164, key: `phone:${parsed.e164}`, strength };
}

function emailIdentifier(raw: string, base: Base, normalizer: Normalizer): ExtractedIdentifier | null {
  const email = normalizer.email(raw);
  if (!email) return null;
  return { ...base, type: 'email', value: email, key: `email:${email}`, strength: 'strong', mailbox: normalizer.mailbox(email) };
}

function messagingIdentifier(namespace: string, raw: string, base: Base, normalizer: Normalizer): ExtractedIdentifier | null {
  const value = normalizer.messagingId(namespace, raw);
  return value ? { ...base, type: 'messagingId', value, key: `messagingId:${value}`, strength: 'strong' } : null;
}

function nameIdentifier(raw: string, source: IdentifierSource, contactId: string | null, normalizer: Normalizer): ExtractedIdentifier | null {
  const value = normalizer.name(raw);
  return value ? { type: 'name', value, key: `name:${value}`, strength: 'weak', source, raw, channel: null, contactId } : null;
}

function contactPhone(phone: PhoneNumberInput | undefined, base: Base, normalizer: Normalizer): ExtractedIdentifier | null {
  if (!phone) return null;
  // `countryCode` may hold a calling code rather than an ISO country: use only a known country.
  const country = [phone.normalizationCountryCode, phone.countryCode].find((c) => !!c && isSupportedCountry(c.toUpperCase()));
  const raw = phone.e164 ?? phone.userInput ?? phone.display;
  if (!raw) return null;
  const identifier = phoneIdentifier(raw, country, { ...base, raw }, normalizer);
  if (identifier && phone.extension !== undefined && phone.extension !== null) identifier.strength = 'weak';
  return identifier;
}

const IDENTIFIER_NAMESPACE: Readonly<Record<string, string>> = Object.freeze({
  SocialFacebook: 'facebook', SocialLine: 'line', SocialTwitter: 'twitter', SocialInstagram: 'instagram',
  AppleOpaqueId: 'apple', Cookie: 'cookie',
});

/** Contact name as one string (`firstName middleName lastName`), or null. */
export function contactDisplayName(contact: ContactInput): string | null {
  const name = [contact.firstName, contact.middleName, contact.lastName].filter((p) => p && p.trim()).join(' ').trim();
  return name.length > 0 ? name : null;
}

/**
 * The identifiers recorded on a contact: its phones (`e164`, else `userInput`/`display` in the
 * phone's own country, else the org's), emails, WhatsApp / Facebook / LINE / Twitter / Instagram
 * / Apple ids, `identifiers[]`, `externalIds[]` and its name (weak). Deduplicated by key.
 */
export function extractContactIdentifiers(contact: ContactInput, normalizer: Normalizer): ExtractedIdentifier[] {
  const contactId = contact.id ?? null;
  const field: Base = { source: 'contact_field', raw: '', channel: null, contactId };
  const listed: Base = { ...field, source: 'contact_identifier' };
  const out: Array<ExtractedIdentifier | null> = [];
  for (const name of PHONE_FIELDS) {
    const identifier = contactPhone(contact[name], field, normalizer);
    if (identifier) identifier.field = name;
    out.push(identifier);
  }
  for (const email of [contact.personalEmail, contact.workEmail, contact.otherEmail]) {
    if (email) out.push(emailIdentifier(email, { ...field, raw: email }, normalizer));
  }
  const whatsApp = contact.whatsAppId?.phoneNumber;
  const whatsAppRaw = whatsApp?.e164 ?? whatsApp?.userInput ?? whatsApp?.display;
  if (whatsAppRaw) {
    const e164 = normalizer.whatsApp(whatsAppRaw) ?? normalizer.phone(whatsAppRaw)?.e164 ?? null;
    if (e164) out.push({ ...field, raw: whatsAppRaw, type: 'phone', value: e164, key: `phone:${e164}`, strength: 'strong', field: 'whatsAppId' });
  }
  const social: Array<[string, string | undefined]> = [
    ...(contact.facebookId?.ids ?? []).map((i): [string, string | undefined] => ['facebook', i.scopedId]),
    ...(contact.instagramId?.ids ?? []).map((i): [string, string | undefined] => ['instagram', i.scopedId]),
    ...(contact.lineId?.ids ?? []).map((i): [string, string | undefined] => ['line', i.userId]),
    ['twitter', contact.twitterId?.id],
    ...(contact.appleOpaqueIds ?? []).map((i): [string, string | undefined] => ['apple', i.value]),
  ];
  for (const [namespace, raw] of social) {
    if (raw) out.push(messagingIdentifier(namespace, raw, { ...field, raw }, normalizer));
  }
  for (const identifier of contact.identifiers ?? []) {
    const raw = identifier.value;
    if (!raw || !identifier.type) continue;
    const base = { ...listed, raw };
    switch (identifier.type) {
      case 'Phone': out.push(phoneIdentifier(raw, undefined, base, normalizer)); break;
      case 'Email': out.push(emailIdentifier(raw, base, normalizer)); break;
      case 'SocialWhatsapp': {
        const e164 = normalizer.whatsApp(raw);
        if (e164) out.push({ ...base, type: 'phone', value: e164, key: `phone:${e164}`, strength: 'strong', field: 'whatsAppId' });
        break;
      }
      case 'ExternalId': out.push(externalIdIdentifier('identifier', raw, base)); break;
      default: {
        const namespace = IDENTIFIER_NAMESPACE[identifier.type];
        if (namespace) out.push(messagingIdentifier(namespace, raw, base, normalizer));
      }
    }
  }
  for (const external of contact.externalIds ?? []) {
    if (external.value) out.push(externalIdIdentifier(external.externalSource?.id ?? 'unknown', external.value, { ...field, raw: external.value }));
  }
  const name = contactDisplayName(contact);
  if (name) out.push(nameIdentifier(name, 'contact_field', contactId, normalizer));
  const unique = new Map<string, ExtractedIdentifier>();
  for (const identifier of out) {
    if (!identifier) continue;
    const existing = unique.get(identifier.key);
    if (!existing || rank(identifier) < rank(existing)) unique.set(identifier.key, identifier);
  }
  return [...unique.values()];
}

function externalIdIdentifier(source: string, raw: string, base: Base): ExtractedIdentifier | null {
  const value = raw.trim();
  if (!value) return null;
  const namespaced = `${source}:${value}`;
  return { ...base, type: 'externalId', value: namespaced, key: `externalId:${namespaced}`, strength: 'strong' };
}
