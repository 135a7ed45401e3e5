import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { EmulatorClock } from '../config/index.js';
import { hasAnyPermission, principalFor, type Principal, type TokenRecord, type TokenStore } from '../auth/index.js';
import type { OrgDirectory } from '../state/index.js';
import { ApiError, badRequest, missingAnyPermissions, unauthorized } from './errors.js';
import type { FaultInjector } from './faults.js';
import { rateLimitHeaders, type RateLimiter } from './rate-limit.js';
import type { RequestCounter } from './request-counts.js';

/** What a handler returns: status, optional JSON body, optional headers. */
export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One authenticated, rate-limited call, as a handler sees it. */
export interface ApiCall {
  principal: Principal;
  token: TokenRecord;
  /** Clock time when the call was admitted. */
  now: number;
  params: Record<string, string>;
  query: Request['query'];
  body: unknown;
  /** Waits the latency fault; for routes that declare `ownLatency` (merges wait inside their conflict window). */
  latency(): Promise<void>;
}

/** A Platform API route: its path template (as the platform documents it), required permissions and handler. */
export interface ApiRoute {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** e.g. `/api/v2/conversations/{conversationId}`; also the key of request counts. */
  template: string;
  /** ANY of these (reference §7); absent = no permission needed. */
  permissions?: readonly string[];
  /** Refuse client-credentials tokens (reference §1.4 `users/me`). */
  userContextOnly?: boolean;
  /** The handler calls `latency()` itself instead of the pipeline waiting before it. */
  ownLatency?: boolean;
  handle(call: ApiCall): ApiResult | Promise<ApiResult>;
}

/** What the API pipeline needs before a handler runs. */
export interface ApiPipelineDeps {
  tokens: TokenStore;
  org: OrgDirectory;
  clock: EmulatorClock;
  rateLimiter: RateLimiter;
  faults: FaultInjector;
  sleep(ms: number): Promise<void>;
}

/** `{name}` → `:name` (Express 5 / path-to-regexp 8). */
function expressPath(template: string): string {
  return template.replace(/\{(\w+)\}/g, ':$1');
}

function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header?.match(/^bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * Mounts Platform API routes. Each call: token (401) → rate limit per client-credentials token or
 * per user and OAuth client (429 with `Retry-After`) → injected error and latency faults → user-context check → permissions (403)
 * → handler. Rate-limit headers go on every response past authentication.
 */
export function mountApiRoutes(router: Router, routes: readonly ApiRoute[], deps: ApiPipelineDeps): void {
  const jsonBody = express.json({ limit: '1mb' });
  for (const route of routes) {
    const handler: RequestHandler = async (req, res) => {
      const token = bearerToken(req);
      if (!token) throw unauthorized.missing();
      const check = deps.tokens.check(token);
      if (check.status === 'invalid') throw unauthorized.invalid();
      if (check.status === 'expired') throw unauthorized.expired();
      const principal = principalFor(deps.org, check.record);
      if (!principal) throw unauthorized.invalid();
      res.locals.caller = principal.kind;

      // Reference §5.2: a client-credentials token has its own budget; a user's budget is per OAuth client (org.app.user.rate.per.minute).
      const decision = deps.rateLimiter.hit(principal.userId === undefined ? `token:${token}` : `user:${principal.clientId}:${principal.userId}`);
      res.set(rateLimitHeaders(decision));
      if (!decision.allowed) {
        throw new ApiError(
          429,
          'too.many.requests',
          `Rate limit exceeded the maximum. [${decision.limit}] requests for [${Math.round(decision.resetSeconds)}] seconds`,
          { headers: { 'retry-after': String(decision.resetSeconds) }, messageParams: { limit: String(decision.limit) } },
        );
      }
      const injected = deps.faults.draw();
      const latencyMs = deps.faults.settings().latencyMs;
      const latency = () => (latencyMs > 0 ? deps.sleep(latencyMs) : Promise.resolve());
      if (!route.ownLatency) await latency();
      if (injected) throw injected;
      if (route.userContextOnly && principal.kind !== 'user') {
        throw badRequest('This request requires a user context. Client credentials cannot be used for requests to this resource.');
      }
      if (route.permissions && !hasAnyPermission(principal, route.permissions)) throw missingAnyPermissions(route.permissions);

      const result = await route.handle({
        principal,
        token: check.record,
        now: deps.clock.now(),
        params: req.params as Record<string, string>,
        query: req.query,
        body: req.body,
        latency,
      });
      if (result.headers) res.set(result.headers);
      res.status(result.status);
      if (result.body === undefined) res.end();
      else res.json(result.body);
    };
    const path = expressPath(route.template);
    // The template is known before the body is parsed, so even a malformed body is counted under it.
    const stack: RequestHandler[] = [
      (_req, res, next) => {
        res.locals.template = route.template;
        next();
      },
      jsonBody,
      handler,
    ];
    switch (route.method) {
      case 'GET': router.get(path, ...stack); break;
      case 'HEAD': router.head(path, ...stack); break;
      case 'POST': router.post(path, ...stack); break;
      case 'PUT': router.put(path, ...stack); break;
      case 'PATCH': router.patch(path, ...stack); break;
      case 'DELETE': router.delete(path, ...stack); break;
    }
  }
}

/** Gives every response an `inin-correlation-id` and the platform's no-cache headers (reference §5.1). */
export const correlationMiddleware: RequestHandler = (_req, res, next) => {
  const id = randomUUID();
  res.locals.correlationId = id;
  res.set({
    'inin-correlation-id': id,
    'cache-control': 'no-cache, no-store, must-revalidate',
    pragma: 'no-cache',
    expires: '0',
  });
  next();
};

/** Counts every request but the test controls and CORS preflights, once it has been answered. */
export function countingMiddleware(counter: RequestCounter): RequestHandler {
  return (req, res, next) => {
    const path = req.path;
    if (req.method !== 'OPTIONS' && !path.startsWith('/__emulator')) {
      res.on('finish', () => counter.record(req.method, (res.locals.template as string | undefined) ?? path, res.statusCode, (res.locals.caller as 'user' | 'client' | undefined) ?? null));
    }
    next();
  };
}

/** 404 for `/api/v2` paths no route serves. */
export const unknownApiPath: RequestHandler = (req, _res, next: NextFunction) => {
  next(new ApiError(404, 'not.found', `No resource found for ${req.method} ${req.path}.`));
};

/** Renders {@link ApiError}s (and body-parser failures) as platform error bodies; anything else is a logged 500. */
export function apiErrorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const contextId = (res.locals.correlationId as string | undefined) ?? randomUUID();
    let apiError: ApiError;
    if (error instanceof ApiError) apiError = error;
    else if ((error as { type?: string }).type === 'entity.parse.failed') {
      apiError = badRequest('The request could not be understood by the server due to malformed syntax: the body is not valid JSON.');
    } else if (typeof (error as { status?: unknown }).status === 'number' && (error as { status: number }).status < 500) {
      apiError = badRequest((error as Error).message);
    } else {
      logger.error({ err: error, contextId }, 'unhandled emulator error');
      apiError = new ApiError(500, 'internal.server.error', 'The server encountered an unexpected condition which prevented it from fulfilling the request.');
    }
    if (res.headersSent) return;
    if (apiError.extras.headers) res.set(apiError.extras.headers);
    res.status(apiError.status).json(apiError.toBody(contextId));
  };
}
