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
  /** `conversationEnd` in epoch ms, or null (still active, or unknown). */
  endMs: number | null;
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

/**
 * The customer participants of a conversation: those with purpose `customer`; when there are
 * none, those with purpose `external` (an outbound call to an outside party).
 */
export function customerParticipants(conversation: ConversationInput): ParticipantInput[] {
  const participants = conversation.participants ?? [];
  let customers: ParticipantInput[] | null = null;
  let externals: ParticipantInput[] | null = null;
  for (const participant of participants) {
    const purpose = participant.purpose;
    if (purpose === 'customer' || (purpose !== undefined && purpose !== 'agent' && purpose.toLowerCase() === 'customer')) customers = append(customers, participant);
    else if (!customers && purpose !== undefined && purpose.toLowerCase() === 'external') externals = append(externals, participant);
  }
  return customers ?? externals ?? [];
}

/**
 * `list` with `item` added, a new one-item list when there is none: lists of a conversation
 * usually hold one item, and `push` onto an empty array reserves room for 17.
 */
function append<T>(list: T[] | null, item: T): T[] {
  if (!list) return [item];
  list.push(item);
  return list;
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
 * linked contacts' fields and `identifiers[]` (unless `contactFields: false`). With
 * `linkedContactIdentifiers: false` the linked contacts are only listed (`linkedContactIds`,
 * `canonicalContactIds`), not repeated as `externalContactId` identifiers (scoring reads them there).
 */
export function extractConversationIdentifiers(
  conversation: ConversationInput,
  contacts: ContactsById,
  normalizer: Normalizer,
  options: { contactFields?: boolean; memo?: AddressMemo; linkedContactIdentifiers?: boolean } = {},
): ConversationIdentifiers {
  const conversationId = conversation.conversationId ?? '';
  const participants = customerParticipants(conversation);
  // A handful per conversation: a list beats a map (and needs no key strings hashed), gathered in
  // a scratch list and copied out at its exact size (see `append`).
  const found = scratch;
  found.length = 0;
  const memo = options.memo;
  let primarySession: ConversationIdentifiers['primarySession'] = null;
  let linked: string[] | null = null;
  for (const participant of participants) {
    if (participant.participantName) {
      const raw = participant.participantName;
      addIdentifier(found, memo ? rememberedParticipantName(memo, raw, normalizer) : nameIdentifier(raw, 'participant', null, normalizer));
    }
    const contactId = participant.externalContactId;
    if (contactId && !linked?.includes(contactId)) linked = append(linked, contactId);
    for (const session of participant.sessions ?? []) {
      const address = memo ? rememberedSessionAddress(memo, session, normalizer) : sessionAddress(session, normalizer);
      addIdentifier(found, address);
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
  let canonical: string[] | null = null;
  for (const id of linked ?? []) {
    if (options.linkedContactIdentifiers !== false) addIdentifier(found, memo ? rememberedLinkedContact(memo, id) : linkedContactIdentifier(id));
    const canonicalId = canonicalContactId(id, contacts);
    if (!canonical?.includes(canonicalId)) canonical = append(canonical, canonicalId);
    const contact = options.contactFields === false ? undefined : contacts.get(id) ?? contacts.get(canonicalId);
    if (contact) for (const identifier of extractContactIdentifiers(contact, normalizer)) addIdentifier(found, identifier);
  }
  const identifiers = found.slice();
  found.length = 0;
  return {
    conversationId,
    startMs: parseInstant(conversation.conversationStart),
    endMs: conversation.conversationEnd ? parseInstant(conversation.conversationEnd) : null,
    customerParticipantCount: participants.length,
    primarySession,
    linkedContactIds: linked ?? [],
    canonicalContactIds: canonical ?? [],
    identifiers,
  };
}

/** `extractConversationIdentifiers`' working list (it calls nothing that would use it again). */
const scratch: ExtractedIdentifier[] = [];

/** Adds an identifier to a conversation's list, keeping the strongest source of each type and value. */
function addIdentifier(found: ExtractedIdentifier[], identifier: ExtractedIdentifier | null): void {
  if (!identifier) return;
  for (let i = 0; i < found.length; i++) {
    const existing = found[i]!;
    if (existing.type !== identifier.type || existing.value !== identifier.value) continue;
    if (rank(identifier) < rank(existing)) found[i] = identifier;
    return;
  }
  found.push(identifier);
}

const linkedContactIdentifier = (id: string): ExtractedIdentifier => make('externalContactId', id, 'strong', new Place('linked_contact', id, null, id));

/** The `externalContactId` identifier of a linked contact through an `AddressMemo`. */
function rememberedLinkedContact(memo: AddressMemo, id: string): ExtractedIdentifier {
  const byId = memoTable(memo, 'linked_contact', '');
  let identifier = byId.get(id);
  if (!identifier) byId.set(id, (identifier = linkedContactIdentifier(id)));
  return identifier;
}

/** A participant's name identifier through an `AddressMemo`. */
function rememberedParticipantName(memo: AddressMemo, raw: string, normalizer: Normalizer): ExtractedIdentifier | null {
  const byRaw = memoTable(memo, 'participant', '');
  const hit = byRaw.get(raw);
  if (hit !== undefined) return hit;
  const value = nameIdentifier(raw, 'participant', null, normalizer);
  byRaw.set(raw, value);
  return value;
}

function memoTable(memo: AddressMemo, kind: string, subKind: string): Map<string, ExtractedIdentifier | null> {
  // Nested maps keyed by the input's own strings: no key is built by concatenation.
  let bySub = memo.get(kind);
  if (!bySub) memo.set(kind, (bySub = new Map()));
  let byRaw = bySub.get(subKind);
  if (!byRaw) bySub.set(subKind, (byRaw = new Map()));
  return byRaw;
}

/**
 * Memory of session addresses already read, by kind of session then raw text, for reading many
 * conversations in one run (scoring): customers' addresses repeat, and an identifier is the
 * same object for every session that wrote it. Create one per run; identifiers are not mutated.
 */
export type AddressMemo = Map<string, Map<string, Map<string, ExtractedIdentifier | null>>>;

/** `sessionAddress` through an `AddressMemo`. */
export function rememberedSessionAddress(memo: AddressMemo, session: SessionInput, normalizer: Normalizer): ExtractedIdentifier | null {
  const outbound = session.direction === 'outbound' || session.direction === 'OUTBOUND';
  const media = session.mediaType ?? '';
  const voice = media === 'voice' || media === 'callback';
  const raw = outbound ? (voice ? session.dnis : session.addressTo) : voice ? session.ani : session.addressFrom;
  if (!raw) return null;
  // The identifier depends on the raw text, the media type and the message type only.
  const byRaw = memoTable(memo, media, session.messageType ?? '');
  const hit = byRaw.get(raw);
  if (hit !== undefined) return hit;
  const value = sessionAddress(session, normalizer);
  byRaw.set(raw, value);
  return value;
}

const SOURCE_RANK: Readonly<Record<IdentifierSource, number>> = Object.freeze({
  session: 0, linked_contact: 1, contact_identifier: 2, contact_field: 3, participant: 4,
});
const rank = (identifier: ExtractedIdentifier) =>
  (identifier.strength === 'strong' ? 0 : 10) + SOURCE_RANK[identifier.source];

/** The customer's address of one session, normalised per its channel; `null` if none. */
export function sessionAddress(session: SessionInput, normalizer: Normalizer): ExtractedIdentifier | null {
  const outbound = session.direction === 'outbound' || session.direction === 'OUTBOUND';
  const media = session.mediaType === undefined ? '' : session.mediaType.toLowerCase();
  const voice = media === 'voice' || media === 'callback';
  // Only the customer's side: the other side is the org's own number, address or deployment id
  // (web messaging sessions carry no customer address at all), shared by every customer.
  const written = outbound ? (voice ? session.dnis : session.addressTo) : voice ? session.ani : session.addressFrom;
  const raw = written?.trim();
  if (!raw) return null;
  const channel = channelOf(session.mediaType, session.messageType);
  const at = new Place('session', raw, channel, null);
  if (voice) return phoneIdentifier(raw, undefined, at, normalizer);
  if (media === 'email') return emailIdentifier(raw.split(/[,;]/)[0] ?? raw, at, normalizer);
  if (media === 'message') {
    const messageType = (session.messageType ?? 'unknown').toLowerCase();
    if (messageType === 'whatsapp') {
      const e164 = normalizer.whatsApp(raw);
      return e164 ? make('phone', e164, 'strong', at) : null;
    }
    if (PHONE_MESSAGE_TYPES.has(messageType)) return phoneIdentifier(raw, undefined, at, normalizer);
    if (raw.includes('@') && normalizer.email(raw)) return emailIdentifier(raw, at, normalizer);
    return messagingIdentifier(MESSAGING_NAMESPACE[messageType] ?? messageType, raw, at, normalizer);
  }
  // Chat and other media: an email when it is one, else the display name people typed.
  if (normalizer.email(raw)) return emailIdentifier(raw, at, normalizer);
  return nameIdentifier(raw, 'session', null, normalizer);
}

/** Where an identifier was read: one shape for all (monomorphic objects are cheaper to make). */
class Place {
  constructor(
    readonly source: IdentifierSource,
    readonly raw: string,
    readonly channel: Channel | null,
    readonly contactId: string | null,
  ) {}
}

function make(
  type: IdentifierKind,
  value: string,
  strength: IdentifierStrength,
  at: Place,
  mailbox?: string,
  field?: ExtractedIdentifier['field'],
): ExtractedIdentifier {
  const identifier: ExtractedIdentifier = {
    type, value, key: `${type}:${value}`, strength, source: at.source, raw: at.raw, channel: at.channel, contactId: at.contactId,
  };
  if (mailbox !== undefined) identifier.mailbox = mailbox;
  if (field !== undefined) identifier.field = field;
  return identifier;
}

function phoneIdentifier(raw: string, country: string | undefined, at: Place, normalizer: Normalizer, field?: ExtractedIdentifier['field']): ExtractedIdentifier | null {
  const parsed = normalizer.phone(raw, country);
  if (!parsed) return null;
  // A number written with an extension is a PBX line: shared by a company, never personal.
  return make('phone', parsed.e164, parsed.extension ? 'weak' : 'strong', at, undefined, field);
}

function emailIdentifier(raw: string, at: Place, normalizer: Normalizer): ExtractedIdentifier | null {
  const email = normalizer.email(raw);
  return email ? make('email', email, 'strong', at, normalizer.mailbox(email)) : null;
}

function messagingIdentifier(namespace: string, raw: string, at: Place, normalizer: Normalizer): ExtractedIdentifier | null {
  const value = normalizer.messagingId(namespace, raw);
  return value ? make('messagingId', value, 'strong', at) : null;
}

function nameIdentifier(raw: string, source: IdentifierSource, contactId: string | null, normalizer: Normalizer): ExtractedIdentifier | null {
  const value = normalizer.name(raw);
  return value ? make('name', value, 'weak', new Place(source, raw, null, contactId)) : null;
}

function contactPhone(phone: PhoneNumberInput | undefined, contactId: string | null, field: ExtractedIdentifier['field'], normalizer: Normalizer): ExtractedIdentifier | null {
  if (!phone) return null;
  const raw = phone.e164 ?? phone.userInput ?? phone.display;
  if (!raw) return null;
  // `countryCode` may hold a calling code rather than an ISO country: use only a known country.
  const country = [phone.normalizationCountryCode, phone.countryCode].find((c) => !!c && isSupportedCountry(c.toUpperCase()));
  const identifier = phoneIdentifier(raw, country, new Place('contact_field', raw, null, contactId), normalizer, field);
  if (identifier && phone.extension !== undefined && phone.extension !== null) identifier.strength = 'weak';
  return identifier;
}

/** Namespace of each messaging kind of `ContactIdentifier.type`. */
export const IDENTIFIER_NAMESPACE: Readonly<Record<string, string>> = Object.freeze({
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
  const field = (raw: string) => new Place('contact_field', raw, null, contactId);
  const out: Array<ExtractedIdentifier | null> = [];
  for (const name of PHONE_FIELDS) out.push(contactPhone(contact[name], contactId, name, normalizer));
  for (const email of [contact.personalEmail, contact.workEmail, contact.otherEmail]) {
    if (email) out.push(emailIdentifier(email, field(email), normalizer));
  }
  const whatsApp = contact.whatsAppId?.phoneNumber;
  const whatsAppRaw = whatsApp?.e164 ?? whatsApp?.userInput ?? whatsApp?.display;
  if (whatsAppRaw) {
    const e164 = normalizer.whatsApp(whatsAppRaw) ?? normalizer.phone(whatsAppRaw)?.e164 ?? null;
    if (e164) out.push(make('phone', e164, 'strong', field(whatsAppRaw), undefined, 'whatsAppId'));
  }
  for (const id of contact.facebookId?.ids ?? []) if (id.scopedId) out.push(messagingIdentifier('facebook', id.scopedId, field(id.scopedId), normalizer));
  for (const id of contact.instagramId?.ids ?? []) if (id.scopedId) out.push(messagingIdentifier('instagram', id.scopedId, field(id.scopedId), normalizer));
  for (const id of contact.lineId?.ids ?? []) if (id.userId) out.push(messagingIdentifier('line', id.userId, field(id.userId), normalizer));
  const twitter = contact.twitterId?.id;
  if (twitter) out.push(messagingIdentifier('twitter', twitter, field(twitter), normalizer));
  for (const id of contact.appleOpaqueIds ?? []) if (id.value) out.push(messagingIdentifier('apple', id.value, field(id.value), normalizer));
  for (const identifier of contact.identifiers ?? []) {
    const raw = identifier.value;
    if (!raw || !identifier.type) continue;
    const at = new Place('contact_identifier', raw, null, contactId);
    switch (identifier.type) {
      case 'Phone': out.push(phoneIdentifier(raw, undefined, at, normalizer)); break;
      case 'Email': out.push(emailIdentifier(raw, at, normalizer)); break;
      case 'SocialWhatsapp': {
        const e164 = normalizer.whatsApp(raw);
        if (e164) out.push(make('phone', e164, 'strong', at, undefined, 'whatsAppId'));
        break;
      }
      case 'ExternalId': out.push(externalIdIdentifier('identifier', raw, at)); break;
      default: {
        const namespace = IDENTIFIER_NAMESPACE[identifier.type];
        if (namespace) out.push(messagingIdentifier(namespace, raw, at, normalizer));
      }
    }
  }
  for (const external of contact.externalIds ?? []) {
    if (external.value) out.push(externalIdIdentifier(external.externalSource?.id ?? 'unknown', external.value, field(external.value)));
  }
  const name = contactDisplayName(contact);
  if (name) out.push(nameIdentifier(name, 'contact_field', contactId, normalizer));
  const unique = new Map<string, ExtractedIdentifier>();
  for (const identifier of out) {
    if (!identifier) continue;
    const existing = unique.get(identifier.key);
    if (!existing) unique.set(identifier.key, identifier);
    else {
      const [kept, dropped] = rank(identifier) < rank(existing) ? [identifier, existing] : [existing, identifier];
      // The phone field it is recorded in (a shared line or the person's own) survives the dedup.
      unique.set(identifier.key, kept.field === undefined && dropped.field !== undefined ? { ...kept, field: dropped.field } : kept);
    }
  }
  return [...unique.values()];
}

function externalIdIdentifier(source: string, raw: string, at: Place): ExtractedIdentifier | null {
  const value = raw.trim();
  return value ? make('externalId', `${source}:${value}`, 'strong', at) : null;
}
