import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError } from '../errors/index.js';
import { GenesysApiError } from '../genesys/index.js';
import type { ErrorBody } from './contract.js';

/** The realm named in `WWW-Authenticate` (RFC 6750 §3). */
export const AUTH_REALM = 'interaction-merger';
/** The header naming the correlation id of a failed request (also in the error body). */
export const CORRELATION_HEADER = 'x-correlation-id';

/** Seconds to wait when Genesys asked us to slow down but named no time. */
const DEFAULT_UPSTREAM_RETRY_SECONDS = 5;

interface Mapped {
  error: AppError;
  retryAfterSeconds?: number;
}

/** `Retry-After` seconds for a wait Genesys named (ms), else the default. */
function upstreamRetrySeconds(retryAfterMs: number | null): number {
  return retryAfterMs === null ? DEFAULT_UPSTREAM_RETRY_SECONDS : Math.max(1, Math.ceil(retryAfterMs / 1000));
}

/**
 * A Genesys failure that reached the API as it is, mapped to what the caller can act on
 * (`Retry-After`: the wait Genesys named on its last answer, `Retry-After` then
 * `inin-ratelimit-reset`, else 5 s):
 * - 429 after our own retries ran out → 503 `genesys_rate_limited` with `Retry-After`: the org's
 *   Genesys budget is spent, which is not the caller's doing (our own per-agent limit is the 429);
 * - 5xx or no answer → 503 `genesys_unavailable` with `Retry-After`;
 * - 401/403 on the backend's own token → 502 `genesys_backend_unauthorized` (our credentials or
 *   role are wrong; signing the agent in again would not help);
 * - 404 → 404 `not_found`; 409 → 409 `genesys_conflict`; any other 4xx → 502 `genesys_rejected`.
 */
export function mapGenesysError(error: GenesysApiError): Mapped {
  const details = { endpoint: error.endpoint, upstreamStatus: error.status, upstreamCorrelationId: error.correlationId };
  const status = error.status;
  if (status === 429) {
    return {
      error: new AppError('genesys_rate_limited', 503, 'Genesys Cloud asked us to slow down; try again shortly', { details, cause: error }),
      retryAfterSeconds: upstreamRetrySeconds(error.retryAfterMs),
    };
  }
  if (status === null || status >= 500) {
    return {
      error: new AppError('genesys_unavailable', 503, 'Genesys Cloud is not answering; try again shortly', { details, cause: error }),
      retryAfterSeconds: upstreamRetrySeconds(error.retryAfterMs),
    };
  }
  if (status === 401 || status === 403) {
    return {
      error: new AppError('genesys_backend_unauthorized', 502, "The app's Genesys Cloud client was refused; ask an administrator to check its role", {
        details,
        cause: error,
      }),
    };
  }
  if (status === 404) return { error: new AppError('not_found', 404, 'Genesys Cloud does not know this item', { details, cause: error }) };
  if (status === 409) {
    return { error: new AppError('genesys_conflict', 409, 'Someone changed this customer in Genesys Cloud meanwhile; try again', { details, cause: error }) };
  }
  return { error: new AppError('genesys_rejected', 502, 'Genesys Cloud rejected the request', { details, cause: error }) };
}

/** What body-parser throws (`type` tells which). */
interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

function mapBodyParserError(error: BodyParserError): AppError | null {
  switch (error.type) {
    case 'entity.too.large':
      return new AppError('payload_too_large', 413, `body: must be at most ${error.limit ?? 0} bytes`, { details: { field: 'body' } });
    case 'entity.parse.failed':
      return new AppError('bad_request', 400, 'body: is not valid JSON', { details: { field: 'body' } });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 415, 'body: must be UTF-8 JSON', { details: { field: 'body' } });
    default:
      return null;
  }
}

/**
 * `Retry-After` of a 503 `genesys_*` AppError raised outside `mapGenesysError` (the auth path):
 * `details.retryAfterSeconds` when it names a positive wait, else the default.
 */
function appErrorRetrySeconds(error: AppError): number | undefined {
  if (error.status !== 503 || !error.code.startsWith('genesys_')) return undefined;
  const named = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof named === 'number' && Number.isFinite(named) && named > 0 ? Math.ceil(named) : DEFAULT_UPSTREAM_RETRY_SECONDS;
}

/**
 * Other errors Express's own parts raise for a malformed request (an http-errors style 4xx
 * `status`), e.g. the router's `URIError` for a path parameter that is not valid percent-encoding.
 */
function mapClientError(error: unknown): AppError | null {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  if (error instanceof URIError) return new AppError('bad_request', 400, 'path: is not valid percent-encoding', { details: { field: 'path' } });
  return new AppError('bad_request', status, 'The request could not be read', { cause: error });
}

function requestId(req: Request): string {
  return String((req as Request & { id?: unknown }).id ?? '');
}

function bearerChallenge(error: AppError): string {
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  if (reason === 'invalid_token') {
    const description = error.message.replace(/["\\]/g, "'");
    return `Bearer realm="${AUTH_REALM}", error="invalid_token", error_description="${description}"`;
  }
  return `Bearer realm="${AUTH_REALM}"`;
}

/**
 * The one error middleware: AppError → its status and `{error: {code, message, details}}`;
 * Genesys failures as `mapGenesysError`; body-parser failures → 400/413/415; other 4xx errors of
 * Express's parts (a path parameter that is not valid percent-encoding) → their 4xx; anything else →
 * 500 `internal` with the request id as `correlationId` (body and `x-correlation-id`), logged
 * once with its stack. 401 carries `WWW-Authenticate: Bearer …`; 429/503 carry `Retry-After`.
 */
export function errorMiddleware(): ErrorRequestHandler {
  return (raw, req, res, next) => {
    if (res.headersSent) {
      next(raw);
      return;
    }
    let error: AppError;
    let retryAfterSeconds: number | undefined;
    if (raw instanceof AppError) {
      error = raw;
      retryAfterSeconds = appErrorRetrySeconds(raw);
    } else if (raw instanceof GenesysApiError) ({ error, retryAfterSeconds } = mapGenesysError(raw));
    else error = mapBodyParserError(raw as BodyParserError) ?? mapClientError(raw) ?? new AppError('internal', 500, 'Internal error', { cause: raw });

    const correlationId = requestId(req);
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    if (error.status >= 500) {
      body.error.correlationId = correlationId;
      res.setHeader(CORRELATION_HEADER, correlationId);
      if (error.code === 'internal') {
        // The client sees only the correlation id; the cause is logged here, once.
        req.log?.error({ err: raw, correlationId }, 'unhandled error');
      } else {
        req.log?.warn({ err: error.cause ?? error, code: error.code }, 'request failed');
      }
    }
    if (error.status === 401) res.setHeader('WWW-Authenticate', bearerChallenge(error));
    if (retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(retryAfterSeconds));
    res.status(error.status).json(body);
  };
}

/** The catch-all for unknown API paths: 404 `not_found` in the API's error shape. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(new AppError('not_found', 404, `No route ${req.method} ${req.path}`));
  };
}
