import { describe, expect, it } from 'vitest';
import { splitInterval } from '../../server/src/genesys/index.js';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

describe('splitting a look-back window for the details query (reference §2.2)', () => {
  it('when the range is shorter than the maximum, then it is one window', () => {
    expect(splitInterval(at('2026-01-01T10:00:00Z'), at('2026-01-20T10:00:00Z'), 31)).toEqual([
      [at('2026-01-01T10:00:00Z'), at('2026-01-20T10:00:00Z')],
    ]);
  });

  it('when the range is 90 days, then windows are at most 31 days, contiguous, and cut at UTC midnight', () => {
    const start = at('2026-01-01T10:00:00Z');
    const end = start + 90 * DAY;
    const windows = splitInterval(start, end, 31);
    expect(windows[0]![0]).toBe(start);
    expect(windows.at(-1)![1]).toBe(end);
    for (const [from, to] of windows) expect(to - from).toBeLessThanOrEqual(31 * DAY);
    for (let i = 1; i < windows.length; i++) {
      expect(windows[i]![0]).toBe(windows[i - 1]![1]);
      expect(windows[i]![0] % DAY).toBe(0);
    }
  });

  it('when the range is empty or inverted, then there is no window', () => {
    expect(splitInterval(5, 5, 31)).toEqual([]);
    expect(splitInterval(9, 5, 31)).toEqual([]);
  });
});
