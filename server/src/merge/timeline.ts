import { badRequest } from '../errors/index.js';
import { channelOf } from './channel.js';
import { customerParticipants } from './identifiers.js';
import type { ConversationInput } from './input.js';
import { parseInstant } from './input.js';
import type { Channel, ChannelWeights, Timeline, TimelineEvent } from './types.js';

export interface TimelineSettings {
  channelWeights: ChannelWeights;
  /**
   * Clock-skew tolerance, ms: two sightings of one segment whose starts and ends differ by no
   * more than this are one segment; segments of one session and type that overlap or touch
   * within it are one event; conversations starting (ending) within it of the session's first
   * start (last end) compete on priority for the session's start (end).
   */
  clockSkewToleranceMs: number;
  /** Epoch ms: where open segments and active conversations end for the timeline. */
  now: number;
}

/** Priority added for an agent who handled the conversation (an agent/user `interact` segment). */
export const HANDLING_PRIORITY = 2;
/** Priority added for an agent present without an interact segment (alerted, wrap-up only). */
export const AGENT_PRESENT_PRIORITY = 1;
/** The most the duration adds: `log2(1 + minutes)`, capped. */
export const DURATION_PRIORITY_MAX = 3;

interface ConversationFacts {
  id: string;
  channel: Channel;
  start: number;
  end: number;
  priority: number;
}

const AGENT_PURPOSES: ReadonlySet<string> = new Set(['agent', 'user']);
const CUSTOMER_PURPOSES: ReadonlySet<string> = new Set(['customer', 'external']);

const roleOf = (purpose: string | undefined): TimelineEvent['participant'] => {
  const p = (purpose ?? '').toLowerCase();
  return CUSTOMER_PURPOSES.has(p) ? 'customer' : AGENT_PURPOSES.has(p) ? 'agent' : 'system';
};

/**
 * Reconciles the session timeline of the conversations to merge, from the analytics segments of
 * every participant across channels.
 *
 * - Events: one per segment (participant role customer / agent / system), ordered by start, end,
 *   channel, conversation, participant and segment type: a total order, so the result does not
 *   depend on input order and is the same when run twice.
 * - Duplicates: the same segment seen twice (one session in two records, or one record given
 *   twice) with start and end within the tolerance is kept once (`deduplicatedCount`).
 * - Overlaps: segments of one session and type that overlap or touch within the tolerance become
 *   one event spanning both. Sessions are matched by `sessionId`, else by conversation,
 *   participant and position.
 * - Open segments and active conversations end at `settings.now` (never before they start).
 * - Priority of a conversation: the weight of its customer channel, plus `HANDLING_PRIORITY` when
 *   an agent interacted (`AGENT_PRESENT_PRIORITY` when an agent was only present), plus
 *   `log2(1 + minutes)` capped at `DURATION_PRIORITY_MAX`. The highest is authoritative
 *   (`authoritativeConversationId`, `priorityScore`; ties: earlier start, then id).
 * - `sessionStart`: among conversations starting within the tolerance of the earliest start, the
 *   highest-priority one's start (its clock is trusted over a skewed lower-priority source);
 *   `sessionEnd` likewise at the end; never before `sessionStart`.
 * - `channelSequence`: the conversations' channels in start order, repeats in a row collapsed.
 *
 * Throws `AppError` `bad_request` for an empty list. Pure; 100,000 segments in well under 200 ms.
 */
export function reconcileTimeline(conversations: readonly ConversationInput[], settings: TimelineSettings): Timeline {
  const tolerance = Math.max(0, settings.clockSkewToleranceMs);
  const now = settings.now;
  // Events are built in their final shape as segments are read; their instants as numbers sit
  // beside them (by event index), so nothing is copied at the end and little is left to collect.
  const all: TimelineEvent[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let nowText: string | null = null;
  const textOf = (ms: number) => (ms === now ? (nowText ??= new Date(now).toISOString()) : new Date(ms).toISOString());
  // Session key → its event index, or several (most sessions have one segment: no array for them).
  const bySession = new Map<string, number | number[]>();
  const facts = new Map<string, ConversationFacts>();
  for (const conversation of conversations) {
    const conversationId = conversation.conversationId ?? '';
    let first = Infinity;
    let last = -Infinity;
    let handled = false;
    let agentPresent = false;
    const participants = conversation.participants ?? [];
    for (let p = 0; p < participants.length; p++) {
      const participant = participants[p]!;
      const role = roleOf(participant.purpose);
      if (role === 'agent') agentPresent = true;
      const sessions = participant.sessions ?? [];
      for (let s = 0; s < sessions.length; s++) {
        const session = sessions[s]!;
        const mediaType = session.mediaType ?? 'unknown';
        const messageType = session.messageType ?? null;
        const channel = channelOf(mediaType, messageType);
        // The session id as it is (a flat string whose hash is cached): concatenating a key per
        // session made the map lookup the hottest line. Roles are told apart in the sweep.
        const sessionKey = session.sessionId ?? `${conversationId}/${participant.participantId ?? p}/${s}`;
        for (const segment of session.segments ?? []) {
          const start = parseInstant(segment.segmentStart);
          if (start === null) continue;
          const parsedEnd = parseInstant(segment.segmentEnd);
          const end = Math.max(start, parsedEnd ?? now);
          if (start < first) first = start;
          if (end > last) last = end;
          if (role === 'agent' && segment.segmentType === 'interact') handled = true;
          const startText = canonicalText(segment.segmentStart!) ?? textOf(start);
          const endText = end === start ? startText : end === parsedEnd ? canonicalText(segment.segmentEnd!) ?? textOf(end) : textOf(end);
          const index = all.length;
          all.push({ conversationId, channel, mediaType, messageType, segmentType: segment.segmentType ?? 'unknown', participant: role, start: startText, end: endText });
          starts.push(start);
          ends.push(end);
          const seen = bySession.get(sessionKey);
          if (seen === undefined) bySession.set(sessionKey, index);
          else if (typeof seen === 'number') bySession.set(sessionKey, [seen, index]);
          else seen.push(index);
        }
      }
    }
    const fact = conversationFacts(conversation, settings.channelWeights, now, { first, last, handled, agentPresent });
    const known = facts.get(conversationId);
    // One conversation given twice (two records): its widest span and best priority, whatever the order.
    facts.set(conversationId, known ? combineFacts(known, fact) : fact);
  }
  if (facts.size === 0) throw badRequest('A timeline needs at least one conversation');

  let deduplicatedCount = 0;
  const kept: number[] = [];
  const withinSession = (i: number, j: number) => {
    const a = all[i]!;
    const b = all[j]!;
    return text(a.participant, b.participant) || text(a.segmentType, b.segmentType) || starts[i]! - starts[j]! || ends[i]! - ends[j]!
      || text(a.conversationId, b.conversationId);
  };
  for (const seen of bySession.values()) {
    if (typeof seen === 'number') {
      kept.push(seen);
      continue;
    }
    seen.sort(withinSession);
    let current = seen[0]!;
    for (let k = 1; k < seen.length; k++) {
      const next = seen[k]!;
      const a = all[current]!;
      const b = all[next]!;
      if (b.segmentType === a.segmentType && b.participant === a.participant && starts[next]! <= ends[current]! + tolerance) {
        if (Math.abs(starts[next]! - starts[current]!) <= tolerance && Math.abs(ends[next]! - ends[current]!) <= tolerance) {
          deduplicatedCount++;
        }
        if (ends[next]! > ends[current]!) {
          // Our own object (one per segment read): extended in place.
          a.end = b.end;
          ends[current] = ends[next]!;
        }
        continue;
      }
      kept.push(current);
      current = next;
    }
    kept.push(current);
  }
  const sorted = sortEvents(kept, all, starts, ends);

  const ordered = [...facts.values()].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const better = (a: ConversationFacts, b: ConversationFacts) =>
    a.priority > b.priority || (a.priority === b.priority && (a.start < b.start || (a.start === b.start && a.id < b.id)));
  let authority = ordered[0]!;
  let earliest = Infinity;
  let latest = -Infinity;
  for (const fact of ordered) {
    if (better(fact, authority)) authority = fact;
    earliest = Math.min(earliest, fact.start);
    latest = Math.max(latest, fact.end);
  }
  let startSource: ConversationFacts | null = null;
  let endSource: ConversationFacts | null = null;
  for (const fact of ordered) {
    if (fact.start <= earliest + tolerance && (!startSource || better(fact, startSource))) startSource = fact;
    if (fact.end >= latest - tolerance && (!endSource || better(fact, endSource))) endSource = fact;
  }
  const sessionStart = startSource!.start;
  const sessionEnd = Math.max(sessionStart, endSource!.end);

  const channelSequence: Channel[] = [];
  for (const fact of ordered) {
    if (channelSequence[channelSequence.length - 1] !== fact.channel) channelSequence.push(fact.channel);
  }
  return {
    sessionStart: new Date(sessionStart).toISOString(),
    sessionEnd: new Date(sessionEnd).toISOString(),
    channelSequence,
    authoritativeConversationId: authority.id,
    priorityScore: authority.priority,
    events: sorted,
    deduplicatedCount,
  };
}

/** The input text when it already is `toISOString()` form (saves re-formatting 100k instants). */
const canonicalText = (value: string): string | null =>
  value.length === 24 && value.charCodeAt(23) === 90 /* Z */ && value.charCodeAt(10) === 84 /* T */ ? value : null;

function combineFacts(a: ConversationFacts, b: ConversationFacts): ConversationFacts {
  const first = a.channel <= b.channel ? a : b;
  return { id: a.id, channel: first.channel, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end), priority: Math.max(a.priority, b.priority) };
}

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Keys pack `start` (relative) and the index into one exactly representable double: `2^21` indices. */
const INDEX_SLOTS = 2_097_152;

/**
 * The kept events in `compareEvents` order. The bulk is ordered by a native numeric sort of packed
 * (start, position) keys; only runs of equal starts go through the comparator. Falls back to the
 * comparator alone when the keys would not be exact.
 */
function sortEvents(kept: readonly number[], all: readonly TimelineEvent[], starts: readonly number[], ends: readonly number[]): TimelineEvent[] {
  const compare = (i: number, j: number) => compareEvents(all[i]!, all[j]!, starts[i]! - starts[j]! || ends[i]! - ends[j]!);
  const n = kept.length;
  let min = Infinity;
  let max = -Infinity;
  for (const i of kept) {
    if (starts[i]! < min) min = starts[i]!;
    if (starts[i]! > max) max = starts[i]!;
  }
  if (n >= INDEX_SLOTS || (max - min + 1) * INDEX_SLOTS > Number.MAX_SAFE_INTEGER) return [...kept].sort(compare).map((i) => all[i]!);
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) keys[k] = (starts[kept[k]!]! - min) * INDEX_SLOTS + k;
  keys.sort();
  const order = new Array<number>(n);
  for (let k = 0; k < n; k++) order[k] = kept[keys[k]! % INDEX_SLOTS]!;
  for (let k = 0; k < n;) {
    let j = k + 1;
    while (j < n && starts[order[j]!] === starts[order[k]!]) j++;
    if (j - k === 2) {
      // The common tie (a customer's and an agent's segment starting together): one comparison.
      if (compare(order[k]!, order[k + 1]!) > 0) [order[k], order[k + 1]] = [order[k + 1]!, order[k]!];
    } else if (j - k > 2) {
      const run = order.slice(k, j).sort(compare);
      for (let m = 0; m < run.length; m++) order[k + m] = run[m]!;
    }
    k = j;
  }
  const out = new Array<TimelineEvent>(n);
  for (let k = 0; k < n; k++) out[k] = all[order[k]!]!;
  return out;
}

/** Start, then end (`byInstants`, from the numeric instants), then the text fields. */
function compareEvents(a: TimelineEvent, b: TimelineEvent, byInstants: number): number {
  return byInstants || text(a.channel, b.channel) || text(a.conversationId, b.conversationId)
    || text(a.participant, b.participant) || text(a.segmentType, b.segmentType)
    || text(a.mediaType, b.mediaType) || text(a.messageType ?? '', b.messageType ?? '');
}

function conversationFacts(
  conversation: ConversationInput,
  weights: ChannelWeights,
  now: number,
  seen: { first: number; last: number; handled: boolean; agentPresent: boolean },
): ConversationFacts {
  const id = conversation.conversationId ?? '';
  const { first, last, handled, agentPresent } = seen;
  const customers = customerParticipants(conversation);
  const customerSessions = customers.flatMap((p) => p.sessions ?? []);
  const sessions = customerSessions.length > 0 ? customerSessions : (conversation.participants ?? []).flatMap((p) => p.sessions ?? []);
  const channels = sessions.map((s) => channelOf(s.mediaType, s.messageType));
  const channel = channels[0] ?? 'messaging';
  const channelWeight = Math.max(0, ...channels.map((c) => weights[c] ?? 0));
  const declaredStart = parseInstant(conversation.conversationStart);
  const declaredEnd = parseInstant(conversation.conversationEnd);
  const start = declaredStart ?? (Number.isFinite(first) ? first : now);
  const end = Math.max(start, declaredEnd ?? Math.max(now, Number.isFinite(last) ? last : start));
  const minutes = (end - start) / 60000;
  const priority = channelWeight
    + (handled ? HANDLING_PRIORITY : agentPresent ? AGENT_PRESENT_PRIORITY : 0)
    + Math.min(DURATION_PRIORITY_MAX, Math.log2(1 + Math.max(0, minutes)));
  return { id, channel, start, end, priority: Math.round(priority * 100) / 100 };
}
