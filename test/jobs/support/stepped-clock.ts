import type { Clock } from '../../../server/src/clock/index.js';

/**
 * A clock for code that loops on `sleep` (runners, heartbeats, watchers): unlike
 * `createManualClock`, whose sleeps return at once, a sleep here waits until the test moves
 * time past its deadline with `advance`.
 */
export interface SteppedClock extends Clock {
  /** Moves time forward, waking due sleepers in deadline order and letting them run. */
  advance(ms: number): Promise<void>;
  /** How many sleeps are waiting. */
  sleepers(): number;
  /** The same time, but sleeps never end unless aborted: a process whose timers stopped (frozen or killed). */
  frozen(): Clock;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Creates a stepped clock at `start` (epoch ms). */
export function createSteppedClock(start = Date.parse('2026-11-26T10:00:00Z')): SteppedClock {
  let now = start;
  let sequence = 0;
  const timers: Array<{ at: number; order: number; resolve: () => void }> = [];
  const clock: SteppedClock = {
    now: () => now,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = {
          at: now + Math.max(0, ms),
          order: (sequence += 1),
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const index = timers.indexOf(timer);
          if (index >= 0) timers.splice(index, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.push(timer);
      });
    },
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.order - b.order);
        const next = timers[0];
        if (!next || next.at > target) break;
        timers.shift();
        now = next.at;
        next.resolve();
        await turn();
      }
      now = target;
      await turn();
    },
    sleepers: () => timers.length,
    frozen: () => ({
      now: () => now,
      // Never wakes up by itself; an abort still ends the wait, as cancelled work would.
      sleep: (_ms, signal) =>
        new Promise<void>((_, reject) => {
          if (signal?.aborted) return reject(signal.reason);
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
    }),
  };
  return clock;
}
