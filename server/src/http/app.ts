import express, { type Express } from 'express';
import { createHttpLogger } from '../logging/index.js';
import type { AppDeps } from './deps.js';
import { errorMiddleware, notFoundHandler } from './errors.js';
import { addressKey, createLimiter } from './rate-limit.js';
import { adminRoutes } from './routes/admin.js';
import { agentRoutes } from './routes/agent.js';
import { opsRoutes } from './routes/ops.js';
import { pageRoutes } from './routes/pages.js';
import { corsAllowlist, securityHeaders } from './security.js';

/** Requests not worth a log line (probes and scrapes). */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Builds the service's Express 5 app from its dependencies; listens nowhere (the caller does).
 * In order: request ids and one log line per request (pino-http), security headers (helmet, CSP
 * with the Genesys `frame-ancestors`), CORS allowlist and a per-address limit on `/api`,
 * operations routes and `auth-config`, the demo routers, the admin and agent APIs (each route:
 * authenticate, per-agent limit, permissions, zod, visibility, one use case), the pages, then one
 * error middleware for everything.
 */
export function createApp(deps: AppDeps): Express {
  const { options } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  app.set('etag', false);

  app.use(createHttpLogger(deps.logger, { metrics: deps.metrics, ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?', 1)[0]!) }));
  app.use(securityHeaders({ frameAncestors: options.frameAncestors, loginOrigins: options.loginOrigins, frameOrigins: options.frameOrigins }));
  app.use('/api', corsAllowlist(options.corsOrigins));
  // Before authentication: bounds how many tokens one address can make us check with Genesys.
  app.use(
    '/api',
    createLimiter({
      clock: deps.clock,
      perMinute: options.rateLimitPerMinute * 10,
      key: (req) => `address:${addressKey(req)}`,
      code: 'rate_limited',
      message: 'Too many requests from this address; wait a moment',
    }),
  );

  app.use(opsRoutes(deps));
  for (const router of deps.extraRouters ?? []) app.use(router);
  app.use('/api/v1/admin', adminRoutes(deps));
  app.use('/api/v1', agentRoutes(deps));
  app.use(pageRoutes({ clientDir: options.clientDir, pages: options.mode === 'demo' ? ['widget', 'desktop', 'crm'] : ['widget'] }));
  if (options.mode === 'demo') {
    app.get('/', (_req, res) => {
      res.redirect(302, '/desktop');
    });
  }
  app.use(notFoundHandler());
  app.use(errorMiddleware());
  return app;
}
