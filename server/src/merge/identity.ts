import { addContactBlockingKeys, blockingKeyOf, contactBlockingKeys } from './blocking.js';
import {
  SHARED_LINE_FIELDS,
  canonicalContactId,
  contactDisplayName,
  extractContactIdentifiers,
  extractConversationIdentifiers,
  type ConversationIdentifiers,
  type ExtractedIdentifier,
} from './identifiers.js';
import type { ContactInput, ContactsById, ConversationInput } from './input.js';
import { isBusinessName, phoneLineType, type Normalizer } from './normalize.js';
import { countPeople, type OwnershipFacts } from './ownership.js';
import { growPerson, type Person } from './person.js';

/**
 * The identity rules shared by scoring and validation.
 *
 * A conversation's customer is described by evidence of three kinds: personal identifiers
 * (phone, email, messaging id), linked contacts, and names. An identifier is *personal* when it
 * is strong (not a name, not a PBX line with an extension) and not *shared*. It is shared when:
 * - a contact records it as a home or work phone (a household landline or a company
 *   switchboard: `SHARED_LINE_FIELDS`);
 * - it is a fixed line (a place's line, not a person's) that no named contact records as its own
 *   cell, other or WhatsApp number: fixed by the numbering plan (`phoneLineType`) or, where the
 *   plan cannot tell (the NANP), by a carrier lookup (`IdentifierOwnership.lineKind`);
 * - it is an *unverified listed line*: a number of unknown kind (the plan cannot tell, no lookup
 *   answered, never seen texting) whose caller name (CNAM) is a person's and that no named
 *   contact claims. A household's landline shows its subscriber's name whoever calls, exactly as
 *   a personal phone listed in its owner's name does; a false merge cannot be undone, so it is
 *   treated as possibly a household's until a lookup or a contact says otherwise;
 * - it is contested: a conversation that used it is linked to a contact that existed before
 *   and does not record it, while another contact does (identity resolution and an agent
 *   disagree about whose it is);
 * - a name seen with it names a business (`isBusinessName`: a company's caller name);
 * - the ownership facts (contacts holding it or linked to conversations that used it, names
 *   seen with it) name more than one person. Names tell people apart; nameless contacts
 *   (ephemeral ones) name no one, so they never make an identifier shared.
 * A contact is *personal* when it carries a name or at least one personal identifier: an
 * ephemeral contact that only holds a shared line says nothing.
 *
 * A conversation's link to a contact is only as good as what explains it: when the customer's
 * session address is not personal and the linked contact holds it, Genesys identity resolution
 * linked the conversation through a shared line (reference anchors §1.6), possibly to the wrong
 * person, so the link is weak evidence. A link the session address does not explain (an agent's
 * association, a web messaging cookie) counts in full, and so does one the records show an agent
 * made: a curated contact created during the conversation, or a link while two or more contacts
 * already held the address (resolution links only the one holder).
 *
 * A *person* is grown from a conversation by following personal evidence only: its personal
 * session identifiers and personal linked contacts, then every contact holding one of those
 * identifiers (from the contacts map and the ownership facts; for an email, any address of its
 * mailbox under the tenant's rules: a plus-tagged or dotted form), then those contacts' personal
 * identifiers and the addresses of the conversations an agent recorded it in (a curated contact
 * created during the conversation), and so on. A contact whose name is incompatible with the names already gathered,
 * or whose external id (same external source) differs, is not followed: it is a *conflict*,
 * another person's record. Conversations never bridge identifiers (only contacts do), so a
 * second customer using a shared device does not chain two people together.
 */
export interface IdentityIndex {
  readonly normalizer: Normalizer;
  readonly contacts: ContactsById;
  /** Identifiers of one conversation (memoised by conversation id). */
  conversation(conversation: ConversationInput): ConversationIdentifiers;
  /** Identifiers recorded on a contact, by canonical id (memoised). */
  contactIdentifiers(canonicalId: string): ExtractedIdentifier[];
  /** Normalised name of a contact by canonical id, or null. */
  contactName(canonicalId: string): string | null;
  /** Canonical ids of the contacts holding an identifier or linked through it. */
  holders(key: string): string[];
  /**
   * Canonical ids of the contacts (in the map) that record an email delivered to this mailbox
   * (tenant rules: plus-tag stripped, dots ignored for the listed domains), in any written form.
   */
  mailboxHolders(mailbox: string): string[];
  /** Canonical ids of the contacts (in the map) that record the identifier. */
  recordedBy(key: string): ReadonlySet<string>;
  /**
   * Identifier keys of the conversations an agent recorded onto this contact (the curated contact
   * created during them, `IdentifierOwnership.recordedContactIds`): the person's addresses as
   * seen on the line. Lines listed under a person's caller name are left out (a household's
   * landline shows its subscriber's name whoever calls), unless known to be mobiles.
   */
  recordedKeys(canonicalId: string): readonly string[];
  /** True when the identifier is used by several people (see above). */
  isShared(key: string): boolean;
  /**
   * True for an unverified listed line (see above): a phone whose carrier line type would decide
   * whether it is shared.
   */
  isUnverifiedLine(key: string): boolean;
  /** True for a strong, unshared identifier. */
  isPersonal(identifier: ExtractedIdentifier): boolean;
  /** True when the contact carries a name or a personal identifier. */
  isPersonalContact(canonicalId: string): boolean;
  /** The person grown from a conversation (memoised by conversation id; see `person.ts`). */
  personOf(conversation: ConversationInput): Person;
}

/** Builds the index for one run over the given contacts and ownership facts. */
export function createIdentityIndex(input: {
  contacts: ContactsById;
  ownership?: OwnershipFacts;
  normalizer: Normalizer;
}): IdentityIndex {
  const { contacts, normalizer } = input;
  const ownership = input.ownership ?? new Map();
  // Most contacts were never merged and are stored under their own id: each is its own group,
  // found in `contacts` itself. Only the canonical ids of the others (merged contacts, records
  // stored under another key) get a member list here, in the order of `contacts`.
  const isOwnGroup = (id: string, contact: ContactInput) => !contact.canonicalContact && !contact.mergedTo && (contact.id ?? id) === id;
  const canonicalOf = (id: string, contact: ContactInput): string => {
    if (isOwnGroup(id, contact)) return id;
    const own = contact.id ?? id;
    const stored = contacts.get(own);
    return !contact.canonicalContact && !contact.mergedTo && (stored === undefined || stored === contact) ? own : canonicalContactId(own, contacts);
  };
  const groups = new Map<string, ContactInput[]>();
  contacts.forEach((contact, id) => {
    if (!isOwnGroup(id, contact)) groups.set(canonicalOf(id, contact), []);
  });
  if (groups.size > 0) {
    contacts.forEach((contact, id) => {
      const members = groups.get(canonicalOf(id, contact));
      if (members && !members.includes(contact)) members.push(contact);
    });
  }
  const ownGroup = (canonicalId: string): ContactInput | undefined => {
    const contact = contacts.get(canonicalId);
    return contact && isOwnGroup(canonicalId, contact) ? contact : undefined;
  };
  /** The contacts of a canonical id (the canonical one and those merged into it), or none. */
  const membersOf = (canonicalId: string): readonly ContactInput[] => {
    const members = groups.get(canonicalId);
    if (members) return members;
    const contact = ownGroup(canonicalId);
    return contact ? [contact] : [];
  };
  const isKnownContact = (canonicalId: string) => groups.has(canonicalId) || ownGroup(canonicalId) !== undefined;
  const contactIdentifierCache = new Map<string, ExtractedIdentifier[]>();
  const contactIdentifiers = (canonicalId: string): ExtractedIdentifier[] => {
    let found = contactIdentifierCache.get(canonicalId);
    if (!found) {
      const unique = new Map<string, ExtractedIdentifier>();
      for (const contact of membersOf(canonicalId)) {
        for (const identifier of extractContactIdentifiers(contact, normalizer)) {
          if (!unique.has(identifier.key)) unique.set(identifier.key, identifier);
        }
      }
      found = [...unique.values()];
      contactIdentifierCache.set(canonicalId, found);
    }
    return found;
  };
  const nameCache = new Map<string, string | null>();
  const contactName = (canonicalId: string): string | null => {
    let name = nameCache.get(canonicalId);
    if (name === undefined) {
      // The canonical contact's own name first, then any member's.
      const members = membersOf(canonicalId);
      const ordered = [...members.filter((c) => c.id === canonicalId), ...members.filter((c) => c.id !== canonicalId)];
      name = null;
      for (const contact of ordered) {
        const display = contactDisplayName(contact);
        name = display ? normalizer.name(display) : null;
        if (name) break;
      }
      nameCache.set(canonicalId, name);
    }
    return name;
  };
  // Contacts by blocking key (raw-field string operations, no parsing); a key's holders are the
  // contacts of its block that really record it, extracted on first use.
  // A block is nearly always one contact's: its id alone, a list once a second contact shares it.
  const blocks = new Map<string, string | string[]>();
  const mailboxBlocks = new Map<string, string[]>();
  const addToBlocks = (canonical: string, keys: readonly string[]) => {
    for (const key of keys) {
      const block = blocks.get(key);
      if (block === undefined) blocks.set(key, canonical);
      else if (typeof block === 'string') blocks.set(key, [block, canonical]);
      else block.push(canonical);
      if (!key.startsWith('email:')) continue;
      // Only the forms whose mailbox differs from the address need a block of their own.
      const address = key.slice('email:'.length);
      const mailbox = normalizer.mailbox(address);
      if (mailbox === address) continue;
      const holders = mailboxBlocks.get(mailbox);
      if (!holders) mailboxBlocks.set(mailbox, [canonical]);
      else if (!holders.includes(canonical)) holders.push(canonical);
    }
  };
  const blockOf = (key: string): readonly string[] => {
    const block = blocks.get(key);
    return block === undefined ? [] : typeof block === 'string' ? [block] : block;
  };
  // Groups in the order of their first contact in `contacts`.
  const blocked = new Set<string>();
  const keys: string[] = [];
  contacts.forEach((contact, id) => {
    if (isOwnGroup(id, contact) && !groups.has(id)) {
      addContactBlockingKeys(keys, contact);
      addToBlocks(id, keys);
      return;
    }
    const canonical = canonicalOf(id, contact);
    if (blocked.has(canonical)) return;
    blocked.add(canonical);
    const members = groups.get(canonical)!;
    const union = new Set(members.flatMap(contactBlockingKeys));
    addToBlocks(canonical, [...union]);
  });
  interface KeyFacts {
    /** Contacts (canonical) that record the key. */
    recorders: Set<string>;
    /** Recorded in a home or work phone field. */
    line: boolean;
    /** Recorded by a named contact as its own phone (cell, other, WhatsApp). */
    claimed: boolean;
  }
  const keyFactsCache = new Map<string, KeyFacts>();
  const keyFacts = (key: string): KeyFacts => {
    let found = keyFactsCache.get(key);
    if (!found) {
      found = { recorders: new Set(), line: false, claimed: false };
      for (const canonical of blockOf(blockingKeyOf(key))) {
        for (const identifier of contactIdentifiers(canonical)) {
          if (identifier.key !== key) continue;
          found.recorders.add(canonical);
          if (identifier.field && SHARED_LINE_FIELDS.has(identifier.field)) found.line = true;
          else if (identifier.field && contactName(canonical) !== null) found.claimed = true;
        }
      }
      keyFactsCache.set(key, found);
    }
    return found;
  };
  // A line whose caller name (CNAM) is a person's is a subscriber listing: possibly a household's.
  const listedLine = (key: string) => (ownership.get(key)?.callerNames ?? []).some((name: string) => normalizer.name(name) !== null);
  const holdersCache = new Map<string, string[]>();
  const holders = (key: string): string[] => {
    let found = holdersCache.get(key);
    if (!found) {
      const set = new Set(keyFacts(key).recorders);
      for (const id of ownership.get(key)?.contactIds ?? []) set.add(canonicalContactId(id, contacts));
      found = [...set].sort();
      holdersCache.set(key, found);
    }
    return found;
  };
  // Contested: a conversation that used the identifier is linked to a contact that does not
  // record it, while another contact does: resolution and an agent disagree about whose it is.
  const contested = (key: string): boolean => {
    const linked = ownership.get(key)?.linkedContactIds ?? [];
    if (linked.length === 0) return false;
    const holding = keyFacts(key).recorders;
    for (const id of linked) {
      const canonical = canonicalContactId(id, contacts);
      if (!isKnownContact(canonical) || holding.has(canonical)) continue;
      for (const holder of holding) if (holder !== canonical) return true;
    }
    return false;
  };
  // The kind of line: the numbering plan's answer, else a carrier lookup's, else a number that
  // texted is a mobile.
  const lineKind = (key: string): 'fixed' | 'mobile' | 'unknown' => {
    const planned = phoneLineType(key.slice('phone:'.length));
    if (planned !== 'unknown') return planned;
    const fact = ownership.get(key);
    return fact?.lineKind ?? (fact?.texted ? 'mobile' : 'unknown');
  };
  // Shared whatever kind of line it is: recorded as a home or work phone, contested, a business's
  // name seen with it (a caller name such as `MERIDIAN LABS`), or names of two people.
  const usedByMany = (key: string): boolean => {
    if (keyFacts(key).line || contested(key) || (ownership.get(key)?.names ?? []).some(isBusinessName)) return true;
    const names: string[] = [];
    for (const raw of ownership.get(key)?.names ?? []) {
      const name = normalizer.name(raw);
      if (name) names.push(name);
    }
    for (const holder of holders(key)) {
      const name = contactName(holder);
      if (name) names.push(name);
    }
    return countPeople(names) >= 2;
  };
  // A fixed line is a place's line, unless a named contact records it as the person's own phone
  // (cell, other, WhatsApp). So is, until shown otherwise, a listed line of unknown kind.
  const placeLineKind = (key: string): 'fixed' | 'unverified' | null => {
    if (!key.startsWith('phone:') || keyFacts(key).claimed) return null;
    const kind = lineKind(key);
    return kind === 'fixed' ? 'fixed' : kind === 'unknown' && listedLine(key) ? 'unverified' : null;
  };
  const sharedCache = new Map<string, boolean>();
  const isShared = (key: string): boolean => {
    let shared = sharedCache.get(key);
    if (shared === undefined) {
      shared = placeLineKind(key) !== null || usedByMany(key);
      sharedCache.set(key, shared);
    }
    return shared;
  };
  // Only a line its kind would decide: not claimed, not shared anyway (a lookup would be wasted,
  // and a number sent to the lookup for nothing).
  const isUnverifiedLine = (key: string): boolean => placeLineKind(key) === 'unverified' && !usedByMany(key);
  const isPersonal = (identifier: ExtractedIdentifier) =>
    identifier.strength === 'strong' && identifier.type !== 'name' && identifier.type !== 'externalContactId' && !isShared(identifier.key);
  const personalContactCache = new Map<string, boolean>();
  const isPersonalContact = (canonicalId: string): boolean => {
    let personal = personalContactCache.get(canonicalId);
    if (personal === undefined) {
      personal = contactName(canonicalId) !== null || contactIdentifiers(canonicalId).some(isPersonal);
      personalContactCache.set(canonicalId, personal);
    }
    return personal;
  };
  const conversationCache = new Map<string, ConversationIdentifiers>();
  const conversation = (c: ConversationInput): ConversationIdentifiers => {
    const id = c.conversationId ?? '';
    let found = id ? conversationCache.get(id) : undefined;
    if (!found) {
      found = extractConversationIdentifiers(c, contacts, normalizer, { contactFields: false });
      if (id) conversationCache.set(id, found);
    }
    return found;
  };
  const mailboxHolders = (mailbox: string): string[] =>
    [...new Set([...blockOf(`email:${mailbox}`), ...(mailboxBlocks.get(mailbox) ?? [])])]
      .filter((canonical) => contactIdentifiers(canonical).some((i) => i.type === 'email' && i.mailbox === mailbox));
  let recordedByContact: Map<string, string[]> | null = null;
  const recordedKeys = (canonicalId: string): readonly string[] => {
    if (!recordedByContact) {
      recordedByContact = new Map();
      const byContact = recordedByContact;
      ownership.forEach((fact, key) => {
        if (!fact.recordedContactIds || (listedLine(key) && lineKind(key) !== 'mobile')) return;
        for (const id of fact.recordedContactIds) {
          const canonical = canonicalContactId(id, contacts);
          const list = byContact.get(canonical);
          if (list) list.push(key);
          else byContact.set(canonical, [key]);
        }
      });
    }
    return recordedByContact.get(canonicalId) ?? [];
  };
  const index: IdentityIndex = {
    normalizer, contacts, conversation, contactIdentifiers, contactName, holders, mailboxHolders, recordedKeys, isShared, isUnverifiedLine, isPersonal, isPersonalContact,
    recordedBy: (key) => keyFacts(key).recorders,
    personOf: (c) => {
      const id = c.conversationId ?? '';
      let found = id ? personCache.get(id) : undefined;
      if (!found) {
        found = growPerson(index, conversation(c));
        if (id) personCache.set(id, found);
      }
      return found;
    },
  };
  const personCache = new Map<string, Person>();
  return index;
}
