/**
 * Growing a person from a conversation over the identity index (the rules are described on
 * `IdentityIndex`), and telling which links to contacts a shared line explains.
 */
import {
  canonicalContactId,
  type ConversationIdentifiers,
  type ExtractedIdentifier,
} from './identifiers.js';
import { parseInstant } from './input.js';
import type { IdentityIndex } from './identity.js';
import { namesCompatible } from './ownership.js';

/** The evidence of who a conversation's customer is, grown as described on `IdentityIndex`. */
export interface Person {
  conversationId: string;
  /** Personal identifiers of the conversation's own customer sessions. */
  sessionKeys: ReadonlySet<string>;
  /** Every personal identifier reached. */
  keys: ReadonlySet<string>;
  /** Email mailbox (tenant rules) → email key, for every email reached. */
  mailboxes: ReadonlyMap<string, string>;
  /** Email key → the forms it was written in (sessions, contacts): exact-match searches need them. */
  writtenForms: ReadonlyMap<string, ReadonlySet<string>>;
  /** The conversation's own linked contacts (canonical ids) that are personal. */
  ownContacts: ReadonlySet<string>;
  /** Every contact reached (canonical ids), own contacts included. */
  contacts: ReadonlySet<string>;
  /** Contacts reached but refused: another person's record. */
  conflictContacts: ReadonlySet<string>;
  /** Shared or weak identifiers of the conversation and of the contacts reached. */
  weakKeys: ReadonlySet<string>;
  /** The conversation's linked contacts that are not personal or linked through a shared line. */
  weakContacts: ReadonlySet<string>;
  /** Normalised names of the contacts reached. */
  names: readonly string[];
  /** Names the conversation itself carries (participant, session): weak, for `name_match` only. */
  seenNames: ReadonlySet<string>;
  /** External source id → values of the contacts reached. */
  externalIds: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The person of one conversation's identifiers (`IdentityIndex.personOf` memoises it). */
export function growPerson(index: IdentityIndex, identifiers: ConversationIdentifiers): Person {
  const sessionKeys = new Set<string>();
  const keys = new Set<string>();
  const weakKeys = new Set<string>();
  const weakContacts = new Set<string>();
  const mailboxes = new Map<string, string>();
  const ownContacts = new Set<string>();
  const contacts = new Set<string>();
  const conflictContacts = new Set<string>();
  const names: string[] = [];
  const seenNames = new Set<string>();
  const externalIds = new Map<string, Set<string>>();
  const writtenForms = new Map<string, Set<string>>();
  const addKey = (identifier: ExtractedIdentifier) => {
    keys.add(identifier.key);
    if (identifier.type === 'email') {
      mailboxes.set(identifier.mailbox ?? identifier.value, identifier.key);
      const forms = writtenForms.get(identifier.key) ?? new Set<string>();
      if (identifier.raw && identifier.raw.trim() !== identifier.value) forms.add(identifier.raw.trim());
      writtenForms.set(identifier.key, forms);
    }
  };

  const contactQueue: string[] = [];
  for (const identifier of identifiers.identifiers) {
    if (identifier.source !== 'session') continue;
    if (index.isPersonal(identifier)) {
      sessionKeys.add(identifier.key);
      addKey(identifier);
    } else if (identifier.type !== 'name') {
      weakKeys.add(identifier.key);
    }
  }
  for (const identifier of identifiers.identifiers) {
    if (identifier.type === 'name' && (identifier.source === 'participant' || identifier.source === 'session')) seenNames.add(identifier.value);
  }
  for (const canonical of identifiers.canonicalContactIds) {
    if (index.isPersonalContact(canonical) && !linkedThroughSharedLine(index, identifiers, canonical)) contactQueue.push(canonical);
    else weakContacts.add(canonical);
  }
  const own = new Set(contactQueue);
  const keyQueue = [...keys].sort();

  const visitContact = (canonical: string) => {
    if (contacts.has(canonical) || conflictContacts.has(canonical)) return;
    if (contradicts(index, names, externalIds, canonical)) {
      conflictContacts.add(canonical);
      return;
    }
    contacts.add(canonical);
    if (own.has(canonical)) ownContacts.add(canonical);
    const name = index.contactName(canonical);
    if (name && !names.includes(name)) names.push(name);
    for (const identifier of index.contactIdentifiers(canonical)) {
      if (identifier.type === 'externalId') {
        const colon = identifier.value.indexOf(':');
        const source = identifier.value.slice(0, colon);
        const set = externalIds.get(source) ?? new Set<string>();
        set.add(identifier.value.slice(colon + 1));
        externalIds.set(source, set);
      }
      if (keys.has(identifier.key) && identifier.type === 'email' && identifier.raw.trim() !== identifier.value) {
        writtenForms.get(identifier.key)?.add(identifier.raw.trim());
      }
      if (keys.has(identifier.key) || identifier.type === 'name' || identifier.type === 'externalId') continue;
      if (index.isPersonal(identifier)) {
        addKey(identifier);
        keyQueue.push(identifier.key);
      } else {
        weakKeys.add(identifier.key);
      }
    }
    // The addresses of the conversations an agent recorded this contact in: the person's own,
    // unless shared (a household's or a company's line then stays weak). The recording shows who
    // called, not whose line it is: a line listed under a person's caller name may be the
    // household's landline, so it bridges nothing unless known to be a mobile.
    for (const key of index.recordedKeys(canonical)) {
      if (keys.has(key)) continue;
      const identifier = recordedIdentifier(key);
      if (identifier && index.isPersonal(identifier)) {
        addKey(identifier);
        keyQueue.push(key);
      }
    }
  };
  // Own contacts first (they define the person's name), then breadth-first through holders.
  for (const canonical of contactQueue) visitContact(canonical);
  // An email also reaches the contacts of its mailbox's other forms (`jane+shop@…`, Gmail dots).
  const mailboxesVisited = new Set<string>();
  for (let i = 0; i < keyQueue.length; i++) {
    const key = keyQueue[i]!;
    for (const holder of index.holders(key)) visitContact(holder);
    if (!key.startsWith('email:')) continue;
    const mailbox = index.normalizer.mailbox(key.slice('email:'.length));
    if (mailboxesVisited.has(mailbox)) continue;
    mailboxesVisited.add(mailbox);
    for (const holder of index.mailboxHolders(mailbox)) visitContact(holder);
  }
  return {
    conversationId: identifiers.conversationId,
    sessionKeys, keys, mailboxes, writtenForms, ownContacts, contacts, conflictContacts, weakKeys, weakContacts, names, seenNames, externalIds,
  };
}

/**
 * True when the conversation's link to `canonical` is explained by a session address that is not
 * personal: the customer presented only shared or weak addresses, and the contact holds one.
 * Never for a curated contact an agent created during the conversation itself: the agent recorded
 * whoever was on the line, so that link is the agent's, not resolution's.
 */
export function linkedThroughSharedLine(index: IdentityIndex, identifiers: ConversationIdentifiers, canonical: string): boolean {
  const session = identifiers.identifiers.filter((i) => i.source === 'session' && i.type !== 'name');
  if (session.length === 0 || session.some((i) => index.isPersonal(i))) return false;
  if (recordedDuring(index, identifiers, canonical)) return false;
  if (unresolvable(index, identifiers, session)) return false;
  // Otherwise which of resolution or an agent made the link cannot be told from the records
  // (contacts gain identifiers over time, and resolution only matches normalised fields), so a
  // link a shared address explains is treated as resolution's.
  return session.some((i) => index.recordedBy(i.key).has(canonical));
}

/**
 * True when the conversation is linked (directly, or through a contact merged into `canonical`)
 * to a curated contact created while it was going on: an agent recording the person on the line.
 */
function recordedDuring(index: IdentityIndex, identifiers: ConversationIdentifiers, canonical: string): boolean {
  const start = identifiers.startMs;
  if (start === null) return false;
  const end = identifiers.endMs ?? Infinity;
  for (const id of identifiers.linkedContactIds) {
    const contact = index.contacts.get(id);
    if (!contact || contact.type !== 'Curated' || canonicalContactId(id, index.contacts) !== canonical) continue;
    // The linked record itself when the map has it under its own id (a merged-away id maps to the head).
    if (contact.id !== undefined && contact.id !== id) continue;
    const created = parseInstant(contact.createDate);
    if (created !== null && created >= start && created <= end) return true;
  }
  return false;
}

/** A strong identifier rebuilt from its key (`phone:+1555…`, `email:…`, `messagingId:…`), for the shared-line checks. */
function recordedIdentifier(key: string): ExtractedIdentifier | null {
  const colon = key.indexOf(':');
  const type = key.slice(0, colon);
  if (type !== 'phone' && type !== 'email' && type !== 'messagingId') return null;
  const value = key.slice(colon + 1);
  return { type, value, key, strength: 'strong', source: 'session', raw: value, channel: null, contactId: null };
}

/**
 * True when identity resolution cannot have made the conversation's links: every shared address
 * it presented was, when it started, already recorded by two or more contacts (each created and
 * last modified before the start, so the address was on it then). Resolution links a conversation
 * only to the one contact holding its address, so such a link is an agent's association.
 */
function unresolvable(index: IdentityIndex, identifiers: ConversationIdentifiers, session: readonly ExtractedIdentifier[]): boolean {
  const start = identifiers.startMs;
  if (start === null) return false;
  for (const identifier of session) {
    let settled = 0;
    for (const holder of index.recordedBy(identifier.key)) {
      const record = index.contacts.get(holder);
      const created = parseInstant(record?.createDate);
      const modified = parseInstant(record?.modifyDate);
      if (created !== null && modified !== null && created < start && modified < start) settled++;
    }
    if (settled < 2) return false;
  }
  return true;
}

/**
 * True when a contact is another person's record: its name is incompatible with the names
 * gathered, or it holds an external id of a source the person has with another value.
 */
export function contradicts(
  index: IdentityIndex,
  names: readonly string[],
  externalIds: ReadonlyMap<string, ReadonlySet<string>>,
  canonical: string,
): boolean {
  const name = index.contactName(canonical);
  if (name && names.length > 0 && !names.every((n) => namesCompatible(n, name))) return true;
  if (externalIds.size === 0) return false;
  for (const identifier of index.contactIdentifiers(canonical)) {
    if (identifier.type !== 'externalId') continue;
    const colon = identifier.value.indexOf(':');
    const known = externalIds.get(identifier.value.slice(0, colon));
    if (known && !known.has(identifier.value.slice(colon + 1))) return true;
  }
  return false;
}
