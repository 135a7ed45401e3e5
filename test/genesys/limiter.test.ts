import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../server/src/clock/index.js';
import { createCallLimiter } from '../../server/src/genesys/index.js';

describe('the per-org call limiter', () => {
  it('when more calls arrive than the window allows, then the rest start only after the window slides', async () => {
    const clock = createManualClock(0);
    const limiter = createCallLimiter({ clock, concurrency: 10, perWindow: 3, windowMs: 60_000 });
    const done: number[] = [];
    await Promise.all(Array.from({ length: 7 }, (_, i) => limiter.run(async () => done.push(i))));
    // The manual clock moves at once when slept on, so what shows the pacing is what the
    // limiter chose to wait: one full window before the 4th call and again before the 7th.
    expect(clock.sleeps).toEqual([60_000, 60_000]);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('when the concurrency bound is reached, then no more than that many run at once', async () => {
    const clock = createManualClock(0);
    const limiter = createCallLimiter({ clock, concurrency: 2, perWindow: 1000, windowMs: 60_000 });
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await Promise.resolve();
      await Promise.resolve();
      running--;
    };
    await Promise.all(Array.from({ length: 6 }, () => limiter.run(task)));
    expect(peak).toBe(2);
    expect(limiter.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('when a 429 pauses the org, then the next call waits until the pause ends', async () => {
    const clock = createManualClock(1_000);
    const limiter = createCallLimiter({ clock, concurrency: 4, perWindow: 100, windowMs: 60_000 });
    limiter.pauseUntil(6_000);
    const at = await limiter.run(async () => clock.now());
    expect(at).toBe(6_000);
  });

  it('when a task fails, then its slot is released and the error reaches the caller', async () => {
    const clock = createManualClock(0);
    const limiter = createCallLimiter({ clock, concurrency: 1, perWindow: 10, windowMs: 1_000 });
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });
});
