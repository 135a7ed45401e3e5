import type { Clock } from '../clock/index.js';

/** A bounded map whose entries expire on the injected clock. */
export interface TtlCache<V> {
  get(key: string): V | undefined;
  /** Stores `value` until `now + ttlMs` (or `expiresAt` when earlier). */
  set(key: string, value: V, expiresAt?: number): void;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
}

/**
 * Creates a cache of at most `maxEntries` entries, each living `ttlMs` on `clock`. When full, the
 * oldest entry goes first (insertion order); expired entries are dropped when read. No timers: nothing keeps the process alive.
 */
export function createTtlCache<V>(options: { clock: Clock; ttlMs: number; maxEntries: number }): TtlCache<V> {
  const { clock, ttlMs, maxEntries } = options;
  const entries = new Map<string, { value: V; expiresAt: number }>();

  const evictOldest = () => {
    for (const key of entries.keys()) {
      if (entries.size < maxEntries) return;
      entries.delete(key);
    }
  };

  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= clock.now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, expiresAt) {
      if (ttlMs <= 0 || maxEntries <= 0) return;
      entries.delete(key);
      if (entries.size >= maxEntries) evictOldest();
      const limit = clock.now() + ttlMs;
      entries.set(key, { value, expiresAt: expiresAt === undefined ? limit : Math.min(limit, expiresAt) });
    },
    delete(key) {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
