import type { ConversationIdentifiers, ExtractedIdentifier } from './identifiers.js';
import type { IdentityIndex } from './identity.js';
import { contradicts, linkedThroughSharedLine, type Person } from './person.js';
import { maskIdentifier } from './mask.js';
import type { IdentifierType, Reason, ReasonCode } from './types.js';

/**
 * Weights of the evidence codes. Strong evidence sits at 0.75–0.9 and combines as a noisy-or;
 * weak evidence (shared identifier, name) is capped together at `WEAK_CAP`, so it never reaches
 * a sensible threshold alone (and `selected` also requires strong evidence, whatever the
 * threshold). A conflict subtracts more than any modifier can add.
 */
export const EVIDENCE_WEIGHTS: Readonly<Record<Exclude<ReasonCode, 'time_proximity'>, number>> = Object.freeze({
  same_contact: 0.9,
  email_match: 0.9,
  phone_match: 0.85,
  messaging_id_match: 0.85,
  contact_identifier_match: 0.8,
  email_variant_match: 0.75,
  shared_identifier: 0.3,
  name_match: 0.15,
  conflicting_identifier: -0.6,
});

/** The most weak evidence alone can score. */
export const WEAK_CAP = 0.45;

/** Evidence that a conversation's customer is a given person. */
export interface Evidence {
  reasons: Reason[];
  /** At least one strong reason (the only kind that may select). */
  strong: boolean;
  /** Another person's strong identifier was found. */
  conflict: boolean;
  /** Noisy-or of strong weights, or the capped noisy-or of weak ones; conflicts subtracted; 0..1. */
  score: number;
}

const MATCH_CODE: Readonly<Record<string, ReasonCode>> = Object.freeze({
  phone: 'phone_match',
  email: 'email_match',
  messagingId: 'messaging_id_match',
});

const STRONG_CODES: ReadonlySet<ReasonCode> = new Set([
  'same_contact', 'phone_match', 'email_match', 'email_variant_match', 'messaging_id_match', 'contact_identifier_match',
]);

/**
 * The evidence linking `candidate` to `person`:
 * - `same_contact`: linked to one of the person's own (personal) contacts or its merge set;
 * - `phone_match` / `email_match` / `messaging_id_match`: a personal session identifier equal to
 *   one of the person's own session identifiers;
 * - `contact_identifier_match`: a personal identifier (or the linked contact) reached through
 *   the person's contacts, i.e. recorded on the customer's contact;
 * - `email_variant_match`: the same mailbox under the tenant's plus-tag / dot rules;
 * - `shared_identifier` (weak): the same identifier or contact, but shared or not personal;
 * - `name_match` (weak): the same normalised name and nothing stronger;
 * - `conflicting_identifier`: linked to a contact that is another person's (incompatible name
 *   or a different external id from the same source).
 */
export function evidenceFor(
  index: IdentityIndex,
  person: Person,
  candidate: ConversationIdentifiers,
  options: { conflicts?: 'always' | 'with_evidence' } = {},
): Evidence {
  const list = new ReasonList();
  let unknownContacts = false;
  for (const canonical of candidate.canonicalContactIds) {
    if ((person.ownContacts.has(canonical) || person.contacts.has(canonical)) && linkedThroughSharedLine(index, candidate, canonical)) {
      list.add('shared_identifier', 'externalContactId', null, canonical);
    } else if (person.ownContacts.has(canonical)) list.add('same_contact', 'externalContactId', null, canonical);
    else if (person.contacts.has(canonical)) list.add('contact_identifier_match', 'externalContactId', null, canonical);
    else if (person.conflictContacts.has(canonical)) list.add('conflicting_identifier', 'externalContactId', null, canonical);
    else if (person.weakContacts.has(canonical)) list.add('shared_identifier', 'externalContactId', null, canonical);
    else unknownContacts = true;
  }
  for (const identifier of candidate.identifiers) {
    if (identifier.type === 'name' || identifier.source !== 'session') continue;
    matchSessionIdentifier(index, person, identifier, list);
  }
  // Another person's contact matters when something else links the candidate to this person
  // (scoring skips the check for unrelated candidates); validation asks for it always.
  if (unknownContacts && (options.conflicts === 'always' || list.size > 0)) {
    for (const canonical of candidate.canonicalContactIds) {
      if (isKnownTo(person, canonical)) continue;
      // A contact the person never reached, but whose name or external id contradicts the person's.
      if (contradicts(index, person.names, person.externalIds, canonical)) list.add('conflicting_identifier', 'externalContactId', null, canonical);
    }
  }
  let strong = false;
  let conflict = false;
  let strongMiss = 1;
  let weakMiss = 1;
  const reasons = list.reasons;
  for (const reason of reasons) {
    if (reason.code === 'conflicting_identifier') conflict = true;
    else if (STRONG_CODES.has(reason.code)) {
      strong = true;
      strongMiss *= 1 - reason.weight;
    } else weakMiss *= 1 - reason.weight;
  }
  if (!strong) {
    for (const identifier of candidate.identifiers) {
      if (identifier.type !== 'name') continue;
      const name = identifier.value;
      if (person.names.includes(name) || person.seenNames.has(name)) {
        list.add('name_match', 'name', maskIdentifier('name', name), `name:${name}`);
        weakMiss *= 1 - EVIDENCE_WEIGHTS.name_match;
      }
    }
  }
  let score = strong ? 1 - strongMiss : Math.min(WEAK_CAP, 1 - weakMiss);
  if (conflict) {
    for (const reason of reasons) if (reason.code === 'conflicting_identifier') score += reason.weight;
  }
  const ordered = reasons.length < 2 ? reasons : [...reasons].sort((a, b) => b.weight - a.weight || a.code.localeCompare(b.code) || (a.masked ?? '').localeCompare(b.masked ?? ''));
  return { reasons: ordered, strong, conflict, score: Math.max(0, Math.min(1, score)) };
}

/**
 * A few reasons per candidate: a list with the identifier key kept aside (no key strings built).
 * Most candidates of a large search have none: the arrays are made on the first reason.
 */
class ReasonList {
  private list: Reason[] | null = null;
  private keys: string[] | null = null;

  get size(): number {
    return this.list?.length ?? 0;
  }

  /** The reasons added (a new empty array when none). */
  get reasons(): Reason[] {
    return (this.list ??= []);
  }

  /** Adds a reason unless the same code was already given for the same identifier key. */
  add(code: ReasonCode, identifierType: IdentifierType | null, masked: string | null, key: string): void {
    if (this.list === null) {
      this.list = [reasonOf(code, identifierType, masked)];
      this.keys = [key];
      return;
    }
    const keys = (this.keys ??= []);
    for (let i = 0; i < this.list.length; i++) if (this.list[i]!.code === code && keys[i] === key) return;
    this.list.push(reasonOf(code, identifierType, masked));
    keys.push(key);
  }
}

const reasonOf = (code: ReasonCode, identifierType: IdentifierType | null, masked: string | null): Reason =>
  ({ code, identifierType, masked, weight: EVIDENCE_WEIGHTS[code as keyof typeof EVIDENCE_WEIGHTS] });

function matchSessionIdentifier(
  index: IdentityIndex,
  person: Person,
  identifier: ExtractedIdentifier,
  list: ReasonList,
): void {
  const type = identifier.type as IdentifierType;
  if (identifier.type === 'externalId') return;
  const key = identifier.key;
  const known = person.sessionKeys.has(key) || person.keys.has(key) || person.weakKeys.has(key)
    || (identifier.type === 'email' && identifier.mailbox !== undefined && person.mailboxes.has(identifier.mailbox));
  // Whether an identifier is shared only matters when the person knows it.
  if (!known) return;
  const masked = () => maskIdentifier(type, identifier.value);
  if (!index.isPersonal(identifier)) {
    if (person.weakKeys.has(identifier.key) || person.sessionKeys.has(identifier.key) || person.keys.has(identifier.key)) {
      list.add('shared_identifier', type, masked(), identifier.key);
    }
    return;
  }
  if (person.sessionKeys.has(identifier.key)) list.add(MATCH_CODE[type] ?? 'contact_identifier_match', type, masked(), identifier.key);
  else if (person.keys.has(identifier.key)) list.add('contact_identifier_match', type, masked(), identifier.key);
  else if (identifier.type === 'email' && identifier.mailbox && person.mailboxes.has(identifier.mailbox)) {
    list.add('email_variant_match', 'email', masked(), identifier.key);
  }
}

/** A contact the person reached, as its own, through evidence, as a conflict or weakly. */
const isKnownTo = (person: Person, canonical: string) =>
  person.ownContacts.has(canonical) || person.contacts.has(canonical) || person.conflictContacts.has(canonical) || person.weakContacts.has(canonical);
