/**
 * `createApp` over stub use cases and a stub authenticator, on a manual clock: for what the HTTP
 * layer itself decides (headers, limits, error mapping) without Genesys or a store.
 */
import { Writable } from 'node:stream';
import type { Express } from 'express';
import { APP_PERMISSIONS, type AgentAuthenticator, type AgentSession } from '../../../server/src/auth/index.js';
import { createManualClock, type ManualClock } from '../../../server/src/clock/index.js';
import { AppError } from '../../../server/src/errors/index.js';
import { createApp, frameAncestorsFor, type AdminApi, type AgentApi, type AppDeps } from '../../../server/src/http/index.js';
import { createLogger } from '../../../server/src/logging/index.js';
import { createMetrics } from '../../../server/src/metrics/index.js';

export const AGENT_PERMISSIONS = [
  APP_PERMISSIONS.view,
  'analytics:conversationDetail:view',
  'externalContacts:identity:merge',
  'externalContacts:conversation:associate',
];

/** Tokens the stub authenticator accepts: `Bearer agent-<userId>`. */
export function stubAuthenticator(): AgentAuthenticator {
  return {
    async authenticate(header) {
      const userId = /^Bearer agent-(\S+)$/.exec(header ?? '')?.[1];
      if (!userId) throw new AppError('unauthorized', 401, 'Sign in', { details: { reason: header ? 'invalid_token' : 'missing_token' } });
      const session: AgentSession = {
        principal: { tenantId: 'org-1', userId, name: userId, clientId: 'widget', permissions: AGENT_PERMISSIONS, tokenId: '0'.repeat(16) },
        hiddenConversations: async () => [],
      };
      return session;
    },
    identifyAt: async () => {
      throw new AppError('unauthorized', 401, 'no');
    },
    forget: () => undefined,
  };
}

const notImplemented = async (): Promise<never> => {
  throw new AppError('not_implemented', 501, 'Not in this stub');
};

export interface FakeApp {
  app: Express;
  clock: ManualClock;
  deps: AppDeps;
  /** Every log line written. */
  logs: string[];
}

/** The app over stubs; `agent` overrides the agent use cases (the rest answer 501). */
export function fakeApp(input: { mode?: 'demo' | 'genesys'; agent?: Partial<AgentApi>; rateLimitPerMinute?: number; corsOrigins?: string[] } = {}): FakeApp {
  const clock = createManualClock();
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const mode = input.mode ?? 'genesys';
  const agent: AgentApi = {
    context: notImplemented,
    candidates: async () => ({ candidates: [] }),
    search: notImplemented,
    preview: notImplemented,
    submitMerge: notImplemented,
    job: notImplemented,
    watchJob: () => ({ [Symbol.asyncIterator]: () => ({ next: notImplemented }) }),
    ...input.agent,
  };
  const admin = new Proxy({} as AdminApi, { get: () => notImplemented });
  const deps: AppDeps = {
    options: {
      mode,
      corsOrigins: input.corsOrigins ?? ['https://crm.example.com'],
      trustProxy: false,
      rateLimitPerMinute: input.rateLimitPerMinute ?? 300,
      clientDir: null,
      frameAncestors: frameAncestorsFor(mode),
      loginOrigins: () => ['https://login.mypurecloud.com'],
      frameOrigins: [],
      sseKeepAliveMs: 15_000,
    },
    logger: createLogger({ level: 'info', destination }),
    metrics: createMetrics({ defaultMetrics: false }),
    clock,
    auth: stubAuthenticator(),
    agent,
    admin,
    authConfig: () => ({ loginBaseUrl: null, apiBaseUrl: null }),
    ready: async () => ({ ready: true, checks: {} }),
  };
  return { app: createApp(deps), clock, deps, logs };
}
