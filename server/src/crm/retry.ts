/**
 * When webhook attempts happen, and what a receiver's answer means for the next one.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Delay before each attempt, from the Standard Webhooks example: immediately, 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. Ten attempts spread over 75 h 35 min 05 s before jitter, so a
 * receiver that is down for three days still gets the event; after the tenth failure the event is
 * dead-lettered (replayable).
 */
export const WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR, 20 * HOUR, 24 * HOUR,
]);

/** Jitter adds up to this fraction of each delay (never subtracts, so the span stays ≥ 75 h). */
export const WEBHOOK_RETRY_JITTER = 0.1;

/** A `Retry-After` longer than this is capped: the schedule, not the receiver, bounds the wait. */
export const MAX_RETRY_AFTER_MS = 24 * HOUR;

/**
 * The delay after failed attempt number `attempt` (1-based) before the next one, or null when
 * `attempt` was the last of `schedule` (dead-letter). `random` in [0, 1) picks the jitter.
 */
export function nextRetryDelay(
  attempt: number,
  random: () => number,
  schedule: readonly number[] = WEBHOOK_RETRY_SCHEDULE_MS,
): number | null {
  if (attempt >= schedule.length) return null;
  const base = schedule[Math.max(1, attempt)] ?? 0;
  return Math.round(base * (1 + WEBHOOK_RETRY_JITTER * Math.min(Math.max(random(), 0), 1)));
}

/**
 * A `Retry-After` header value (delay seconds or an HTTP date) as milliseconds from `now`,
 * capped at `MAX_RETRY_AFTER_MS`; null when absent or unparseable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * SECOND;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return null;
    ms = at - now;
  }
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

/** What an attempt's result means: deliver done, try again, or stop. */
export type DeliveryClass =
  | { kind: 'ok' }
  | { kind: 'retryable'; afterMs: number | null }
  | { kind: 'permanent'; reason: string };

/**
 * Classifies a receiver's HTTP status (Standard Webhooks: success is 2xx only):
 * - 2xx: ok.
 * - 410 Gone: permanent (`gone`); the relay disables the tenant's endpoint.
 * - 429, 5xx: retryable, honouring `Retry-After` (a receiver asking for time gets it).
 * - 3xx: retryable. Redirects are never followed (a redirect could lead past the SSRF guard),
 *   and a moved receiver is an operator's fix, which the multi-day schedule leaves time for.
 * - other 4xx (400, 401, 403, 404, 413, 422…): retryable on the schedule, like Svix. A receiver
 *   that rejects us is usually mid-deploy or has a rotated secret, both fixed within the retry
 *   window; dead-lettering at once would need a manual replay for every such event.
 */
export function classifyStatus(status: number, retryAfter: string | null, now: number): DeliveryClass {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  if (status === 410) return { kind: 'permanent', reason: 'gone' };
  const honoursRetryAfter = status === 429 || status >= 500;
  return { kind: 'retryable', afterMs: honoursRetryAfter ? parseRetryAfter(retryAfter, now) : null };
}
