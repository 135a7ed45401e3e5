/**
 * The OAuth `state` parameter. Query parameters vanish on the OAuth redirect (the redirect URI is
 * the bare `<origin>/widget`), so `state` carries the widget's whole URL context back, together
 * with a one-time nonce that ties the callback to the sign-in this tab started (CSRF).
 */

export interface SignInState {
  /** One-time value; the pending sign-in in sessionStorage is keyed by it. */
  nonce: string;
  /** The widget's original query string (its URL context). */
  query: string;
  /** True when the sign-in runs in a popup that must hand the code back to its opener. */
  popup: boolean;
}

/** Encodes as base64url JSON (URL-safe, no padding). */
export function encodeState(state: SignInState): string {
  const json = JSON.stringify({ n: state.nonce, q: state.query, p: state.popup ? 1 : 0 });
  const bytes = new TextEncoder().encode(json);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes a `state` value; null when it is not one this widget wrote. */
export function decodeState(raw: string | null): SignInState | null {
  if (!raw || raw.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  try {
    const binary = atob(raw.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof value !== 'object' || value === null) return null;
    const { n, q, p } = value as Record<string, unknown>;
    if (typeof n !== 'string' || n.length < 16 || typeof q !== 'string') return null;
    return { nonce: n, query: q, popup: p === 1 };
  } catch {
    return null;
  }
}
