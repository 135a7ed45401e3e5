import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type ClientRateLimitInfo, type Store } from 'express-rate-limit';
import type { Clock } from '../clock/index.js';
import { AppError } from '../errors/index.js';

/**
 * A fixed-window hit counter for `express-rate-limit` on the injected clock (no timers): windows
 * of `windowMs`, keys dropped when their window has passed. One per process, like the library's
 * MemoryStore; with several replicas each enforces its own share.
 */
export function createClockStore(clock: Clock, windowMs: number, maxKeys = 100_000): Store {
  const windows = new Map<string, { hits: number; resetAt: number }>();
  const current = (key: string) => {
    const now = clock.now();
    let window = windows.get(key);
    if (!window || window.resetAt <= now) {
      if (window) windows.delete(key);
      if (windows.size >= maxKeys) {
        for (const [k, w] of windows) if (w.resetAt <= now || windows.size >= maxKeys) windows.delete(k);
      }
      window = { hits: 0, resetAt: now + windowMs };
      windows.set(key, window);
    }
    return window;
  };
  const info = (window: { hits: number; resetAt: number }): ClientRateLimitInfo => ({
    totalHits: window.hits,
    resetTime: new Date(window.resetAt),
  });
  return {
    localKeys: true,
    get: (key) => {
      const window = windows.get(key);
      return window && window.resetAt > clock.now() ? info(window) : undefined;
    },
    increment: (key) => {
      const window = current(key);
      window.hits += 1;
      return info(window);
    },
    decrement: (key) => {
      const window = windows.get(key);
      if (window && window.hits > 0) window.hits -= 1;
    },
    resetKey: (key) => {
      windows.delete(key);
    },
    resetAll: () => {
      windows.clear();
    },
  };
}

/** Options of one limiter. */
export interface LimiterOptions {
  clock: Clock;
  /** Requests allowed per key and minute. */
  perMinute: number;
  /** The key of a request (the agent's user id, or the client address). */
  key: (req: Request, res: Response) => string;
  /** Code of the 429 error. */
  code: string;
  message: string;
}

/**
 * A per-key limiter answering 429 in the API's error shape with `Retry-After` (seconds to the
 * window's end) and the standard `RateLimit` headers.
 */
export function createLimiter(options: LimiterOptions): RequestHandler {
  const windowMs = 60_000;
  return rateLimit({
    windowMs,
    limit: options.perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: createClockStore(options.clock, windowMs),
    keyGenerator: options.key,
    // The key generators here are ours (user ids, or ipKeyGenerator for addresses).
    validate: { keyGeneratorIpFallback: false, trustProxy: false, xForwardedForHeader: false },
    handler: (req, res, next) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - options.clock.now()) / 1000)) : 60;
      res.setHeader('Retry-After', String(seconds));
      next(new AppError(options.code, 429, options.message, { details: { retryAfterSeconds: seconds } }));
    },
  });
}

/** The client address as a limiter key (IPv6 grouped by /56, as the library advises). */
export function addressKey(req: Request): string {
  return ipKeyGenerator(req.ip ?? 'unknown');
}
