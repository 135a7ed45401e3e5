/**
 * Failures of calls to our backend, as values the UI can explain in plain words with a way
 * forward (sign in again, name the missing permission, refresh, wait, retry).
 */
import type { ErrorBody } from '../../../server/src/http/contract.js';

export type ApiFailure =
  /** 401, or no valid token in the tab: sign in again. */
  | { kind: 'unauthorized' }
  /**
   * 403: the agent's Genesys role lacks the `missing` permissions (from the error's `details`),
   * or (`conversation_not_visible`) cannot see some of the interactions, listed in `conversationIds`.
   */
  | { kind: 'forbidden'; code: string; missing: string[]; conversationIds: string[] }
  /** 409 `plan_changed`: the merge plan no longer matches; preview again. */
  | { kind: 'plan_changed' }
  /** 429: wait this many seconds (from `Retry-After`), then retry. */
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  /**
   * 503: the service could not get an answer from Genesys Cloud right now (e.g. its own calls were
   * rate limited until they ran out of attempts); wait this many seconds (`Retry-After`, else the
   * default), then retry.
   */
  | { kind: 'unavailable'; retryAfterSeconds: number }
  /** The network request failed: the browser is offline or the server is unreachable. */
  | { kind: 'offline' }
  /** Any other answer; `correlationId` is the reference support can look up. */
  | { kind: 'http'; status: number; code: string; message: string; correlationId: string | null };

/** A failed backend call. */
export class ApiError extends Error {
  readonly failure: ApiFailure;

  constructor(failure: ApiFailure, options?: { cause?: unknown }) {
    super(`API call failed: ${failure.kind}`, options);
    this.name = 'ApiError';
    this.failure = failure;
  }
}

/** Used when a 429 carries no usable `Retry-After`. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;
const MAX_RETRY_AFTER_SECONDS = 300;

/**
 * Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date (RFC 9110 §10.2.3),
 * at least 1 and at most 300; the default when absent or unparsable.
 */
export function parseRetryAfter(header: string | null, nowMs: number): number {
  if (header === null || header.trim() === '') return DEFAULT_RETRY_AFTER_SECONDS;
  const value = header.trim();
  let seconds: number;
  if (/^\d+$/.test(value)) seconds = Number(value);
  else {
    const date = Date.parse(value);
    if (Number.isNaN(date)) return DEFAULT_RETRY_AFTER_SECONDS;
    seconds = Math.ceil((date - nowMs) / 1000);
  }
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds));
}

/**
 * The permissions named in a 403's `details`: an array of strings, or an object with `missing`
 * (also accepted: `missingPermissions`, `permissions`, `required`).
 */
export function missingPermissions(details: unknown): string[] {
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;
  const direct = strings(details);
  if (direct) return direct;
  if (typeof details === 'object' && details !== null) {
    const record = details as Record<string, unknown>;
    for (const key of ['missing', 'missingPermissions', 'permissions', 'required']) {
      const list = strings(record[key]);
      if (list) return list;
    }
  }
  return [];
}

/** Maps a non-2xx response to a failure (reads the `{error:{code,message,details}}` body). */
export async function failureFromResponse(response: Response, nowMs: number): Promise<ApiFailure> {
  let error: Partial<ErrorBody['error']> = {};
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    if (body && typeof body.error === 'object' && body.error !== null) error = body.error;
  } catch {
    // Not JSON (a proxy's error page): the status alone decides.
  }
  switch (response.status) {
    case 401:
      return { kind: 'unauthorized' };
    case 403: {
      const details = typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {};
      const conversationIds = Array.isArray(details.conversationIds)
        ? details.conversationIds.filter((id): id is string => typeof id === 'string')
        : [];
      return {
        kind: 'forbidden',
        code: typeof error.code === 'string' ? error.code : 'forbidden',
        missing: missingPermissions(error.details),
        conversationIds,
      };
    }
    case 429:
      return { kind: 'rate_limited', retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after'), nowMs) };
    case 503:
      return { kind: 'unavailable', retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after'), nowMs) };
    default:
      if (response.status === 409 && error.code === 'plan_changed') return { kind: 'plan_changed' };
      return {
        kind: 'http',
        status: response.status,
        code: typeof error.code === 'string' ? error.code : `http_${response.status}`,
        message: typeof error.message === 'string' ? error.message : response.statusText,
        correlationId:
          (typeof error.correlationId === 'string' ? error.correlationId : null) ??
          response.headers.get('x-correlation-id'),
      };
  }
}
