import { evidenceFor } from './evidence.js';
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
  const seen = new Set<string>([anchorId]);
  const out: Candidate[] = [];
  for (const conversation of input.candidates) {
    const id = conversation.conversationId;
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const identifiers = index.conversation(conversation);
    const evidence = evidenceFor(index, person, identifiers);
    const reasons = evidence.reasons;
    let score = evidence.score;
    const start = parseInstant(conversation.conversationStart);
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
      maskedAddress: address ? maskIdentifier(address.type as IdentifierType, address.value) : null,
      score,
      selected: alreadyMerged === null && evidence.strong && !evidence.conflict && score >= input.settings.threshold,
      alreadyMerged,
      reasons,
    });
  }
  return out.sort((a, b) =>
    b.score - a.score || (b.startTime < a.startTime ? -1 : b.startTime > a.startTime ? 1 : 0) || (a.conversationId < b.conversationId ? -1 : 1));
}

const round = (value: number) => Math.round(value * 1000) / 1000;
