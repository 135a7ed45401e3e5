import { describe, expect, it } from 'vitest';
import { classifyAttempt, DEFAULT_RETRY_POLICY, rateLimitWaitMs, retryDelayMs } from '../../server/src/genesys/index.js';

describe('classifying a Genesys answer (reference §5.2, §5.4)', () => {
  it('when the status is 2xx, then the call is ok', () => {
    expect(classifyAttempt({ status: 202 }, false)).toEqual({ kind: 'ok', status: 202 });
  });

  it('when Genesys answers 429 with Retry-After, then it is retried after that many seconds', () => {
    const outcome = classifyAttempt({ status: 429, headers: { 'retry-after': '7', 'inin-ratelimit-reset': '30' } }, false);
    expect(outcome).toMatchObject({ kind: 'retryable', afterMs: 7000 });
  });

  it('when a 429 has no Retry-After, then inin-ratelimit-reset decides the wait', () => {
    expect(rateLimitWaitMs({ 'inin-ratelimit-reset': '38' })).toBe(38_000);
    expect(rateLimitWaitMs({})).toBeNull();
  });

  it('when a read fails with 503 or a timeout, then it is retryable', () => {
    expect(classifyAttempt({ status: 503 }, true).kind).toBe('retryable');
    expect(classifyAttempt({ status: null, networkCode: 'ECONNABORTED' }, true).kind).toBe('retryable');
  });

  it('when a 503 carries only the rate-limit headers, then it backs off (the window reset says nothing of the outage); its Retry-After is honoured', () => {
    const headers = { 'inin-ratelimit-allowed': '300', 'inin-ratelimit-count': '12', 'inin-ratelimit-reset': '58' };
    expect(classifyAttempt({ status: 503, headers }, true)).toMatchObject({ kind: 'retryable', afterMs: null });
    expect(classifyAttempt({ status: 503, headers: { ...headers, 'retry-after': '2' } }, true)).toMatchObject({ kind: 'retryable', afterMs: 2000 });
  });

  it('when the contact merge fails with 503 or times out, then it is not retried blindly (it may have happened)', () => {
    expect(classifyAttempt({ status: 503 }, false).kind).toBe('permanent');
    expect(classifyAttempt({ status: null, networkCode: 'ECONNABORTED' }, false).kind).toBe('permanent');
    // A refused connection never reached Genesys: safe to repeat.
    expect(classifyAttempt({ status: null, networkCode: 'ECONNREFUSED' }, false).kind).toBe('retryable');
  });

  it('when Genesys answers 400, 401, 403, 404 or 409, then the call fails for good', () => {
    for (const status of [400, 401, 403, 404, 409]) expect(classifyAttempt({ status }, true).kind).toBe('permanent');
  });

  it('when no wait is given, then backoff doubles per attempt and jitter stays below its bound', () => {
    const outcome = { kind: 'retryable', status: 503, afterMs: null, reason: 'x' } as const;
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, jitterMs: 50 };
    expect(retryDelayMs(outcome, 1, policy, () => 0)).toBe(100);
    expect(retryDelayMs(outcome, 3, policy, () => 0)).toBe(400);
    expect(retryDelayMs(outcome, 3, policy, () => 0.999)).toBe(449);
    expect(retryDelayMs({ ...outcome, afterMs: 2000 }, 1, policy, () => 0)).toBe(2000);
  });
});
