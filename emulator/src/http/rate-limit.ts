import type { EmulatorClock } from '../config/index.js';

/** The state of one key's window after a request (reference §5.1 `inin-ratelimit-*` headers). */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Requests counted in the current window, this one included when allowed. */
  count: number;
  /** Whole seconds until the window resets (at least 1). */
  resetSeconds: number;
}

/** Fixed-window request limit per key (per token, reference §5.2), on the injected clock. */
export interface RateLimiter {
  hit(key: string): RateLimitDecision;
  reset(): void;
}

/** Creates a limiter allowing `limit` requests per `windowMs` per key; refused requests are not counted. */
export function createRateLimiter(clock: EmulatorClock, limit: number, windowMs: number): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit: (key) => {
      const now = clock.now();
      let window = windows.get(key);
      if (!window || now >= window.start + windowMs) {
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      const allowed = window.count < limit;
      if (allowed) window.count += 1;
      const resetSeconds = Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
      return { allowed, limit, count: window.count, resetSeconds };
    },
    reset: () => windows.clear(),
  };
}

/** Response headers for a decision. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    'inin-ratelimit-allowed': String(decision.limit),
    'inin-ratelimit-count': String(decision.count),
    'inin-ratelimit-reset': String(decision.resetSeconds),
  };
}
