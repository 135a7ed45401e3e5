import type { EmulatorLimits } from '../config/index.js';
import { badRequest } from '../http/index.js';

/**
 * The details query body (`ConversationQuery`, reference §2.2), parsed and checked. Every refusal
 * is a 400 `bad.request` whose message names the field, e.g.
 * `segmentFilters[0].predicates[1].dimension: unknown segment dimension "foo"`.
 */
export interface DetailsQuery {
  /** Served-frame bounds widened to whole UTC days: conversations "started on a day touched by the interval". */
  fromMs: number;
  toMs: number;
  order: 'asc' | 'desc' | 'unordered';
  orderBy: 'conversationStart' | 'conversationEnd' | 'segmentStart' | 'segmentEnd';
  pageSize: number;
  pageNumber: number;
  conversationFilters: QueryFilter[];
  segmentFilters: QueryFilter[];
}

/** How a filter or clause combines its parts. */
export type FilterType = 'and' | 'or';
/** Predicate operators (reference §2.2; `matches` is the default). */
export type PredicateOperator = 'matches' | 'exists' | 'notExists';

/** One dimension predicate. */
export interface QueryPredicate {
  dimension: string;
  operator: PredicateOperator;
  /** Present for `matches`. */
  value?: string;
}

/** A clause: predicates combined by `type`. */
export interface QueryClause {
  type: FilterType;
  predicates: QueryPredicate[];
}

/** A filter: predicates and clauses (one level of nesting) combined by `type`. */
export interface QueryFilter extends QueryClause {
  clauses: QueryClause[];
}

/** Conversation-level dimensions the emulator filters on. */
export const CONVERSATION_DIMENSIONS = new Set(['conversationId', 'divisionId', 'originatingDirection', 'externalTag']);
const OTHER_CONVERSATION_DIMENSIONS = new Set([
  'accessAttribute', 'conversationEnd', 'conversationInitiator', 'conversationStart', 'customerParticipation',
  'mediaStatsMinConversationMos', 'originatingSocialMediaPublic',
]);
/** Segment-level dimensions the emulator filters on (values come from the segment, its session or its participant). */
export const SEGMENT_DIMENSIONS = new Set([
  'addressFrom', 'addressTo', 'ani', 'dnis', 'direction', 'externalContactId', 'canonicalExternalContactId',
  'mediaType', 'messageType', 'purpose', 'userId', 'participantName', 'externalOrganizationId', 'queueId',
  'segmentType', 'provider', 'remote', 'authenticated', 'disconnectType', 'subject', 'wrapUpCode', 'conference',
]);
const OTHER_SEGMENT_DIMENSIONS = new Set([
  'sessionDnis', 'callbackNumber', 'destinationConversationId', 'engagementSource', 'journeyCustomerId',
  'journeyCustomerIdType', 'journeyCustomerSessionId', 'segmentEnd', 'sourceConversationId', 'teamId', 'groupId',
  'requestedLanguageId', 'sessionId', 'flowId',
]);

const TOP_LEVEL_KEYS = new Set([
  'interval', 'order', 'orderBy', 'paging', 'conversationFilters', 'segmentFilters',
  'evaluationFilters', 'surveyFilters', 'resolutionFilters', 'aggregations',
]);
const DAY_MS = 86_400_000;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(object: Json, allowed: ReadonlySet<string>, path: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.has(key)) throw badRequest(`${path ? `${path}.` : ''}${key}: unrecognized field`, path ? `${path}.${key}` : key);
  }
}

function parseInterval(value: unknown, maxDays: number): { fromMs: number; toMs: number } {
  if (typeof value !== 'string' || value.length === 0) throw badRequest('interval: is required (ISO-8601 "start/end")', 'interval');
  const parts = value.split('/');
  const start = Date.parse(parts[0] ?? '');
  const end = Date.parse(parts[1] ?? '');
  if (parts.length !== 2 || Number.isNaN(start) || Number.isNaN(end)) {
    throw badRequest(`interval: "${value}" is not an ISO-8601 interval "start/end"`, 'interval');
  }
  if (end <= start) throw badRequest('interval: the end must be after the start', 'interval');
  if (end - start > maxDays * DAY_MS) {
    throw badRequest(`interval: ${((end - start) / DAY_MS).toFixed(1)} days exceeds the maximum of ${maxDays} days for a synchronous query`, 'interval');
  }
  return { fromMs: Math.floor(start / DAY_MS) * DAY_MS, toMs: Math.ceil(end / DAY_MS) * DAY_MS };
}

function parsePredicate(value: unknown, path: string, level: 'conversation' | 'segment'): QueryPredicate {
  if (!isObject(value)) throw badRequest(`${path}: must be an object`, path);
  checkKeys(value, new Set(['type', 'dimension', 'operator', 'value', 'range', 'metric', 'property', 'propertyType']), path);
  if (value.type !== undefined && value.type !== 'dimension') {
    throw badRequest(`${path}.type: "${String(value.type)}" predicates are not supported by the emulator (only "dimension")`, `${path}.type`);
  }
  if (value.range !== undefined) throw badRequest(`${path}.range: range predicates are not supported by the emulator`, `${path}.range`);
  const dimension = value.dimension;
  if (typeof dimension !== 'string') throw badRequest(`${path}.dimension: is required`, `${path}.dimension`);
  const supported = level === 'conversation' ? CONVERSATION_DIMENSIONS : SEGMENT_DIMENSIONS;
  const other = level === 'conversation' ? OTHER_CONVERSATION_DIMENSIONS : OTHER_SEGMENT_DIMENSIONS;
  if (!supported.has(dimension)) {
    const hint = level === 'conversation' && SEGMENT_DIMENSIONS.has(dimension)
      ? ' (it is a segment dimension: use segmentFilters)'
      : level === 'segment' && CONVERSATION_DIMENSIONS.has(dimension)
        ? ' (it is a conversation dimension: use conversationFilters)'
        : other.has(dimension) ? ' (not supported by the emulator)' : '';
    throw badRequest(`${path}.dimension: unknown ${level} dimension "${dimension}"${hint}`, `${path}.dimension`);
  }
  const operator = value.operator ?? 'matches';
  if (operator !== 'matches' && operator !== 'exists' && operator !== 'notExists') {
    throw badRequest(`${path}.operator: must be one of matches, exists, notExists`, `${path}.operator`);
  }
  if (operator === 'matches') {
    if (typeof value.value !== 'string') throw badRequest(`${path}.value: is required for operator "matches"`, `${path}.value`);
    return { dimension, operator, value: value.value };
  }
  return { dimension, operator };
}

function parseClause(value: unknown, path: string, level: 'conversation' | 'segment', allowClauses: boolean): QueryFilter {
  if (!isObject(value)) throw badRequest(`${path}: must be an object`, path);
  checkKeys(value, new Set(allowClauses ? ['type', 'predicates', 'clauses'] : ['type', 'predicates']), path);
  if (value.type !== 'and' && value.type !== 'or') throw badRequest(`${path}.type: must be "and" or "or"`, `${path}.type`);
  const predicates = value.predicates ?? [];
  const clauses = value.clauses ?? [];
  if (!Array.isArray(predicates)) throw badRequest(`${path}.predicates: must be an array`, `${path}.predicates`);
  if (!Array.isArray(clauses)) throw badRequest(`${path}.clauses: must be an array`, `${path}.clauses`);
  if (predicates.length === 0 && clauses.length === 0) throw badRequest(`${path}: needs at least one predicate or clause`, path);
  return {
    type: value.type,
    predicates: predicates.map((p, i) => parsePredicate(p, `${path}.predicates[${i}]`, level)),
    clauses: clauses.map((c, i) => parseClause(c, `${path}.clauses[${i}]`, level, false)),
  };
}

function parseFilters(value: unknown, name: string, level: 'conversation' | 'segment'): QueryFilter[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest(`${name}: must be an array`, name);
  return value.map((filter, i) => parseClause(filter, `${name}[${i}]`, level, true));
}

/** Parses a details query body against the configured limits. */
export function parseDetailsQuery(body: unknown, limits: EmulatorLimits): DetailsQuery {
  if (!isObject(body)) throw badRequest('The request body must be a ConversationQuery object.');
  checkKeys(body, TOP_LEVEL_KEYS, '');
  for (const unsupported of ['evaluationFilters', 'surveyFilters', 'resolutionFilters', 'aggregations']) {
    const list = body[unsupported];
    if (Array.isArray(list) && list.length > 0) throw badRequest(`${unsupported}: not supported by the emulator`, unsupported);
  }
  const { fromMs, toMs } = parseInterval(body.interval, limits.maxIntervalDays);
  const order = body.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc' && order !== 'unordered') throw badRequest('order: must be one of asc, desc, unordered', 'order');
  const orderBy = body.orderBy ?? 'conversationStart';
  if (orderBy !== 'conversationStart' && orderBy !== 'conversationEnd' && orderBy !== 'segmentStart' && orderBy !== 'segmentEnd') {
    throw badRequest('orderBy: must be one of conversationStart, conversationEnd, segmentStart, segmentEnd', 'orderBy');
  }
  const paging = body.paging ?? {};
  if (!isObject(paging)) throw badRequest('paging: must be an object', 'paging');
  checkKeys(paging, new Set(['pageSize', 'pageNumber']), 'paging');
  const pageSize = paging.pageSize ?? 25;
  const pageNumber = paging.pageNumber ?? 1;
  if (!Number.isInteger(pageSize) || (pageSize as number) < 1 || (pageSize as number) > limits.maxPageSize) {
    throw badRequest(`paging.pageSize: must be an integer from 1 to ${limits.maxPageSize}`, 'paging.pageSize');
  }
  if (!Number.isInteger(pageNumber) || (pageNumber as number) < 1) throw badRequest('paging.pageNumber: must be an integer of at least 1', 'paging.pageNumber');
  return {
    fromMs,
    toMs,
    order,
    orderBy,
    pageSize: pageSize as number,
    pageNumber: pageNumber as number,
    conversationFilters: parseFilters(body.conversationFilters, 'conversationFilters', 'conversation'),
    segmentFilters: parseFilters(body.segmentFilters, 'segmentFilters', 'segment'),
  };
}
