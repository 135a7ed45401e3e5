import type { Clock } from '../clock/index.js';

/**
 * Keeps one org's calls inside its rate budget (reference §5.2: 300 requests per 60 s per
 * client-credentials token by default) and bounds how many run at once.
 *
 * A sliding window of start times: a call may start when fewer than `perWindow` calls started
 * in the last `windowMs`, and fewer than `concurrency` are in flight. Time comes from the injected
 * clock, so tests run without waiting.
 */
export interface CallLimiter {
  /** Runs `task` when the budget allows; resolves or rejects with it. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Pushes the next start to at least `untilMs` (a 429 told us the window is spent). */
  pauseUntil(untilMs: number): void;
  /** Calls currently running and waiting. */
  load(): { running: number; waiting: number };
}

export interface CallLimiterOptions {
  clock: Clock;
  concurrency: number;
  perWindow: number;
  windowMs: number;
}

export function createCallLimiter(options: CallLimiterOptions): CallLimiter {
  const { clock, concurrency, perWindow, windowMs } = options;
  const starts: number[] = [];
  const waiting: Array<() => void> = [];
  let running = 0;
  let pausedUntil = 0;
  let pumping = false;

  const prune = (now: number) => {
    while (starts.length > 0 && starts[0]! <= now - windowMs) starts.shift();
  };

  /** Milliseconds until another call may start (0 = now), ignoring concurrency. */
  const waitMs = (now: number): number => {
    prune(now);
    const windowWait = starts.length < perWindow ? 0 : starts[0]! + windowMs - now;
    return Math.max(windowWait, pausedUntil - now, 0);
  };

  // One pump at a time releases waiters in order; it sleeps on the clock when the window is full.
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (waiting.length > 0 && running < concurrency) {
        const wait = waitMs(clock.now());
        if (wait > 0) {
          await clock.sleep(wait);
          continue;
        }
        starts.push(clock.now());
        running++;
        waiting.shift()!();
      }
    } finally {
      pumping = false;
    }
  };

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        void pump();
      }).then(async () => {
        try {
          return await task();
        } finally {
          running--;
          void pump();
        }
      });
    },
    pauseUntil(untilMs: number) {
      pausedUntil = Math.max(pausedUntil, untilMs);
    },
    load: () => ({ running, waiting: waiting.length }),
  };
}
