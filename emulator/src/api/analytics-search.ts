import type { Principal } from '../auth/index.js';
import type { AnalyticsConversation, AnalyticsParticipant, AnalyticsSegment, AnalyticsSession } from '../dataset/index.js';
import type { ApiDeps } from './deps.js';
import type { DetailsQuery, QueryClause, QueryFilter, QueryPredicate } from './analytics-query.js';
import { analyticsVisible } from './visibility.js';

/** One segment with its session and participant, as a segment filter sees it. */
interface SegmentContext {
  participant: AnalyticsParticipant;
  session: AnalyticsSession;
  segment: AnalyticsSegment;
  contactId: string | undefined;
  canonicalContactId: string | undefined;
}

function segmentValue(dimension: string, ctx: SegmentContext): string | undefined {
  switch (dimension) {
    case 'externalContactId': return ctx.contactId;
    case 'canonicalExternalContactId': return ctx.canonicalContactId;
    case 'purpose': return ctx.participant.purpose;
    case 'userId': return ctx.participant.userId;
    case 'participantName': return ctx.participant.participantName;
    case 'externalOrganizationId': return ctx.participant.externalOrganizationId;
    case 'queueId': return ctx.segment.queueId;
    case 'segmentType': return ctx.segment.segmentType;
    case 'disconnectType': return ctx.segment.disconnectType;
    case 'subject': return ctx.segment.subject;
    case 'wrapUpCode': return ctx.segment.wrapUpCode;
    case 'conference': return ctx.segment.conference === undefined ? undefined : String(ctx.segment.conference);
    case 'authenticated': return ctx.session.authenticated === undefined ? undefined : String(ctx.session.authenticated);
    default: {
      const value = (ctx.session as unknown as Record<string, unknown>)[dimension];
      return typeof value === 'string' ? value : undefined;
    }
  }
}

function conversationValues(dimension: string, record: AnalyticsConversation): string[] {
  switch (dimension) {
    case 'conversationId': return [record.conversationId];
    case 'divisionId': return record.divisionIds;
    case 'originatingDirection': return [record.originatingDirection];
    case 'externalTag': return record.externalTag === undefined ? [] : [record.externalTag];
    default: return [];
  }
}

/** Exact comparison of one value, as stored. */
function testOne(predicate: QueryPredicate, value: string | undefined): boolean {
  if (predicate.operator === 'exists') return value !== undefined;
  if (predicate.operator === 'notExists') return value === undefined;
  return value === predicate.value;
}

/** Exact comparison, as stored: normalising identifiers is the product's job (DESIGN.md). */
function test(predicate: QueryPredicate, values: readonly (string | undefined)[]): boolean {
  const present = values.filter((v): v is string => v !== undefined);
  if (predicate.operator === 'exists') return present.length > 0;
  if (predicate.operator === 'notExists') return present.length === 0;
  return present.includes(predicate.value!);
}

function evaluate(filter: QueryClause & { clauses?: QueryClause[] }, predicateHolds: (p: QueryPredicate) => boolean): boolean {
  const clauses = filter.clauses ?? [];
  if (filter.type === 'and') {
    return filter.predicates.every(predicateHolds) && clauses.every((clause) => evaluate(clause, predicateHolds));
  }
  return filter.predicates.some(predicateHolds) || clauses.some((clause) => evaluate(clause, predicateHolds));
}

/**
 * A superset of the conversations a predicate can match, from the identifier indexes; null when
 * the predicate is not indexable (then the interval bounds the scan).
 */
function predicateCandidates(deps: ApiDeps, predicate: QueryPredicate): readonly number[] | null {
  if (predicate.operator !== 'matches') return null;
  const value = predicate.value!;
  const { conversations } = deps;
  switch (predicate.dimension) {
    case 'conversationId': {
      const index = conversations.indexOf(value);
      return index === undefined ? [] : [index];
    }
    case 'ani': case 'dnis': case 'addressFrom': case 'addressTo':
      return conversations.withValue(predicate.dimension, value);
    case 'externalContactId':
      return [...new Set([...conversations.withValue('externalContactId', value), ...conversations.associated()])];
    case 'canonicalExternalContactId': {
      const ids = deps.behaviour.canonicalExternalContactIdResolvesMerges ? deps.contacts.mergeSetIds(value) : [value];
      return [...new Set([...ids.flatMap((id) => conversations.withValue('externalContactId', id)), ...conversations.associated()])];
    }
    default:
      return null;
  }
}

function filterCandidates(deps: ApiDeps, filter: QueryClause & { clauses?: QueryClause[] }): readonly number[] | null {
  const parts = [
    ...filter.predicates.map((p) => predicateCandidates(deps, p)),
    ...(filter.clauses ?? []).map((c) => filterCandidates(deps, c)),
  ];
  if (filter.type === 'and') {
    const bounded = parts.filter((p): p is readonly number[] => p !== null);
    return bounded.length === 0 ? null : bounded.reduce((a, b) => (b.length < a.length ? b : a));
  }
  if (parts.some((p) => p === null)) return null;
  return [...new Set(parts.flatMap((p) => p!))];
}

/** Rewrites `canonicalExternalContactId` values to the head of their merge tree, so any member's id finds the whole set. */
function canonicaliseValues(deps: ApiDeps, query: DetailsQuery): DetailsQuery {
  const rewrite = <T extends QueryClause & { clauses?: QueryClause[] }>(filter: T): T => ({
    ...filter,
    predicates: filter.predicates.map((p) =>
      p.dimension === 'canonicalExternalContactId' && p.value !== undefined ? { ...p, value: deps.contacts.canonicalOf(p.value)?.id ?? p.value } : p),
    ...(filter.clauses ? { clauses: filter.clauses.map(rewrite) } : {}),
  });
  return { ...query, segmentFilters: query.segmentFilters.map(rewrite) };
}

const SEGMENT_LEVEL = new Set(['queueId', 'segmentType', 'disconnectType', 'subject', 'wrapUpCode', 'conference']);
const CONTACT_LEVEL = new Set(['externalContactId', 'canonicalExternalContactId']);

/** What the segment filters read: segment-level values (else one check per session suffices) and contact links. */
interface FilterShape {
  perSegment: boolean;
  needsContact: boolean;
}

function filterShape(filters: readonly QueryFilter[]): FilterShape {
  const dimensions = new Set<string>();
  const collect = (clause: QueryClause & { clauses?: QueryClause[] }) => {
    for (const predicate of clause.predicates) dimensions.add(predicate.dimension);
    for (const inner of clause.clauses ?? []) collect(inner);
  };
  filters.forEach(collect);
  return {
    perSegment: [...dimensions].some((d) => SEGMENT_LEVEL.has(d)),
    needsContact: [...dimensions].some((d) => CONTACT_LEVEL.has(d)),
  };
}

/** Whether every segment filter holds for some segment (with its session and participant) of the record. */
function segmentFiltersHold(deps: ApiDeps, index: number, filters: readonly QueryFilter[], shape: FilterShape, now: number): boolean {
  const record = deps.conversations.at(index);
  const pending = new Set(filters);
  const ctx = {} as SegmentContext;
  const check = () => {
    for (const filter of pending) {
      if (evaluate(filter, (p) => testOne(p, segmentValue(p.dimension, ctx)))) pending.delete(filter);
    }
    return pending.size === 0;
  };
  for (const participant of record.participants) {
    ctx.participant = participant;
    if (shape.needsContact) {
      const contactId = deps.conversations.contactOf(index, participant, 'analytics', now);
      ctx.contactId = contactId;
      ctx.canonicalContactId = contactId === undefined || !deps.behaviour.canonicalExternalContactIdResolvesMerges
        ? contactId
        : (deps.contacts.canonicalOf(contactId)?.id ?? contactId);
    }
    for (const session of participant.sessions) {
      ctx.session = session;
      if (shape.perSegment) {
        for (const segment of session.segments) {
          ctx.segment = segment;
          if (check()) return true;
        }
      } else {
        ctx.segment = session.segments[0]!;
        if (check()) return true;
      }
    }
  }
  return false;
}

/** Result of a details query before rendering: the total and this page's record indices. */
export interface DetailsSearchResult {
  totalHits: number;
  page: number[];
}

/**
 * Runs a parsed details query over the visible, non-purged conversations at clock time `now`.
 * Candidates come from the identifier indexes when a filter allows, otherwise from the start-time
 * index bounded by the interval; every candidate is then checked exactly. Segment filters in the
 * list must all hold, each for some segment (with its session and participant); conversation
 * filters must all hold.
 */
export function searchConversations(deps: ApiDeps, parsed: DetailsQuery, principal: Principal, now: number): DetailsSearchResult {
  const { conversations, time } = deps;
  const query = deps.behaviour.canonicalExternalContactIdResolvesMerges ? canonicaliseValues(deps, parsed) : parsed;
  const rawFrom = query.fromMs - time.offsetMs;
  const rawTo = query.toMs - time.offsetMs;
  const bounded = [...query.conversationFilters, ...query.segmentFilters]
    .map((filter) => filterCandidates(deps, filter))
    .filter((c): c is readonly number[] => c !== null);
  const candidates = bounded.length > 0
    ? bounded.reduce((a, b) => (b.length < a.length ? b : a))
    : conversations.startingBetween(rawFrom, rawTo);
  const shape = filterShape(query.segmentFilters);

  const matches: number[] = [];
  for (const index of candidates) {
    const start = conversations.startMs(index);
    if (start < rawFrom || start >= rawTo) continue;
    const record = conversations.at(index);
    if (!analyticsVisible(principal, record, deps.behaviour)) continue;
    if (!query.conversationFilters.every((f) => evaluate(f, (p) => test(p, conversationValues(p.dimension, record))))) continue;
    if (query.segmentFilters.length > 0 && !segmentFiltersHold(deps, index, query.segmentFilters, shape, now)) continue;
    matches.push(index);
  }

  if (query.order !== 'unordered') {
    const byEnd = query.orderBy === 'conversationEnd' || query.orderBy === 'segmentEnd';
    const key = (index: number) => {
      if (!byEnd) return conversations.startMs(index);
      const end = conversations.at(index).conversationEnd;
      return end === undefined ? Number.POSITIVE_INFINITY : Date.parse(end);
    };
    const sign = query.order === 'desc' ? -1 : 1;
    matches.sort((a, b) => sign * (key(a) - key(b)) || a - b);
  }
  const first = (query.pageNumber - 1) * query.pageSize;
  return { totalHits: matches.length, page: matches.slice(first, first + query.pageSize) };
}
