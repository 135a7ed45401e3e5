/**
 * Time as a dependency. Everything that reads the time or waits takes a `Clock`, so retries,
 * polling, leases and webhook schedules are tested without waiting for real time.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time; rejects with the signal's reason if aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
});

/** A clock that only moves when told to. `sleep` advances it at once, so waiting costs nothing. */
export interface ManualClock extends Clock {
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
  /** Sets the clock to an absolute instant (ms since epoch). */
  set(epochMs: number): void;
  /** Every duration passed to `sleep`, in call order: what the code under test chose to wait. */
  readonly sleeps: readonly number[];
}

/** Creates a `ManualClock` starting at `startMs` (default 2026-01-15T12:00:00Z). */
export function createManualClock(startMs = Date.parse('2026-01-15T12:00:00Z')): ManualClock {
  let current = startMs;
  const sleeps: number[] = [];
  return {
    now: () => current,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      current += Math.max(0, ms);
    },
    advance: (ms: number) => {
      current += ms;
    },
    set: (epochMs: number) => {
      current = epochMs;
    },
    sleeps,
  };
}
