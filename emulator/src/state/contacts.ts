import type { ContactIdentifierType, Dataset, ExternalContact } from '../dataset/index.js';

/**
 * External contacts: the dataset's records (never mutated) under an overlay of runtime changes
 * (merge fields, contacts created by merges). `reset()` drops the overlay.
 */
export interface ContactStore {
  /** The stored record (unresolved: a merged-away contact as it is). */
  get(id: string): ExternalContact | undefined;
  /** Head of the contact's merge tree (the contact itself when it was never merged). */
  canonicalOf(id: string): ExternalContact | undefined;
  /** Ids of every contact in the contact's merge set, or just `[id]`. */
  mergeSetIds(id: string): string[];
  /** Contacts holding an identifier (reference §3.2 identifier lookup), unresolved, deduplicated. */
  lookup(type: ContactIdentifierType, value: string): ExternalContact[];
  /** Every stored record (the overlay's version where there is one), dataset order then new ones. */
  all(): ExternalContact[];
  /** Writes a new or changed contact into the overlay and indexes its identifiers. */
  put(contact: ExternalContact): void;
  reset(): void;
}

/**
 * Normalises an identifier value for lookup: phones (and WhatsApp numbers) given with a leading
 * `+` compare by digits ("+1 704 298 4733", reference §3.2); national formats stay as typed and so
 * never match an E.164 value. Emails compare case-insensitively. Everything else compares exactly.
 */
export function identifierKey(type: ContactIdentifierType, value: string): string {
  const trimmed = value.trim();
  if (type === 'Phone' || type === 'SocialWhatsapp') {
    return `${type}\u0000${trimmed.startsWith('+') ? `+${trimmed.replace(/\D/g, '')}` : trimmed}`;
  }
  if (type === 'Email') return `Email\u0000${trimmed.toLowerCase()}`;
  return `${type}\u0000${trimmed}`;
}

const PHONE_FIELDS = ['workPhone', 'cellPhone', 'homePhone', 'otherPhone'] as const;
const EMAIL_FIELDS = ['workEmail', 'personalEmail', 'otherEmail'] as const;

/** Every identifier a contact can be found by: its `identifiers` plus its E.164 phones, emails and social ids. */
export function contactIdentifierKeys(contact: ExternalContact): string[] {
  const keys = new Set<string>();
  for (const identifier of contact.identifiers ?? []) keys.add(identifierKey(identifier.type, identifier.value));
  for (const field of PHONE_FIELDS) {
    const e164 = contact[field]?.e164;
    if (e164) keys.add(identifierKey('Phone', e164));
  }
  for (const field of EMAIL_FIELDS) {
    const email = contact[field];
    if (email) keys.add(identifierKey('Email', email));
  }
  const whatsApp = contact.whatsAppId?.phoneNumber.e164;
  if (whatsApp) keys.add(identifierKey('SocialWhatsapp', whatsApp));
  for (const external of contact.externalIds ?? []) keys.add(identifierKey('ExternalId', external.value));
  if (contact.twitterId?.id) keys.add(identifierKey('SocialTwitter', contact.twitterId.id));
  for (const line of contact.lineId?.ids ?? []) keys.add(identifierKey('SocialLine', line.userId));
  for (const facebook of contact.facebookId?.ids ?? []) keys.add(identifierKey('SocialFacebook', facebook.scopedId));
  return [...keys];
}

/** Builds the store and its identifier index over `dataset.externalContacts`. */
export function createContactStore(dataset: Dataset): ContactStore {
  const base = new Map(dataset.externalContacts.map((c) => [c.id, c]));
  const overlay = new Map<string, ExternalContact>();
  const baseIndex = new Map<string, string[]>();
  const runtimeIndex = new Map<string, string[]>();
  const index = (target: Map<string, string[]>, contact: ExternalContact) => {
    for (const key of contactIdentifierKeys(contact)) {
      const ids = target.get(key);
      if (!ids) target.set(key, [contact.id]);
      else if (!ids.includes(contact.id)) ids.push(contact.id);
    }
  };
  for (const contact of dataset.externalContacts) index(baseIndex, contact);

  const get = (id: string) => overlay.get(id) ?? base.get(id);
  const canonicalOf = (id: string) => {
    let contact = get(id);
    // Follows canonicalContact to the head; bounded in case a dataset's merge fields form a cycle.
    for (let hops = 0; contact?.canonicalContact && contact.canonicalContact.id !== contact.id && hops < 64; hops++) {
      const next = get(contact.canonicalContact.id);
      if (!next) break;
      contact = next;
    }
    return contact;
  };
  return {
    get,
    canonicalOf,
    mergeSetIds: (id) => canonicalOf(id)?.mergeSet?.map((ref) => ref.id) ?? [id],
    lookup: (type, value) => {
      const key = identifierKey(type, value);
      const ids = new Set([...(baseIndex.get(key) ?? []), ...(runtimeIndex.get(key) ?? [])]);
      return [...ids].map(get).filter((c): c is ExternalContact => c !== undefined);
    },
    all: () => [...base.keys(), ...[...overlay.keys()].filter((id) => !base.has(id))].map((id) => get(id)!),
    put: (contact) => {
      overlay.set(contact.id, contact);
      index(runtimeIndex, contact);
    },
    reset: () => {
      overlay.clear();
      runtimeIndex.clear();
    },
  };
}
