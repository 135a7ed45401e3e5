import type { Dataset } from '../../emulator/src/dataset/types.js';
import type { Channel } from '../../server/src/merge/types.js';
import { channelOfConversation, channelPairKey } from './channels.js';
import type { Eligibility } from './eligibility.js';

/** Precision, recall and their harmonic mean; null when undefined (nothing predicted / nothing to find). */
export interface Scores {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** Pairwise figures over (anchor, other) pairs. */
export interface PairwiseScores extends Scores {
  tp: number;
  fp: number;
  fn: number;
  /** Selected pairs that count neither way: same customer, but no shared evidence (lucky guesses). */
  neutral: number;
}

/** B-cubed figures: per-anchor precision and recall, averaged. */
export interface BcubedScores extends Scores {
  /** Anchors averaged over (for a channel pair: anchors with something selected or to find there). */
  anchors: number;
}

/** What {@link measure} returns: overall and per channel pair figures, with counts. */
export interface AccuracyReport {
  anchors: number;
  /** Anchors whose own evidence is null: nothing can be missed for them. */
  ambiguousAnchors: number;
  pairwise: PairwiseScores;
  bcubed: BcubedScores;
  /** Keyed by `channelPairKey` (`email↔voice`), sorted by key. */
  byChannelPair: Record<string, { pairwise: PairwiseScores; bcubed: BcubedScores }>;
  /** Selections outside the universe (`eligible` said no): ignored. */
  ineligibleSelections: number;
  /** Selections naming no conversation of the dataset: counted as false positives (overall only). */
  unknownSelections: number;
}

/** What {@link measure} takes. */
export interface MeasureInput {
  dataset: Pick<Dataset, 'conversations' | 'truth' | 'evidence'>;
  /** Anchor conversation id → the conversation ids auto-selected for it (the anchor itself is ignored). */
  selections: ReadonlyMap<string, readonly string[]>;
  /** Restricts the universe (look-back, purged, retention). Default: every other conversation. */
  eligible?: Eligibility;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);
const harmonic = (p: number | null, r: number | null): number | null =>
  p === null || r === null ? null : p + r === 0 ? 0 : (2 * p * r) / (p + r);

interface Tally {
  tp: number;
  fp: number;
  fn: number;
  neutral: number;
  bPrecisionSum: number;
  bRecallSum: number;
  bAnchors: number;
}

const emptyTally = (): Tally => ({ tp: 0, fp: 0, fn: 0, neutral: 0, bPrecisionSum: 0, bRecallSum: 0, bAnchors: 0 });

function pairwiseOf(t: Tally): PairwiseScores {
  const precision = ratio(t.tp, t.tp + t.fp);
  const recall = ratio(t.tp, t.tp + t.fn);
  return { tp: t.tp, fp: t.fp, fn: t.fn, neutral: t.neutral, precision, recall, f1: harmonic(precision, recall) };
}

function bcubedOf(t: Tally): BcubedScores {
  const precision = ratio(t.bPrecisionSum, t.bAnchors);
  const recall = ratio(t.bRecallSum, t.bAnchors);
  return { anchors: t.bAnchors, precision, recall, f1: harmonic(precision, recall) };
}

/** Adds one anchor's B-cubed terms: C = {a} ∪ counted selections, T = {a} ∪ true others. */
function addBcubed(t: Tally, tp: number, fp: number, fn: number): void {
  t.bPrecisionSum += (1 + tp) / (1 + tp + fp);
  t.bRecallSum += (1 + tp) / (1 + tp + fn);
  t.bAnchors += 1;
}

/**
 * Measures auto-selections against the truth, by the rules of anchors.md §2 (pairwise and
 * B-cubed, overall and per channel pair).
 *
 * For an anchor a, a conversation o ≠ a is a **true match** when `eligible(a, o)`, `truth[o] =
 * truth[a]`, and both have the same non-null evidence group (datasets without `evidence` count
 * every conversation as evidence of its customer). Each selected o is then:
 * - ignored when not eligible (`ineligibleSelections`) or when o = a;
 * - a false positive when of another customer, or unknown to the dataset (`unknownSelections`);
 * - a true positive when a true match;
 * - neutral otherwise (the same customer without shared evidence: never a miss, never a reward).
 * Every true match not selected is a false negative, so an ambiguous anchor (null evidence) has
 * none. Pairs are directed: (a, o) and (o, a) both count when both are anchors.
 *
 * B-cubed per anchor over C(a) = {a} ∪ selections counted as TP or FP, and T(a) = {a} ∪ true
 * matches: precision |C∩T|/|C|, recall |C∩T|/|T|, averaged over anchors. Per channel pair
 * (a's channel, o's channel), the same restricted to others of that channel, averaged over the
 * anchors with at least one TP, FP or FN in that pair. Throws when an anchor is not in the dataset.
 */
export function measure(input: MeasureInput): AccuracyReport {
  const { dataset, selections } = input;
  const eligible: Eligibility = input.eligible ?? ((a, o) => a !== o);
  const channels = new Map<string, Channel>();
  for (const conversation of dataset.conversations) channels.set(conversation.conversationId, channelOfConversation(conversation));
  const customerOf = (id: string): string | undefined => dataset.truth[id];
  const evidenceOf = (id: string): string | null =>
    dataset.evidence ? (dataset.evidence[id] ?? null) : (customerOf(id) ?? null);
  const groupKey = (id: string): string | null => {
    const customer = customerOf(id);
    const evidence = evidenceOf(id);
    return customer === undefined || evidence === null ? null : `${customer}\u0000${evidence}`;
  };
  const members = new Map<string, string[]>();
  for (const conversation of dataset.conversations) {
    const key = groupKey(conversation.conversationId);
    if (key === null) continue;
    const list = members.get(key);
    if (list) list.push(conversation.conversationId);
    else members.set(key, [conversation.conversationId]);
  }

  const overall = emptyTally();
  const byPair = new Map<string, Tally>();
  const pairTally = (key: string) => {
    let tally = byPair.get(key);
    if (!tally) byPair.set(key, (tally = emptyTally()));
    return tally;
  };
  let ambiguousAnchors = 0;
  let ineligibleSelections = 0;
  let unknownSelections = 0;

  for (const [anchor, selected] of selections) {
    const anchorChannel = channels.get(anchor);
    if (anchorChannel === undefined) throw new RangeError(`anchor ${anchor} is not a conversation of the dataset`);
    const anchorGroup = groupKey(anchor);
    if (anchorGroup === null) ambiguousAnchors++;
    const truePartners = new Set((anchorGroup === null ? [] : members.get(anchorGroup)!).filter((o) => o !== anchor && eligible(anchor, o)));
    const perChannel = new Map<Channel, { tp: number; fp: number; fn: number }>();
    const bump = (channel: Channel, field: 'tp' | 'fp' | 'fn') => {
      let counts = perChannel.get(channel);
      if (!counts) perChannel.set(channel, (counts = { tp: 0, fp: 0, fn: 0 }));
      counts[field]++;
    };
    let tp = 0;
    let fp = 0;
    const found = new Set<string>();
    for (const other of new Set(selected)) {
      if (other === anchor) continue;
      const otherChannel = channels.get(other);
      if (otherChannel === undefined) {
        unknownSelections++;
        fp++;
        continue;
      }
      if (!eligible(anchor, other)) {
        ineligibleSelections++;
        continue;
      }
      const pair = pairTally(channelPairKey(anchorChannel, otherChannel));
      if (truePartners.has(other)) {
        tp++;
        found.add(other);
        pair.tp++;
        bump(otherChannel, 'tp');
      } else if (customerOf(other) !== customerOf(anchor)) {
        fp++;
        pair.fp++;
        bump(otherChannel, 'fp');
      } else {
        overall.neutral++;
        pair.neutral++;
      }
    }
    let fn = 0;
    for (const other of truePartners) {
      if (found.has(other)) continue;
      fn++;
      pairTally(channelPairKey(anchorChannel, channels.get(other)!)).fn++;
      bump(channels.get(other)!, 'fn');
    }
    overall.tp += tp;
    overall.fp += fp;
    overall.fn += fn;
    addBcubed(overall, tp, fp, fn);
    for (const [channel, counts] of perChannel) addBcubed(pairTally(channelPairKey(anchorChannel, channel)), counts.tp, counts.fp, counts.fn);
  }

  const byChannelPair: AccuracyReport['byChannelPair'] = {};
  for (const key of [...byPair.keys()].sort()) {
    const tally = byPair.get(key)!;
    byChannelPair[key] = { pairwise: pairwiseOf(tally), bcubed: bcubedOf(tally) };
  }
  return {
    anchors: selections.size,
    ambiguousAnchors,
    pairwise: pairwiseOf(overall),
    bcubed: bcubedOf(overall),
    byChannelPair,
    ineligibleSelections,
    unknownSelections,
  };
}
