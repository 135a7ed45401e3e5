/**
 * The agent's access token, kept per browser tab (sessionStorage) with its expiry. Every widget
 * iframe of the tab on our origin shares it, as Genesys runs one iframe per interaction.
 * The token is sent to our own backend only.
 */

export interface StoredToken {
  accessToken: string;
  /** Epoch ms after which the token is no longer used. */
  expiresAt: number;
}

export interface TokenStore {
  /** The token when present and not within `marginMs` of expiry; null otherwise. */
  get(): StoredToken | null;
  set(token: StoredToken): void;
  clear(): void;
}

/** A token this close to expiry is treated as expired, so a request never races the expiry. */
export const EXPIRY_MARGIN_MS = 30_000;

/**
 * Creates the token store for one OAuth client.
 * @param storage `window.sessionStorage` (or a fake in tests).
 * @param now the clock, epoch ms.
 */
export function createTokenStore(storage: Storage, clientId: string, now: () => number): TokenStore {
  const key = `interaction-merger.token.${clientId}`;
  return {
    get() {
      const raw = storage.getItem(key);
      if (!raw) return null;
      try {
        const value = JSON.parse(raw) as Partial<StoredToken>;
        if (typeof value.accessToken !== 'string' || typeof value.expiresAt !== 'number') return null;
        if (value.expiresAt - EXPIRY_MARGIN_MS <= now()) return null;
        return { accessToken: value.accessToken, expiresAt: value.expiresAt };
      } catch {
        return null;
      }
    },
    set(token) {
      storage.setItem(key, JSON.stringify(token));
    },
    clear() {
      storage.removeItem(key);
    },
  };
}
