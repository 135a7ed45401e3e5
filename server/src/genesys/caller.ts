import type { Logger } from 'pino';
import type { Clock } from '../clock/index.js';
import { GenesysApiError, type CallOutcome, type GenesysErrorBody } from './errors.js';
import type { CallLimiter } from './limiter.js';
import { classifyAttempt, headerValue, retryDelayMs, serverWaitMs, type RetryPolicy } from './retry.js';

/** What the caller reports about every attempt (metrics, logs, per-merge call counts). */
export interface GenesysCallEvent {
  /** Endpoint template, e.g. `GET /api/v2/conversations/{conversationId}`. */
  endpoint: string;
  status: number | null;
  outcome: CallOutcome['kind'];
  attempt: number;
  durationMs: number;
  /** How long the caller will wait before the next attempt (retryable outcomes only). */
  retryInMs: number | null;
}

/** Receives every attempt. Must not throw. */
export type GenesysCallObserver = (event: GenesysCallEvent) => void;

/** One API operation: its endpoint template and how to invoke it with the given headers. */
export interface Operation<T> {
  endpoint: string;
  /** False for calls that must not be repeated blindly (see `classifyAttempt`). */
  idempotent: boolean;
  invoke(headers: Record<string, string>): Promise<unknown>;
  /** Maps the response body; defaults to the body as is. */
  map?(body: unknown): T;
}

/** Supplies the bearer token; `invalidate` after a 401 so the next call gets a fresh one. */
export interface TokenSource {
  token(): Promise<string>;
  invalidate(): void;
  /** Whether a 401 can be cured by a new token (true for client credentials). */
  renewable: boolean;
}

export interface CallerDeps {
  clock: Clock;
  policy: RetryPolicy;
  random: () => number;
  limiter: CallLimiter | null;
  tokens: TokenSource;
  observers: GenesysCallObserver[];
  logger?: Logger;
}

interface AttemptResult {
  status: number | null;
  headers: unknown;
  body: unknown;
  networkCode: string | null;
}

/** The SDK (extended responses) resolves `{status, headers, body}` and rejects the same, or an axios error. */
async function attempt(invoke: () => Promise<unknown>): Promise<AttemptResult> {
  try {
    const response = (await invoke()) as { status: number; headers: unknown; body: unknown };
    return { status: response.status, headers: response.headers, body: response.body, networkCode: null };
  } catch (error) {
    const failure = error as { status?: unknown; headers?: unknown; body?: unknown; code?: unknown; error?: { code?: unknown } };
    if (typeof failure?.status === 'number') {
      return { status: failure.status, headers: failure.headers, body: failure.body, networkCode: null };
    }
    const code = typeof failure?.code === 'string' ? failure.code : typeof failure?.error?.code === 'string' ? failure.error.code : 'UNKNOWN';
    return { status: null, headers: null, body: null, networkCode: code };
  }
}

function errorBody(body: unknown): GenesysErrorBody | null {
  return body && typeof body === 'object' ? (body as GenesysErrorBody) : null;
}

/**
 * Runs operations with the org's token, inside its rate budget, retrying what may be retried:
 * 429 waits `Retry-After` (else `inin-ratelimit-reset`) and pauses the whole org's budget; 5xx and
 * network failures back off exponentially; every wait carries jitter; attempts are bounded. A 401
 * with a renewable token is retried once with a new token.
 */
export function createCaller(deps: CallerDeps) {
  const { clock, policy, random, limiter, tokens, observers, logger } = deps;

  return async function call<T>(operation: Operation<T>): Promise<T> {
    let renewedAfter401 = false;
    for (let attemptNo = 1; ; attemptNo++) {
      const token = await tokens.token();
      const headers = { Authorization: `Bearer ${token}` };
      const started = clock.now();
      const result = limiter
        ? await limiter.run(() => attempt(() => operation.invoke(headers)))
        : await attempt(() => operation.invoke(headers));
      const outcome = classifyAttempt(result, operation.idempotent);
      const canRetry = outcome.kind === 'retryable' && attemptNo < policy.maxAttempts;
      const delay = canRetry ? retryDelayMs(outcome, attemptNo, policy, random) : null;
      const event: GenesysCallEvent = {
        endpoint: operation.endpoint,
        status: result.status,
        outcome: outcome.kind,
        attempt: attemptNo,
        durationMs: clock.now() - started,
        retryInMs: delay,
      };
      for (const observe of observers) observe(event);

      if (outcome.kind === 'ok') {
        return operation.map ? operation.map(result.body) : (result.body as T);
      }
      if (result.status === 401 && tokens.renewable && !renewedAfter401) {
        // An expired or revoked token: fetch a new one once, then treat 401 as final.
        renewedAfter401 = true;
        tokens.invalidate();
        attemptNo--;
        continue;
      }
      if (delay !== null && outcome.kind === 'retryable' && delay <= policy.maxDelayMs + policy.jitterMs) {
        if (result.status === 429 && limiter) limiter.pauseUntil(clock.now() + delay);
        logger?.debug({ endpoint: operation.endpoint, status: result.status, attempt: attemptNo, delayMs: delay }, 'genesys call retried');
        await clock.sleep(delay);
        continue;
      }
      throw new GenesysApiError({
        endpoint: operation.endpoint,
        status: result.status,
        reason: outcome.reason,
        body: errorBody(result.body),
        correlationId: headerValue(result.headers, 'inin-correlation-id') ?? errorBody(result.body)?.contextId ?? null,
        attempts: attemptNo,
        exhausted: outcome.kind === 'retryable',
        retryAfterMs: serverWaitMs(result.status, result.headers),
      });
    }
  };
}

export type Caller = ReturnType<typeof createCaller>;
