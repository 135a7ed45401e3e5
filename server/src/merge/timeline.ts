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

interface Working {
  conversationId: string;
  channel: Channel;
  mediaType: string;
  messageType: string | null;
  segmentType: string;
  participant: TimelineEvent['participant'];
  start: number;
  end: number;
  startText: string | null;
  endText: string | null;
}

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
  const bySession = new Map<string, Working[]>();
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
        let list = bySession.get(sessionKey);
        if (!list) bySession.set(sessionKey, (list = []));
        for (const segment of session.segments ?? []) {
          const start = parseInstant(segment.segmentStart);
          if (start === null) continue;
          const parsedEnd = parseInstant(segment.segmentEnd);
          const end = Math.max(start, parsedEnd ?? now);
          if (start < first) first = start;
          if (end > last) last = end;
          if (role === 'agent' && segment.segmentType === 'interact') handled = true;
          list.push({
            conversationId, channel, mediaType, messageType, segmentType: segment.segmentType ?? 'unknown', participant: role,
            start, end, startText: canonicalText(segment.segmentStart!),
            endText: parsedEnd !== null && parsedEnd >= start ? canonicalText(segment.segmentEnd!) : null,
          });
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
  const events: Working[] = [];
  for (const list of bySession.values()) {
    if (list.length === 0) continue;
    if (list.length === 1) {
      events.push(list[0]!);
      continue;
    }
    list.sort(compareWithinSession);
    let current = list[0]!;
    for (let i = 1; i < list.length; i++) {
      const next = list[i]!;
      if (next.segmentType === current.segmentType && next.participant === current.participant && next.start <= current.end + tolerance) {
        if (Math.abs(next.start - current.start) <= tolerance && Math.abs(next.end - current.end) <= tolerance) {
          deduplicatedCount++;
        }
        if (next.end > current.end) {
          current = {
            conversationId: current.conversationId, channel: current.channel, mediaType: current.mediaType, messageType: current.messageType,
            segmentType: current.segmentType, participant: current.participant, start: current.start, end: next.end,
            startText: current.startText, endText: next.endText,
          };
        }
        continue;
      }
      events.push(current);
      current = next;
    }
    events.push(current);
  }
  const sorted = sortEvents(events);

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
    events: sorted.map(toEvent),
    deduplicatedCount,
  };
}

function toEvent(w: Working): TimelineEvent {
  return {
    conversationId: w.conversationId,
    channel: w.channel,
    mediaType: w.mediaType,
    messageType: w.messageType,
    segmentType: w.segmentType,
    participant: w.participant,
    start: w.startText ?? new Date(w.start).toISOString(),
    end: w.endText ?? new Date(w.end).toISOString(),
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

function compareWithinSession(a: Working, b: Working): number {
  return text(a.participant, b.participant) || text(a.segmentType, b.segmentType) || a.start - b.start || a.end - b.end
    || text(a.conversationId, b.conversationId);
}

/** Keys pack `start` (relative) and the index into one exactly representable double: `2^21` indices. */
const INDEX_SLOTS = 2_097_152;

/**
 * Events in `compareEvents` order. The bulk is ordered by a native numeric sort of packed
 * (start, index) keys; only runs of equal starts go through the comparator. Falls back to the
 * comparator alone when the keys would not be exact.
 */
function sortEvents(events: Working[]): Working[] {
  const n = events.length;
  let min = Infinity;
  let max = -Infinity;
  for (const event of events) {
    if (event.start < min) min = event.start;
    if (event.start > max) max = event.start;
  }
  if (n >= INDEX_SLOTS || (max - min + 1) * INDEX_SLOTS > Number.MAX_SAFE_INTEGER) return [...events].sort(compareEvents);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (events[i]!.start - min) * INDEX_SLOTS + i;
  keys.sort();
  const out = new Array<Working>(n);
  for (let i = 0; i < n; i++) out[i] = events[keys[i]! % INDEX_SLOTS]!;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && out[j]!.start === out[i]!.start) j++;
    if (j - i === 2) {
      // The common tie (a customer's and an agent's segment starting together): one comparison.
      if (compareEvents(out[i]!, out[i + 1]!) > 0) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
    } else if (j - i > 2) {
      const run = out.slice(i, j).sort(compareEvents);
      for (let k = 0; k < run.length; k++) out[i + k] = run[k]!;
    }
    i = j;
  }
  return out;
}

function compareEvents(a: Working, b: Working): number {
  return a.start - b.start || a.end - b.end || text(a.channel, b.channel) || text(a.conversationId, b.conversationId)
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
