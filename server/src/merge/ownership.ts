import { canonicalContactId, contactDisplayName, customerParticipants, rememberedSessionAddress, type AddressMemo } from './identifiers.js';
import type { ContactInput, ContactsById, ConversationInput } from './input.js';
import { parseInstant } from './input.js';
import type { Normalizer } from './normalize.js';

/**
 * What is known about who uses one identifier, gathered by the engine (identifier lookups,
 * contacts read, conversations seen): the distinct contact ids seen holding it or linked to
 * conversations that used it, and the person names seen with it. Keyed by identifier key
 * (`phone:+15551234567`, `email:jane@example.com`, …; see `ExtractedIdentifier.key`).
 */
export interface IdentifierOwnership {
  contactIds: readonly string[];
  /** Names as seen (normalised here); placeholders such as "Unknown" are ignored. */
  names: readonly string[];
  /**
   * Of `contactIds`, those linked to conversations that used the identifier (by identity
   * resolution or an agent's association) and that existed before the conversation started. Such
   * a contact that does not record the identifier, while another contact does, marks it as
   * contested (see `IdentityIndex`).
   */
  linkedContactIds?: readonly string[];
  /**
   * Of `contactIds`, the curated contacts an agent created during a conversation that used the
   * identifier: the agent's record of the person on the line, so the identifier is that person's
   * unless something else shows it is shared (see `IdentityIndex`).
   */
  recordedContactIds?: readonly string[];
  /**
   * Caller names (CNAM) delivered with inbound calls from the number: the name the line is
   * subscribed in, which a household's members all call under.
   */
  callerNames?: readonly string[];
  /** The number sent or received text messages (SMS, WhatsApp): a mobile, so one person's device. */
  texted?: boolean;
  /**
   * What a carrier line-type lookup says the number is (`LineKind`), where the numbering plan
   * cannot tell (the NANP): a fixed line is a place's, a mobile a person's.
   */
  lineKind?: LineKind;
}

/** A phone line as a carrier lookup classifies it: `fixed` (landline, fixed VoIP, toll-free) or `mobile` (mobile, non-fixed VoIP). */
export type LineKind = 'fixed' | 'mobile';

/** Ownership facts by identifier key. */
export type OwnershipFacts = ReadonlyMap<string, IdentifierOwnership>;

/**
 * True when two normalised names (see `normalizeName`) can be the same person: one's tokens are
 * all found in the other's (`jane doe` / `doe jane marie`), a one-letter token standing for any
 * token with that initial (`doe j` / `doe jane`). Different first names are different people,
 * even with the same surname (a household); a typo makes two names incompatible, which only
 * ever costs recall, never precision.
 */
export function namesCompatible(a: string, b: string): boolean {
  if (a === b) return true;
  const ta = a.split(' ');
  const tb = b.split(' ');
  const [small, large] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  const used = new Array<boolean>(large.length).fill(false);
  for (const token of small) {
    let matched = false;
    for (let i = 0; i < large.length && !matched; i++) {
      if (used[i]) continue;
      const other = large[i]!;
      if (other === token || (token.length === 1 && other.startsWith(token)) || (other.length === 1 && token.startsWith(other))) {
        used[i] = true;
        matched = true;
      }
    }
    if (!matched) return false;
  }
  return true;
}

/**
 * How many different people a set of normalised names stands for: names are grouped with the
 * first group they are compatible with (in sorted order, so the answer does not depend on
 * input order). 0 for no names.
 */
export function countPeople(names: Iterable<string>): number {
  const groups: string[][] = [];
  for (const name of [...new Set(names)].sort()) {
    const group = groups.find((members) => members.every((member) => namesCompatible(member, name)));
    if (group) group.push(name);
    else groups.push([name]);
  }
  return groups.length;
}

/**
 * Ownership facts derived from the conversations at hand: for every customer session address,
 * the conversation's linked contacts (canonical) and their names, and the customer
 * participant's name per `includeParticipantNames`:
 * - `voice` (default): on calls only, where it is the caller name the carrier delivers (CNAM):
 *   the subscriber of the line (a household's subscriber, a company behind a switchboard), so
 *   a line whose subscriber is not the person using it shows two names; locations and
 *   placeholders (`CHICAGO IL`, `WIRELESS CALLER`) name no one (`normalizeName`);
 * - `all`: on every channel (email display names, WhatsApp profile names, web form names are
 *   often nicknames, which make personal identifiers look shared: recall suffers);
 * - `none`.
 * A phone seen on SMS or WhatsApp is marked `texted` (a mobile), and `lineKinds` (carrier
 * lookups) are recorded as given. Contacts that record an identifier need no facts here: the
 * identity index finds them in the contacts it is given. The engine merges these with what it
 * learns from lookups.
 */
export function deriveOwnership(input: {
  conversations: Iterable<ConversationInput>;
  contacts: ContactsById;
  normalizer: Normalizer;
  includeParticipantNames?: 'none' | 'voice' | 'all';
  /** Carrier lookups by identifier key (`phone:+1…`), for the numbers looked up. */
  lineKinds?: ReadonlyMap<string, LineKind>;
}): Map<string, IdentifierOwnership> {
  const { contacts, normalizer } = input;
  const names = input.includeParticipantNames ?? 'voice';
  const facts = new Map<string, Fact>();
  const memo: AddressMemo = new Map();
  const entry = (key: string) => {
    let found = facts.get(key);
    if (!found) facts.set(key, (found = emptyFact()));
    return found;
  };
  for (const conversation of input.conversations) {
    for (const participant of customerParticipants(conversation)) {
      const linked = participant.externalContactId ? canonicalContactId(participant.externalContactId, contacts) : null;
      const linkedContact = linked ? contacts.get(linked) ?? contacts.get(participant.externalContactId!) : undefined;
      const linkedName = linkedContact ? contactDisplayName(linkedContact) : null;
      for (const session of participant.sessions ?? []) {
        const address = rememberedSessionAddress(memo, session, normalizer);
        if (!address || address.type === 'name') continue;
        const fact = entry(address.key);
        if (linked) {
          fact.contactIds.add(linked);
          // Only a contact that existed before the conversation: one the agent created during
          // it is a new record of whoever was on the line, not an attribution to someone known.
          const created = parseInstant(linkedContact?.createDate);
          const started = parseInstant(conversation.conversationStart);
          if (created !== null && started !== null && created < started) fact.linkedContactIds.add(linked);
          const record = contacts.get(participant.externalContactId!);
          if (record?.type === 'Curated' && record.id === participant.externalContactId && started !== null && recordedDuring(record, started, conversation.conversationEnd)) {
            fact.recordedContactIds.add(linked);
          }
        }
        if (linkedName) fact.names.add(linkedName);
        if (participant.participantName && (names === 'all' || (names === 'voice' && (address.channel === 'voice')))) {
          fact.names.add(participant.participantName);
        }
        if (participant.participantName && address.channel === 'voice' && session.direction !== 'outbound') fact.callerNames.add(participant.participantName);
        if (address.type === 'phone' && (address.channel === 'sms' || address.channel === 'whatsapp')) fact.texted = true;
      }
    }
  }
  for (const [key, kind] of input.lineKinds ?? []) entry(key).lineKind = kind;
  return freeze(facts);
}

/** Combines ownership facts (e.g. derived ones and the engine's lookups): unions per key. */
export function mergeOwnership(...sources: Array<OwnershipFacts | undefined>): Map<string, IdentifierOwnership> {
  const out = new Map<string, Fact>();
  for (const source of sources) {
    if (!source) continue;
    for (const [key, fact] of source) {
      let found = out.get(key);
      if (!found) out.set(key, (found = emptyFact()));
      for (const id of fact.contactIds) found.contactIds.add(id);
      for (const name of fact.names) found.names.add(name);
      for (const id of fact.linkedContactIds ?? []) found.linkedContactIds.add(id);
      for (const id of fact.recordedContactIds ?? []) found.recordedContactIds.add(id);
      for (const name of fact.callerNames ?? []) found.callerNames.add(name);
      if (fact.texted) found.texted = true;
      if (fact.lineKind) found.lineKind ??= fact.lineKind;
    }
  }
  return freeze(out);
}

interface Fact {
  contactIds: Set<string>;
  names: Set<string>;
  linkedContactIds: Set<string>;
  recordedContactIds: Set<string>;
  callerNames: Set<string>;
  texted: boolean;
  lineKind?: LineKind;
}

const emptyFact = (): Fact => ({ contactIds: new Set(), names: new Set(), linkedContactIds: new Set(), recordedContactIds: new Set(), callerNames: new Set(), texted: false });

/** True when the contact was created while the conversation (started at `started`) was going on. */
function recordedDuring(contact: ContactInput, started: number, end: string | undefined): boolean {
  const created = parseInstant(contact.createDate);
  const ended = end ? parseInstant(end) : null;
  return created !== null && created >= started && created <= (ended ?? Infinity);
}

function freeze(facts: Map<string, Fact>): Map<string, IdentifierOwnership> {
  const out = new Map<string, IdentifierOwnership>();
  for (const [key, fact] of facts) {
    out.set(key, {
      contactIds: [...fact.contactIds].sort(), names: [...fact.names].sort(), linkedContactIds: [...fact.linkedContactIds].sort(),
      ...(fact.recordedContactIds.size > 0 ? { recordedContactIds: [...fact.recordedContactIds].sort() } : {}),
      ...(fact.callerNames.size > 0 ? { callerNames: [...fact.callerNames].sort() } : {}),
      ...(fact.texted ? { texted: true } : {}),
      ...(fact.lineKind ? { lineKind: fact.lineKind } : {}),
    });
  }
  return out;
}
