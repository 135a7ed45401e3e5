import { badRequest, notFound, type ApiRoute } from '../http/index.js';
import { parseDetailsQuery } from './analytics-query.js';
import { searchConversations } from './analytics-search.js';
import type { ApiDeps } from './deps.js';
import { renderAnalyticsConversation } from './render.js';
import { analyticsVisible, hiddenEntity } from './visibility.js';

/** Reference §7: all conversation-detail reads. */
const DETAIL_PERMISSIONS = ['analytics:conversationDetail:view', 'analytics:agentConversationDetail:view'] as const;

/** Ids of a batch GET: `?id=a,b,c` (what the SDK sends) and repeated `?id=a&id=b` (reference §2.2). */
function batchIds(raw: unknown): string[] {
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values.flatMap((value) => String(value).split(',')).map((id) => id.trim()).filter(Boolean);
}

/** Analytics conversation details: single, batch, query (reference §2.2) and retention settings (§4). */
export function analyticsRoutes(deps: ApiDeps): ApiRoute[] {
  const { conversations, behaviour, limits } = deps;
  return [
    {
      method: 'GET',
      template: '/api/v2/analytics/conversations/{conversationId}/details',
      permissions: DETAIL_PERMISSIONS,
      handle: ({ params, principal, now }) => {
        const id = params.conversationId!;
        const index = conversations.indexOf(id);
        if (index === undefined) throw notFound('conversation', id);
        if (!analyticsVisible(principal, conversations.at(index), behaviour)) throw hiddenEntity(behaviour, 'conversation', id);
        return { status: 200, body: renderAnalyticsConversation(deps, index, now) };
      },
    },
    {
      method: 'GET',
      template: '/api/v2/analytics/conversations/details',
      permissions: DETAIL_PERMISSIONS,
      handle: ({ query, principal, now }) => {
        const ids = batchIds(query.id);
        if (ids.length === 0) throw badRequest('id: at least one conversation id is required', 'id');
        if (ids.length > limits.maxBatchIds) {
          throw badRequest(`id: ${ids.length} ids exceed the maximum of ${limits.maxBatchIds} per request`, 'id');
        }
        const found = [];
        for (const id of ids) {
          const index = conversations.indexOf(id);
          if (index === undefined) {
            if (behaviour.batchUnknownIds === 'notFound') throw notFound('conversation', id);
            continue;
          }
          if (analyticsVisible(principal, conversations.at(index), behaviour)) found.push(renderAnalyticsConversation(deps, index, now));
        }
        return { status: 200, body: { conversations: found } };
      },
    },
    {
      method: 'POST',
      template: '/api/v2/analytics/conversations/details/query',
      permissions: DETAIL_PERMISSIONS,
      handle: ({ body, principal, now }) => {
        const query = parseDetailsQuery(body, limits);
        const result = searchConversations(deps, query, principal, now);
        const page = result.page.map((index) => renderAnalyticsConversation(deps, index, now));
        if (page.length === 0 && behaviour.emptyQueryOmitsConversations) return { status: 200, body: { totalHits: result.totalHits } };
        return { status: 200, body: { conversations: page, totalHits: result.totalHits } };
      },
    },
    {
      method: 'GET',
      template: '/api/v2/analytics/dataretention/settings',
      permissions: ['analytics:dataRetention:view'],
      handle: () => ({
        status: 200,
        body: {
          retentionDays: deps.dataset.org.analyticsRetentionDays,
          dateCreated: '2024-01-01T00:00:00.000Z',
          dateModified: '2024-01-01T00:00:00.000Z',
        },
      }),
    },
  ];
}
