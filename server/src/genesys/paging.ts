import type platformClient from 'purecloud-platform-client-v2';
import type { AnalyticsLimits } from './client.js';

type AnalyticsConversation = platformClient.Models.AnalyticsConversationWithoutAttributes;
type QueryResponse = platformClient.Models.AnalyticsConversationQueryResponse;

/** A details-query search over a time range of any length. */
export interface ConversationSearch {
  /** Range start and end, epoch ms. */
  startMs: number;
  endMs: number;
  segmentFilters?: platformClient.Models.SegmentDetailQueryFilter[];
  conversationFilters?: platformClient.Models.ConversationDetailQueryFilter[];
  order?: 'asc' | 'desc';
  orderBy?: 'conversationStart' | 'conversationEnd' | 'segmentStart' | 'segmentEnd';
  /** Stop after this many conversations (a guard against a runaway identifier). */
  maxResults?: number;
}

const DAY_MS = 86_400_000;

/**
 * Splits [startMs, endMs) into windows no longer than `maxDays`, cut at UTC midnight: the query
 * returns conversations that "started on a day touched by the interval" (reference §2.2), so
 * windows that share a day would both return that day's conversations.
 */
export function splitInterval(startMs: number, endMs: number, maxDays: number): Array<[number, number]> {
  if (!(endMs > startMs)) return [];
  const windows: Array<[number, number]> = [];
  let from = startMs;
  while (from < endMs) {
    const dayStart = Math.floor(from / DAY_MS) * DAY_MS;
    const to = Math.min(endMs, dayStart + maxDays * DAY_MS);
    windows.push([from, to]);
    from = to;
  }
  return windows;
}

export const isoInterval = (startMs: number, endMs: number) =>
  `${new Date(startMs).toISOString()}/${new Date(endMs).toISOString()}`;

/**
 * Runs the details query over every window (concurrently) and every page of each (in order),
 * and returns the conversations once each, in the order of the windows and pages.
 */
export async function queryConversationPages(
  search: ConversationSearch,
  limits: AnalyticsLimits,
  query: (body: platformClient.Models.ConversationQuery) => Promise<QueryResponse>,
): Promise<AnalyticsConversation[]> {
  const maxResults = search.maxResults ?? Number.POSITIVE_INFINITY;
  const windows = splitInterval(search.startMs, search.endMs, limits.maxIntervalDays);
  const perWindow = await Promise.all(
    windows.map(async ([from, to]) => {
      const found: AnalyticsConversation[] = [];
      for (let pageNumber = 1; found.length < maxResults; pageNumber++) {
        const page = await query({
          interval: isoInterval(from, to),
          order: search.order ?? 'asc',
          orderBy: search.orderBy ?? 'conversationStart',
          paging: { pageSize: limits.pageSize, pageNumber },
          ...(search.segmentFilters ? { segmentFilters: search.segmentFilters } : {}),
          ...(search.conversationFilters ? { conversationFilters: search.conversationFilters } : {}),
        });
        const conversations = page.conversations ?? [];
        found.push(...conversations);
        const total = page.totalHits ?? Number.POSITIVE_INFINITY;
        if (conversations.length < limits.pageSize || pageNumber * limits.pageSize >= total) break;
      }
      return found;
    }),
  );
  const seen = new Set<string>();
  const out: AnalyticsConversation[] = [];
  for (const conversation of perWindow.flat()) {
    const id = conversation.conversationId;
    if (!id || seen.has(id)) continue;
    seen.add(id);
    out.push(conversation);
    if (out.length >= maxResults) break;
  }
  return out;
}
