/**
 * Calls made with an agent's own token: who they are (tokens/me, users/me) and which
 * conversations Genesys lets them see (analytics batch details), outside the org's rate limiter.
 */
import type platformClient from 'purecloud-platform-client-v2';
import type { Clock } from '../clock/index.js';
import { createCaller, type GenesysCallObserver, type TokenSource } from './caller.js';
import { chunk, DEFAULT_ANALYTICS_LIMITS, GENESYS_ENDPOINTS as E } from './client.js';
import { isGenesysStatus } from './errors.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { createApis, createSdkClient, type GenesysTarget } from './sdk.js';
import { createStaticTokenSource } from './tokens.js';

/** What the server learns from an agent's own token. */
export interface AgentIdentity {
  token: platformClient.Models.TokenInfo;
  user: platformClient.Models.UserMe;
}

/** Calls made with an agent's own token (to check who they are and what they may see). */
export interface AgentGenesysClient {
  /** `GET /api/v2/tokens/me` then `GET /api/v2/users/me?expand=authorization`. */
  identify(): Promise<AgentIdentity>;
  /**
   * The ids among `conversationIds` whose analytics details the agent may read, which is what
   * Genesys lets them see (divisions, and only the conversations they took part in when they hold
   * just `analytics:agentConversationDetail:view`): batch `GET /api/v2/analytics/conversations/details?id=`
   * with their token, in chunks of `maxBatchIds`, concurrently. An id absent from the answer is
   * not visible; a 403 for a chunk means none of it is. A 404 for a chunk (an org whose batch
   * GET fails on unknown ids, reference §2.2) is settled id by id with the single details GET.
   * Other failures throw `GenesysApiError`.
   */
  visibleConversations(conversationIds: readonly string[]): Promise<Set<string>>;
}

/** The longest wait (429 or 503) an agent's request waits out on the auth path, ms. */
const AGENT_MAX_WAIT_MS = 5_000;

/**
 * A factory of agent clients for one org target: one SDK client shared by every agent, the
 * agent's token sent per call. No rate limiter (these calls count against the agent's own budget).
 */
export function createAgentClientFactory(options: {
  target: GenesysTarget;
  clock: Clock;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  observer?: GenesysCallObserver;
  random?: () => number;
  /** Ids per batch details GET (default `DEFAULT_ANALYTICS_LIMITS.maxBatchIds`). */
  maxBatchIds?: number;
}): (token: string) => AgentGenesysClient {
  const sdk = createSdkClient(options.target, options.timeoutMs ?? 16_000);
  const apis = createApis(sdk);
  // The agent is looking at the widget: a wait longer than AGENT_MAX_WAIT_MS is answered at once
  // (503 with Genesys' wait, which the widget counts down) rather than held behind a spinner.
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, maxDelayMs: AGENT_MAX_WAIT_MS, ...options.retry };
  const observers = options.observer ? [options.observer] : [];
  const maxBatchIds = Math.max(1, options.maxBatchIds ?? DEFAULT_ANALYTICS_LIMITS.maxBatchIds);
  return (token: string) => {
    const tokens: TokenSource = createStaticTokenSource(token);
    const call = createCaller({ clock: options.clock, policy, random: options.random ?? Math.random, limiter: null, tokens, observers });

    const visibleOne = async (id: string): Promise<boolean> => {
      try {
        await call({
          endpoint: E.analyticsDetail,
          idempotent: true,
          invoke: (h) => apis.analytics.getAnalyticsConversationDetails(id, { customHeaders: h }),
        });
        return true;
      } catch (error) {
        if (isGenesysStatus(error, 403) || isGenesysStatus(error, 404)) return false;
        throw error;
      }
    };

    const visibleChunk = async (ids: string[]): Promise<string[]> => {
      try {
        const page = await call<platformClient.Models.AnalyticsConversationWithoutAttributesMultiGetResponse>({
          endpoint: E.analyticsBatch,
          idempotent: true,
          invoke: (h) => apis.analytics.getAnalyticsConversationsDetails({ id: ids, customHeaders: h }),
        });
        const asked = new Set(ids);
        return (page.conversations ?? []).map((c) => c.conversationId ?? '').filter((id) => asked.has(id));
      } catch (error) {
        if (isGenesysStatus(error, 403)) return [];
        if (isGenesysStatus(error, 404)) {
          const answers = await Promise.all(ids.map(visibleOne));
          return ids.filter((_, i) => answers[i]);
        }
        throw error;
      }
    };

    return {
      async identify() {
        const tokenInfo = await call<platformClient.Models.TokenInfo>({
          endpoint: E.tokensMe,
          idempotent: true,
          invoke: (h) => apis.tokens.getTokensMe({ customHeaders: h }),
        });
        const user = await call<platformClient.Models.UserMe>({
          endpoint: E.usersMe,
          idempotent: true,
          invoke: (h) => apis.users.getUsersMe({ expand: ['authorization'], customHeaders: h }),
        });
        return { token: tokenInfo, user };
      },
      async visibleConversations(conversationIds) {
        const unique = [...new Set(conversationIds)];
        const parts = await Promise.all(chunk(unique, maxBatchIds).map(visibleChunk));
        return new Set(parts.flat());
      },
    };
  };
}
