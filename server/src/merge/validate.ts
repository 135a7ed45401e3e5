import { evidenceFor } from './evidence.js';
import { canonicalContactId } from './identifiers.js';
import { createIdentityIndex, type IdentityIndex } from './identity.js';
import type { ContactsById, ConversationInput } from './input.js';
import { parseInstant } from './input.js';
import { createNormalizer } from './normalize.js';
import type { OwnershipFacts } from './ownership.js';
import type { AlreadyMerged, TenantSettings, ValidationProblem } from './types.js';

/** Platform limits of `POST /api/v2/externalcontacts/contacts/merge` (reference §3.3). */
export const MERGE_LIMITS = Object.freeze({ minContacts: 2, maxContacts: 25, maxMergeSet: 52 });

const DAY_MS = 24 * 3600 * 1000;

export interface ValidationInput {
  /** The conversation the agent is handling: the root of continuity. */
  anchorConversationId: string;
  /** The selection, the anchor included. Repeated ids count once. */
  conversationIds: readonly string[];
  /** Analytics records found, by conversation id. */
  conversations: ReadonlyMap<string, ConversationInput>;
  /** Ids that answered 404: `purged` when seen before (in a search or the candidates), else `not_found`. */
  missing?: ReadonlyMap<string, 'purged' | 'not_found'>;
  contacts: ContactsById;
  ownership?: OwnershipFacts;
  alreadyMerged?: ReadonlyMap<string, AlreadyMerged>;
  settings: Pick<TenantSettings, 'allowActiveConversations' | 'emailRules'>;
  defaultCountry: string;
  /** The org's analytics retention (`GET /api/v2/analytics/dataretention/settings`). */
  retentionDays: number;
  /** Divisions the caller may act in; absent or null = every division. */
  allowedDivisionIds?: ReadonlySet<string> | null;
  /** Epoch ms. */
  now: number;
  index?: IdentityIndex;
}

/**
 * Problems with a selection, per conversation (`conversationId` null for the whole selection),
 * in selection order. Codes and params (never a customer identifier in params):
 *
 * - `purged` / `not_found` (error): the record answered 404.
 * - `retention_expired` (error): started more than `retentionDays` before `now`;
 *   params `{retentionDays, ageDays}`.
 * - `no_customer` (error): no participant with purpose customer (or external).
 * - `conversation_active` (error unless `allowActiveConversations`, then no problem): no end yet.
 * - `division_not_allowed` (error): the conversation's divisions, or its contact's division, are
 *   all outside `allowedDivisionIds`; params `{scope: 'conversation' | 'contact'}`.
 * - `already_merged` (warning): merged before by us; params `{mergedAt, jobId}`.
 * - `too_few_contacts` (error): no conversation is linked to any contact, so there is nothing
 *   to associate to; params `{count, min: 1}`. (One contact needs no merge, only associations.)
 * - `too_many_contacts` (error): more than 25 distinct canonical contacts; params `{count, max}`.
 * - `merge_set_too_large` (error): the resulting merge set (`resultingMergeSetSize`: the union
 *   of the merge sets involved plus the new contact) exceeds 52; params `{size, max}`.
 * - `continuity_conflict` (error): a conversation whose customer is linked to another person's
 *   contact: a contact with a name incompatible with the names of the other conversation's
 *   person, or with a different external id from the same source (see `IdentityIndex`); on the
 *   later conversation of the pair, params `{conflictsWith: conversationId}`.
 * - `no_common_evidence`: a conversation with no strong evidence chain to the anchor (selected
 *   conversations are linked when one's person has strong evidence for the other, and links
 *   chain). Error when there is no evidence at all (`{evidence: 'none'}`); a warning when only
 *   weak evidence links it, e.g. a shared household line the agent has confirmed
 *   (`{evidence: 'weak'}`).
 */
export function validateSelection(input: ValidationInput): ValidationProblem[] {
  const index = input.index ?? createIdentityIndex({
    contacts: input.contacts,
    ownership: input.ownership,
    normalizer: createNormalizer({ defaultCountry: input.defaultCountry, emailRules: input.settings.emailRules }),
  });
  const problems: ValidationProblem[] = [];
  const problem = (code: ValidationProblem['code'], severity: ValidationProblem['severity'], conversationId: string | null, params: ValidationProblem['params'] = {}) =>
    problems.push({ code, severity, conversationId, params });
  const ids = [...new Set(input.conversationIds)];
  const allowed = input.allowedDivisionIds ?? null;
  const usable: ConversationInput[] = [];

  for (const id of ids) {
    const conversation = input.conversations.get(id);
    if (!conversation) {
      problem(input.missing?.get(id) ?? 'not_found', 'error', id);
      continue;
    }
    const start = parseInstant(conversation.conversationStart);
    if (start !== null && start < input.now - input.retentionDays * DAY_MS) {
      problem('retention_expired', 'error', id, { retentionDays: input.retentionDays, ageDays: Math.floor((input.now - start) / DAY_MS) });
    }
    const identifiers = index.conversation(conversation);
    if (identifiers.customerParticipantCount === 0) problem('no_customer', 'error', id);
    else usable.push(conversation);
    if (!conversation.conversationEnd && !input.settings.allowActiveConversations) problem('conversation_active', 'error', id);
    const divisions = conversation.divisionIds ?? [];
    if (allowed && divisions.length > 0 && !divisions.some((d) => allowed.has(d))) {
      problem('division_not_allowed', 'error', id, { scope: 'conversation' });
    }
    for (const contactId of identifiers.canonicalContactIds) {
      const division = (input.contacts.get(contactId) ?? input.contacts.get(identifiers.linkedContactIds[0] ?? ''))?.division?.id;
      if (allowed && division && !allowed.has(division)) problem('division_not_allowed', 'error', id, { scope: 'contact' });
    }
    const merged = input.alreadyMerged?.get(id);
    if (merged) problem('already_merged', 'warning', id, { mergedAt: merged.mergedAt, jobId: merged.jobId });
  }

  const contactIds = new Set<string>();
  for (const conversation of usable) for (const id of index.conversation(conversation).canonicalContactIds) contactIds.add(id);
  if (usable.length > 0 && contactIds.size === 0) problem('too_few_contacts', 'error', null, { count: 0, min: 1 });
  if (contactIds.size > MERGE_LIMITS.maxContacts) {
    problem('too_many_contacts', 'error', null, { count: contactIds.size, max: MERGE_LIMITS.maxContacts });
  }
  if (contactIds.size >= MERGE_LIMITS.minContacts) {
    const size = resultingMergeSetSize([...contactIds], input.contacts);
    if (size > MERGE_LIMITS.maxMergeSet) problem('merge_set_too_large', 'error', null, { size, max: MERGE_LIMITS.maxMergeSet });
  }
  problems.push(...continuityProblems(index, usable, input.anchorConversationId));
  return problems;
}

/**
 * The size of the merge set a merge of these contacts produces: the union of their merge sets
 * (each contact included), plus the new canonical contact the merge creates (reference §3.3; the
 * emulator counts it the same way).
 */
export function resultingMergeSetSize(contactIds: readonly string[], contacts: ContactsById): number {
  const union = new Set<string>();
  for (const id of contactIds) {
    union.add(canonicalContactId(id, contacts));
    for (const member of contacts.get(id)?.mergeSet ?? []) if (member.id) union.add(member.id);
  }
  return union.size + 1;
}

function continuityProblems(index: IdentityIndex, conversations: ConversationInput[], anchorId: string): ValidationProblem[] {
  const n = conversations.length;
  if (n < 2) return [];
  const parent = conversations.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const weakLinks = new Set<number>();
  const conflictWith = new Map<number, number>();
  for (let a = 0; a < n; a++) {
    const person = index.personOf(conversations[a]!);
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      const evidence = evidenceFor(index, person, index.conversation(conversations[b]!), { conflicts: 'always' });
      if (evidence.conflict) {
        const [first, second] = a < b ? [a, b] : [b, a];
        if (!conflictWith.has(second)) conflictWith.set(second, first);
      } else if (evidence.strong) {
        parent[find(a)] = find(b);
      } else if (evidence.reasons.length > 0) {
        weakLinks.add(a * n + b);
      }
    }
  }
  const problems: ValidationProblem[] = [];
  const rootIndex = Math.max(0, conversations.findIndex((c) => c.conversationId === anchorId));
  const root = find(rootIndex);
  for (let i = 0; i < n; i++) {
    const id = conversations[i]!.conversationId ?? null;
    const other = conflictWith.get(i);
    if (other !== undefined) {
      problems.push({ code: 'continuity_conflict', severity: 'error', conversationId: id, params: { conflictsWith: conversations[other]!.conversationId ?? '' } });
      continue;
    }
    if (find(i) === root) continue;
    let weak = false;
    for (let j = 0; j < n && !weak; j++) {
      if (find(j) === root && (weakLinks.has(i * n + j) || weakLinks.has(j * n + i))) weak = true;
    }
    problems.push({
      code: 'no_common_evidence', severity: weak ? 'warning' : 'error', conversationId: id, params: { evidence: weak ? 'weak' : 'none' },
    });
  }
  return problems;
}
