import type { AnalyticsConversation, AnalyticsParticipant, Dataset } from '../dataset/index.js';

/** Session and participant values indexed for the details query's exact-match filters. */
export type IndexedDimension = 'ani' | 'dnis' | 'addressFrom' | 'addressTo' | 'externalContactId';

const SESSION_DIMENSIONS = ['ani', 'dnis', 'addressFrom', 'addressTo'] as const;

/** One `PUT /externalcontacts/conversations/{id}` applied to a participant (reference §3.6). */
export interface AssociationEvent {
  participantId: string;
  /** null: disassociated. */
  externalContactId: string | null;
  /** Clock time of the PUT: the conversation API shows it from then on. */
  at: number;
  /** Clock time from which analytics and journey records show it (`analyticsDelayMs` later). */
  analyticsAt: number;
}

/** Which record a reader sees: the live conversation API, or analytics/journey (eventually consistent). */
export type ConversationView = 'live' | 'analytics';

/**
 * The dataset's conversations, indexed by id, start time and stored identifier values, plus the
 * associations made at runtime. Records are the dataset's own objects, never copied or mutated;
 * `reset()` drops the runtime associations.
 */
export interface ConversationStore {
  /** Number of visible (not purged) records. */
  readonly size: number;
  /** The record at an index returned by the other methods. */
  at(index: number): AnalyticsConversation;
  /** Index of a conversation; undefined when unknown or purged. */
  indexOf(conversationId: string): number | undefined;
  isPurged(conversationId: string): boolean;
  /** Stored-frame start of the record, epoch ms. */
  startMs(index: number): number;
  /** Indices whose stored start lies in [fromMs, toMs), ascending by start. */
  startingBetween(fromMs: number, toMs: number): number[];
  /** Indices whose stored sessions (or participants, for `externalContactId`) carry `value` exactly. */
  withValue(dimension: IndexedDimension, value: string): readonly number[];
  /** Indices that have runtime associations (their contact links may differ from the stored ones). */
  associated(): Iterable<number>;
  associate(index: number, event: AssociationEvent): void;
  /** The contact a participant is linked to in `view` at clock time `now`. */
  contactOf(index: number, participant: AnalyticsParticipant, view: ConversationView, now: number): string | undefined;
  reset(): void;
}

/** Indexes `dataset.conversations` (O(n log n) once; no per-request scans for identifier filters). */
export function createConversationStore(dataset: Dataset): ConversationStore {
  const purged = new Set(dataset.purged);
  const records = dataset.conversations.filter((c) => !purged.has(c.conversationId));
  const byId = new Map<string, number>();
  const starts = new Float64Array(records.length);
  const indexes: Record<IndexedDimension, Map<string, number[]>> = {
    ani: new Map(), dnis: new Map(), addressFrom: new Map(), addressTo: new Map(), externalContactId: new Map(),
  };
  const put = (dimension: IndexedDimension, value: string | undefined, index: number) => {
    if (value === undefined) return;
    const list = indexes[dimension].get(value);
    if (!list) indexes[dimension].set(value, [index]);
    else if (list[list.length - 1] !== index) list.push(index);
  };
  records.forEach((record, index) => {
    byId.set(record.conversationId, index);
    starts[index] = Date.parse(record.conversationStart);
    for (const participant of record.participants) {
      put('externalContactId', participant.externalContactId, index);
      for (const session of participant.sessions) {
        for (const dimension of SESSION_DIMENSIONS) put(dimension, session[dimension], index);
      }
    }
  });
  const order = Int32Array.from(records.keys()).sort((a, b) => starts[a]! - starts[b]!);
  const sortedStarts = Float64Array.from(order, (i) => starts[i]!);
  const lowerBound = (ms: number) => {
    let lo = 0;
    let hi = sortedStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sortedStarts[mid]! < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const associations = new Map<number, AssociationEvent[]>();

  return {
    size: records.length,
    at: (index) => records[index]!,
    indexOf: (id) => byId.get(id),
    isPurged: (id) => purged.has(id),
    startMs: (index) => starts[index]!,
    startingBetween: (fromMs, toMs) => Array.from(order.subarray(lowerBound(fromMs), lowerBound(toMs))),
    withValue: (dimension, value) => indexes[dimension].get(value) ?? [],
    associated: () => associations.keys(),
    associate: (index, event) => {
      const list = associations.get(index);
      if (list) list.push(event);
      else associations.set(index, [event]);
    },
    contactOf: (index, participant, view, now) => {
      const events = associations.get(index);
      if (events) {
        for (let i = events.length - 1; i >= 0; i--) {
          const event = events[i]!;
          if (event.participantId !== participant.participantId) continue;
          if (view === 'live' || event.analyticsAt <= now) return event.externalContactId ?? undefined;
        }
      }
      return participant.externalContactId;
    },
    reset: () => associations.clear(),
  };
}
