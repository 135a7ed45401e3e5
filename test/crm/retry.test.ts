import { describe, expect, it } from 'vitest';
import {
  classifyStatus, MAX_RETRY_AFTER_MS, nextRetryDelay, parseRetryAfter, WEBHOOK_RETRY_SCHEDULE_MS,
} from '../../server/src/crm/index.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-26T10:00:00Z');

function span(random: () => number): { attempts: number; totalMs: number; delays: number[] } {
  const delays: number[] = [];
  let attempt = 1;
  for (;;) {
    const delay = nextRetryDelay(attempt, random);
    if (delay === null) break;
    delays.push(delay);
    attempt += 1;
  }
  return { attempts: attempt, totalMs: delays.reduce((a, b) => a + b, 0), delays };
}

describe('retry schedule', () => {
  it('when every attempt fails, then ten attempts spread over more than three days, with at most 10 % added jitter', () => {
    const least = span(() => 0);
    const most = span(() => 0.999999);
    expect(least.attempts).toBe(10);
    expect(least.totalMs).toBe(75 * HOUR + 35 * 60_000 + 5_000);
    expect(least.totalMs).toBeGreaterThan(72 * HOUR);
    expect(most.totalMs).toBeLessThanOrEqual(least.totalMs * 1.1);
    least.delays.forEach((delay, i) => {
      expect(delay).toBe(WEBHOOK_RETRY_SCHEDULE_MS[i + 1]);
      expect(most.delays[i]).toBeGreaterThan(delay * 1.09);
    });
  });

  it('when the tenth attempt fails, then there is no next delay (dead letter)', () => {
    expect(nextRetryDelay(9, () => 0)).toBe(24 * HOUR);
    expect(nextRetryDelay(10, () => 0)).toBeNull();
    expect(nextRetryDelay(3, () => 0, [0, 10, 20])).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  it('when given seconds, an HTTP date, garbage or a huge value, then it returns ms from now, null, or the cap', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(parseRetryAfter(new Date(NOW - 90_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter('9999999', NOW)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('classifyStatus', () => {
  it('when a receiver answers, then 2xx is ok, 410 permanent, 429/5xx retry with Retry-After, 3xx and other 4xx retry without it', () => {
    const table: Array<[number, string | null, ReturnType<typeof classifyStatus>]> = [
      [200, null, { kind: 'ok' }],
      [204, null, { kind: 'ok' }],
      [410, '60', { kind: 'permanent', reason: 'gone' }],
      [429, '60', { kind: 'retryable', afterMs: 60_000 }],
      [503, '7', { kind: 'retryable', afterMs: 7_000 }],
      [500, null, { kind: 'retryable', afterMs: null }],
      [301, '60', { kind: 'retryable', afterMs: null }],
      [302, null, { kind: 'retryable', afterMs: null }],
      [400, null, { kind: 'retryable', afterMs: null }],
      [401, null, { kind: 'retryable', afterMs: null }],
      [404, '60', { kind: 'retryable', afterMs: null }],
    ];
    for (const [status, retryAfter, expected] of table) {
      expect([status, classifyStatus(status, retryAfter, NOW)]).toEqual([status, expected]);
    }
  });
});
