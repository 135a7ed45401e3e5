import type { CallOutcome } from './errors.js';

/** Statuses that mean "try again later" on the Platform API (reference §5.2, §5.4). */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Network failures worth another attempt (the request may not have reached Genesys). */
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND',
  'ERR_SOCKET_CONNECTION_TIMEOUT', 'UND_ERR_SOCKET',
]);

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff for 5xx and network errors, ms; doubles each attempt. */
  baseDelayMs: number;
  /** Upper bound of one wait, ms (a longer `Retry-After` is a permanent failure for this call). */
  maxDelayMs: number;
  /** Extra random wait added to every wait, at most this many ms, so replicas do not retry in step. */
  jitterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 60_000,
  jitterMs: 250,
});

/** Reads a header from an axios-style header object (lower-case keys, possibly an AxiosHeaders). */
export function headerValue(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== 'object') return null;
  const record = headers as Record<string, unknown> & { get?: (n: string) => unknown };
  const value = typeof record.get === 'function' ? record.get(name) : record[name.toLowerCase()];
  if (Array.isArray(value)) return value.length ? String(value[0]) : null;
  return value === undefined || value === null ? null : String(value);
}

/**
 * How long a 429 asks us to wait: `Retry-After` (seconds), else `inin-ratelimit-reset`
 * (seconds to the window's reset, reference §5.1), else null.
 */
export function rateLimitWaitMs(headers: unknown): number | null {
  for (const name of ['retry-after', 'inin-ratelimit-reset']) {
    const raw = headerValue(headers, name);
    if (raw === null) continue;
    const seconds = Number(raw);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  }
  return null;
}

/**
 * How long Genesys asks us to wait after an answer: on 429, `rateLimitWaitMs`; on 503 only
 * `Retry-After` (RFC 9110 §10.2.3), since the `inin-ratelimit-*` headers come with every answer
 * and say when the rate window resets, not when an unavailable service is back; otherwise null.
 */
export function serverWaitMs(status: number | null, headers: unknown): number | null {
  if (status === 429) return rateLimitWaitMs(headers);
  if (status !== 503) return null;
  const raw = headerValue(headers, 'retry-after');
  const seconds = raw === null ? Number.NaN : Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : null;
}

/**
 * Classifies one attempt. `idempotent` says whether repeating the request is harmless: a
 * non-idempotent call (the contact merge, which creates a new contact every time) is retried only
 * when Genesys certainly did not execute it (429) or the connection was refused; after a timeout
 * or a 5xx its effect is unknown, so the caller must re-read before trying again.
 */
export function classifyAttempt(
  result: { status: number | null; headers?: unknown; networkCode?: string | null },
  idempotent: boolean,
): CallOutcome {
  const { status } = result;
  if (status !== null && status >= 200 && status < 300) return { kind: 'ok', status };
  if (status === 429) {
    return { kind: 'retryable', status, afterMs: serverWaitMs(status, result.headers), reason: 'rate limited' };
  }
  if (status !== null && RETRYABLE_STATUSES.has(status)) {
    return idempotent
      ? { kind: 'retryable', status, afterMs: serverWaitMs(status, result.headers), reason: `server error ${status}` }
      : { kind: 'permanent', status, reason: `server error ${status} on a non-idempotent call (outcome unknown)` };
  }
  if (status !== null) return { kind: 'permanent', status, reason: `status ${status}` };
  const code = result.networkCode ?? 'UNKNOWN';
  if (code === 'ECONNREFUSED') return { kind: 'retryable', status: null, afterMs: null, reason: 'connection refused' };
  if (RETRYABLE_NETWORK_CODES.has(code)) {
    return idempotent
      ? { kind: 'retryable', status: null, afterMs: null, reason: `network error ${code}` }
      : { kind: 'permanent', status: null, reason: `network error ${code} on a non-idempotent call (outcome unknown)` };
  }
  return { kind: 'permanent', status: null, reason: `network error ${code}` };
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): the server's own wait when it
 * gave one, else exponential backoff; plus jitter in [0, jitterMs).
 */
export function retryDelayMs(
  outcome: Extract<CallOutcome, { kind: 'retryable' }>,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): number {
  const base = outcome.afterMs ?? Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return base + Math.floor(random() * policy.jitterMs);
}
