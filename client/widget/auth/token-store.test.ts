import { describe, expect, it } from 'vitest';
import { createTokenStore, EXPIRY_MARGIN_MS } from './token-store.js';

/** A Map-backed `Storage`. */
function memoryStorage(): Storage {
  const values = new Map<string, string>();
  return {
    get length() { return values.size; },
    clear: () => values.clear(),
    getItem: (k) => values.get(k) ?? null,
    key: (i) => [...values.keys()][i] ?? null,
    removeItem: (k) => void values.delete(k),
    setItem: (k, v) => void values.set(k, v),
  };
}

describe('token store', () => {
  it('when the token is stored, then it is returned until the margin before its expiry', () => {
    let now = 1_000_000;
    const store = createTokenStore(memoryStorage(), 'client-1', () => now);
    store.set({ accessToken: 't', expiresAt: now + 60_000 });
    expect(store.get()).toEqual({ accessToken: 't', expiresAt: 1_060_000 });
    now = 1_060_000 - EXPIRY_MARGIN_MS - 1;
    expect(store.get()).not.toBeNull();
    now += 1;
    expect(store.get()).toBeNull();
  });

  it('when tokens of two OAuth clients share the tab, then each client reads only its own', () => {
    const storage = memoryStorage();
    createTokenStore(storage, 'a', () => 0).set({ accessToken: 'ta', expiresAt: 10 ** 9 });
    expect(createTokenStore(storage, 'b', () => 0).get()).toBeNull();
  });

  it('when the stored value is corrupt or cleared, then there is no token', () => {
    const storage = memoryStorage();
    const store = createTokenStore(storage, 'c', () => 0);
    storage.setItem('interaction-merger.token.c', '{oops');
    expect(store.get()).toBeNull();
    store.set({ accessToken: 't', expiresAt: 10 ** 9 });
    store.clear();
    expect(store.get()).toBeNull();
  });
});
