import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { HttpLogger } from 'pino-http';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/index.js';
import { createScrubber } from './scrub.js';

export type { HttpLogger };

/** The header carrying the request id, in and out. */
export const REQUEST_ID_HEADER = 'x-request-id';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Options of `createHttpLogger`. */
export interface HttpLoggerOptions {
  /** Requests not logged (e.g. `/healthz`, `/metrics` scrapes). */
  ignore?: (req: IncomingMessage) => boolean;
  /**
   * Also observes each logged request's duration (`Metrics.observeHttpRequest`), labelled with
   * the route template, or `unmatched` (so stray paths cannot grow the label set).
   */
  metrics?: Pick<Metrics, 'observeHttpRequest'>;
}

/**
 * A pino-http middleware that writes one line per request, when the response finishes or the
 * client goes away: `{reqId, method, route, status, durationMs, msg}`. `route` is the matched
 * Express route template (`/api/v1/merges/:id`), or for an unmatched request its path without
 * the query, with value-like segments replaced by `:param` (queries may carry identifiers and
 * are never logged). The request id is the incoming `x-request-id` when it is sane (1–128 of
 * `[A-Za-z0-9._:-]`, not phone- or email-like), else a new UUID; it is echoed in the response's
 * `x-request-id` and bound to `req.log`. 5xx lines are at level `error`, the rest at `info`.
 * `logger` should come from `createLogger`, whose serializers and redaction this reuses.
 */
export function createHttpLogger(logger: Logger, options: HttpLoggerOptions = {}): HttpLogger {
  const scrubber = createScrubber();
  const summary = (req: IncomingMessage, res: ServerResponse, durationMs: unknown) => {
    const { route, matched } = routeOf(req);
    if (options.metrics && typeof durationMs === 'number') {
      options.metrics.observeHttpRequest({
        method: req.method ?? 'OTHER',
        route: matched ? route : 'unmatched',
        status: res.statusCode,
        durationMs,
      });
    }
    return { method: req.method, route, status: res.statusCode, durationMs };
  };
  return pinoHttp({
    logger,
    wrapSerializers: false,
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'reqId', responseTime: 'durationMs' },
    genReqId(req, res) {
      const incoming = req.headers[REQUEST_ID_HEADER];
      const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) && scrubber.text(incoming) === incoming
        ? incoming
        : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    ...(options.ignore ? { autoLogging: { ignore: options.ignore } } : {}),
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessObject: (req, res, value) => summary(req, res, (value as { durationMs?: unknown }).durationMs),
    customErrorObject: (req, res, _error, value) => summary(req, res, (value as { durationMs?: unknown }).durationMs),
    customSuccessMessage: (req, res) =>
      req.readableAborted || !res.writableEnded ? 'request aborted' : 'request completed',
    customErrorMessage: () => 'request failed',
  });
}

interface RoutedRequest extends IncomingMessage {
  baseUrl?: string;
  originalUrl?: string;
  route?: { path?: unknown };
}

/**
 * The Express route template of a request, or its path without query with values masked.
 * Express restores `req.baseUrl` when an error leaves a router, so the mount prefix is taken from
 * the request path instead: the segments in front of the matched route's own segments, masked.
 */
function routeOf(req: RoutedRequest): { route: string; matched: boolean } {
  const segments = ((req.originalUrl ?? req.url ?? '').split('?', 1)[0] ?? '').split('/').slice(1);
  const routePath = typeof req.route?.path === 'string' ? req.route.path : null;
  if (routePath === null) return { route: `/${segments.map(maskSegment).join('/')}`, matched: false };
  const own = routePath.split('/').filter((segment) => segment !== '').length;
  const prefix = segments.slice(0, Math.max(0, segments.length - own)).map(maskSegment);
  return { route: `${prefix.length > 0 ? `/${prefix.join('/')}` : ''}${routePath}`, matched: true };
}

function maskSegment(segment: string): string {
  return segment === '' || /^[a-z][a-z-]{0,29}[0-9]{0,2}$/.test(segment) ? segment : ':param';
}
