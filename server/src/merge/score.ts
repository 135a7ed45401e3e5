import { evidenceFor } from './evidence.js';
import { extractConversationIdentifiers, type AddressMemo, type ExtractedIdentifier } from './identifiers.js';
import { createIdentityIndex, type IdentityIndex } from './identity.js';
import type { ContactsById, ConversationInput } from './input.js';
import { parseInstant } from './input.js';
import { maskIdentifier } from './mask.js';
import { createNormalizer } from './normalize.js';
import type { OwnershipFacts } from './ownership.js';
import type { AlreadyMerged, Candidate, IdentifierType, TenantSettings } from './types.js';

/** The most time proximity adds: a candidate at the same instant as the anchor. */
export const TIME_PROXIMITY_MAX = 0.05;
/** Time proximity fades to nothing over this span. */
export const TIME_PROXIMITY_SPAN_MS = 7 * 24 * 3600 * 1000;
/** The most the candidate's channel weight adds (for the highest-weighted channel). */
export const CHANNEL_MODIFIER_MAX = 0.02;

export interface ScoreInput {
  /** The conversation the agent is handling. */
  anchor: ConversationInput;
  /** Conversations found by the engine; the anchor and repeated ids are skipped. */
  candidates: Iterable<ConversationInput>;
  /** Contacts read by the engine, by id (linked contacts, holders of the anchor's identifiers). */
  contacts: ContactsById;
  /** Who uses each identifier (see `IdentifierOwnership`); combine with `deriveOwnership`. */
  ownership?: OwnershipFacts;
  /** Conversations already merged by us (store markers), by conversation id. */
  alreadyMerged?: ReadonlyMap<string, AlreadyMerged>;
  settings: Pick<TenantSettings, 'threshold' | 'channelWeights' | 'emailRules'>;
  /** The org's `defaultCountryCode`. */
  defaultCountry: string;
  /** An index to reuse (same contacts, ownership and rules); built when absent. */
  index?: IdentityIndex;
}

/**
 * Scores every candidate against the anchor's customer (see `IdentityIndex` for the identity
 * rules and `evidenceFor` for the reasons) and decides which are auto-selected.
 *
 * Score (0..1): the noisy-or of the strong evidence weights (or weak evidence capped at
 * `WEAK_CAP`), minus conflicts, plus two small modifiers: time proximity to the anchor (up to
 * `TIME_PROXIMITY_MAX`, fading over `TIME_PROXIMITY_SPAN_MS`; shown as a `time_proximity`
 * reason) and the candidate channel's weight (up to `CHANNEL_MODIFIER_MAX`, not shown).
 * `selected` only when the score is at or above `settings.threshold`, the evidence includes a
 * strong reason, nothing conflicts, and the conversation is not already merged.
 *
 * Output order: score descending, then start time descending, then conversation id.
 * Pure: no I/O, no clock (time proximity is relative to the anchor's start).
 */
export function scoreCandidates(input: ScoreInput): Candidate[] {
  const index = input.index ?? createIdentityIndex({
    contacts: input.contacts,
    ownership: input.ownership,
    normalizer: createNormalizer({ defaultCountry: input.defaultCountry, emailRules: input.settings.emailRules }),
  });
  const person = index.personOf(input.anchor);
  const anchorId = input.anchor.conversationId ?? '';
  const anchorStart = parseInstant(input.anchor.conversationStart);
  const weights = input.settings.channelWeights;
  const maxWeight = Math.max(1, ...Object.values(weights));
  const memo: AddressMemo = new Map();
  // Identifiers are shared through the memo, so each address is masked once.
  const masks = new Map<ExtractedIdentifier, string>();
  const maskOf = (address: ExtractedIdentifier) => {
    let masked = masks.get(address);
    if (masked === undefined) masks.set(address, (masked = maskIdentifier(address.type as IdentifierType, address.value)));
    return masked;
  };
  const out: Candidate[] = [];
  const starts: number[] = [];
  const extraction = { contactFields: false, memo, linkedContactIdentifiers: false } as const;
  for (const conversation of input.candidates) {
    const id = conversation.conversationId;
    if (!id || id === anchorId) continue;
    // Not through the index's cache: every candidate is read once here.
    const identifiers = extractConversationIdentifiers(conversation, input.contacts, index.normalizer, extraction);
    const evidence = evidenceFor(index, person, identifiers);
    const reasons = evidence.reasons;
    let score = evidence.score;
    const start = identifiers.startMs;
    if (anchorStart !== null && start !== null) {
      const bonus = round(TIME_PROXIMITY_MAX * Math.max(0, 1 - Math.abs(start - anchorStart) / TIME_PROXIMITY_SPAN_MS));
      if (bonus > 0 && (evidence.strong || reasons.length > 0)) {
        score += bonus;
        reasons.push({ code: 'time_proximity', identifierType: null, masked: null, weight: bonus });
      }
    }
    const session = identifiers.primarySession;
    const channel = session?.channel ?? 'messaging';
    if (reasons.length > 0) score += CHANNEL_MODIFIER_MAX * ((weights[channel] ?? 0) / maxWeight);
    score = round(Math.max(0, Math.min(1, score)));
    const alreadyMerged = input.alreadyMerged?.get(id) ?? null;
    const address = session?.address;
    out.push({
      conversationId: id,
      mediaType: session?.mediaType ?? '',
      messageType: session?.messageType ?? null,
      channel,
      startTime: conversation.conversationStart ?? '',
      endTime: conversation.conversationEnd ?? null,
      maskedAddress: address ? maskOf(address) : null,
      score,
      selected: alreadyMerged === null && evidence.strong && !evidence.conflict && score >= input.settings.threshold,
      alreadyMerged,
      reasons,
    });
    starts.push(start ?? -Infinity);
  }
  return sortCandidates(out, starts);
}

const byId = (a: Candidate, b: Candidate) => (a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0);

/**
 * Score descending, start descending, id: buckets by score (three decimals: at most 1,001), then
 * within a bucket a native sort of packed (start, position) keys, the comparator only for equal
 * starts, so 100,000 candidates never go through a 100,000-element comparator sort.
 */
function sortCandidates(candidates: Candidate[], starts: number[]): Candidate[] {
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < candidates.length; i++) {
    const rank = Math.round(candidates[i]!.score * 1000);
    const bucket = buckets.get(rank);
    if (bucket) bucket.push(i);
    else buckets.set(rank, [i]);
  }
  const out: Candidate[] = [];
  for (const rank of [...buckets.keys()].sort((a, b) => b - a)) {
    const members = buckets.get(rank)!;
    let latest = -Infinity;
    let earliest = Infinity;
    for (const i of members) {
      const start = starts[i]!;
      if (start > latest) latest = start;
      if (start < earliest) earliest = start;
    }
    const n = members.length;
    const exact = Number.isFinite(latest) && Number.isFinite(earliest) && (latest - earliest + 1) * n < Number.MAX_SAFE_INTEGER;
    if (!exact || n < 64) {
      members.sort((i, j) => starts[j]! - starts[i]! || byId(candidates[i]!, candidates[j]!));
      for (const i of members) out.push(candidates[i]!);
      continue;
    }
    const keys = new Float64Array(n);
    for (let k = 0; k < n; k++) keys[k] = (latest - starts[members[k]!]!) * n + k;
    keys.sort();
    const sorted = new Array<Candidate>(n);
    const sortedStarts = new Array<number>(n);
    for (let k = 0; k < n; k++) {
      const member = members[keys[k]! % n]!;
      sorted[k] = candidates[member]!;
      sortedStarts[k] = starts[member]!;
    }
    for (let k = 0; k < n;) {
      let end = k + 1;
      while (end < n && sortedStarts[end] === sortedStarts[k]) end++;
      if (end - k > 1) {
        const run = sorted.slice(k, end).sort(byId);
        for (let m = 0; m < run.length; m++) sorted[k + m] = run[m]!;
      }
      k = end;
    }
    for (const candidate of sorted) out.push(candidate);
  }
  // A conversation given twice scores the same twice, so its copies end up side by side.
  let kept = 0;
  for (let i = 0; i < out.length; i++) {
    if (kept > 0 && out[kept - 1]!.conversationId === out[i]!.conversationId) continue;
    out[kept++] = out[i]!;
  }
  out.length = kept;
  return out;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
