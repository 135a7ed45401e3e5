/**
 * Agent sign-in: OAuth authorization code with PKCE (S256) through `oauth4webapi`, against the
 * Genesys login host (`/oauth/authorize`, `/oauth/token`). The code verifier never leaves the
 * tab; the widget's URL context travels in `state` (see `state.ts`).
 */
import * as oauth from 'oauth4webapi';
import { decodeState, encodeState } from './state.js';
import type { StoredToken } from './token-store.js';

/** Why a sign-in did not produce a token. */
export type SignInFailure =
  /** `state` is missing, malformed, or names no sign-in started in this tab (or it expired). */
  | 'invalid_state'
  /** The login host answered with an OAuth error (e.g. `access_denied`). */
  | 'denied'
  /** The token endpoint refused the code or could not be reached. */
  | 'exchange_failed'
  /** The browser blocked the sign-in popup. */
  | 'popup_blocked'
  /** The agent closed the popup before finishing. */
  | 'popup_closed';

/** A failed sign-in, with the OAuth error code when the login host sent one. */
export class SignInError extends Error {
  readonly reason: SignInFailure;
  readonly oauthError: string | null;

  constructor(reason: SignInFailure, oauthError: string | null = null, options?: { cause?: unknown }) {
    super(`sign-in failed: ${reason}${oauthError ? ` (${oauthError})` : ''}`, options);
    this.name = 'SignInError';
    this.reason = reason;
    this.oauthError = oauthError;
  }
}

/** What `beginSignIn` remembers (sessionStorage) until the callback arrives. */
interface PendingSignIn {
  verifier: string;
  loginBaseUrl: string;
  clientId: string;
  redirectUri: string;
  createdAt: number;
}

export interface SignInDeps {
  storage: Storage;
  now: () => number;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

export interface BeginSignInOptions {
  loginBaseUrl: string;
  clientId: string;
  /** `<widget origin>/widget`: registered on the OAuth client, no query. */
  redirectUri: string;
  /** The widget's URL context, restored from `state` after the redirect. */
  contextQuery: string;
  popup: boolean;
}

const PENDING_PREFIX = 'interaction-merger.pkce.';
/** A sign-in not completed within this time is forgotten. */
export const PENDING_TTL_MS = 10 * 60_000;

/**
 * Starts a sign-in: creates the PKCE verifier and challenge, remembers them for this tab and
 * returns the login host's authorize URL to open (redirect or popup).
 */
export async function beginSignIn(deps: SignInDeps, options: BeginSignInOptions): Promise<URL> {
  forgetStale(deps);
  const verifier = oauth.generateRandomCodeVerifier();
  const challenge = await oauth.calculatePKCECodeChallenge(verifier);
  const nonce = oauth.generateRandomState();
  const pending: PendingSignIn = {
    verifier,
    loginBaseUrl: options.loginBaseUrl,
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    createdAt: deps.now(),
  };
  deps.storage.setItem(PENDING_PREFIX + nonce, JSON.stringify(pending));
  const url = new URL(authorizationServer(options.loginBaseUrl).authorization_endpoint!);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', encodeState({ nonce, query: options.contextQuery, popup: options.popup }));
  return url;
}

/**
 * Completes a sign-in from the callback's query (`code` and `state`, or `error` and `state`):
 * checks `state` against the sign-in this tab started (one use only), exchanges the code with
 * the verifier and returns the token with its expiry.
 * @throws SignInError
 */
export async function completeSignIn(deps: SignInDeps, callback: URLSearchParams): Promise<StoredToken> {
  const rawState = callback.get('state');
  const state = decodeState(rawState);
  if (!state || !rawState) throw new SignInError('invalid_state');
  const key = PENDING_PREFIX + state.nonce;
  const raw = deps.storage.getItem(key);
  deps.storage.removeItem(key);
  const pending = raw ? (JSON.parse(raw) as PendingSignIn) : null;
  if (!pending || deps.now() - pending.createdAt > PENDING_TTL_MS) throw new SignInError('invalid_state');

  const as = authorizationServer(pending.loginBaseUrl);
  const client: oauth.Client = { client_id: pending.clientId };
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, callback, rawState);
  } catch (error) {
    const oauthError = error instanceof oauth.AuthorizationResponseError ? error.error : null;
    throw new SignInError('denied', oauthError, { cause: error });
  }
  const options = {
    [oauth.allowInsecureRequests]: isLoopbackHttp(pending.loginBaseUrl),
    ...(deps.fetch ? { [oauth.customFetch]: deps.fetch } : {}),
  };
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      as, client, oauth.None(), params, pending.redirectUri, pending.verifier, options,
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response);
    const expiresIn = typeof result.expires_in === 'number' && result.expires_in > 0 ? result.expires_in : 3600;
    return { accessToken: result.access_token, expiresAt: deps.now() + expiresIn * 1000 };
  } catch (error) {
    const oauthError = error instanceof oauth.ResponseBodyError ? error.error : null;
    throw new SignInError('exchange_failed', oauthError, { cause: error });
  }
}

/** True when the query is an OAuth callback (`state` with `code` or `error`). */
export function isSignInCallback(params: URLSearchParams): boolean {
  return params.has('state') && (params.has('code') || params.has('error'));
}

function authorizationServer(loginBaseUrl: string): oauth.AuthorizationServer {
  const base = loginBaseUrl.replace(/\/+$/, '');
  return {
    issuer: base,
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
  };
}

/** Plain http is allowed only for a login host on loopback (the emulator in demo mode). */
function isLoopbackHttp(loginBaseUrl: string): boolean {
  const url = new URL(loginBaseUrl);
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
}

function forgetStale(deps: SignInDeps): void {
  const stale: string[] = [];
  for (let i = 0; i < deps.storage.length; i++) {
    const key = deps.storage.key(i);
    if (!key?.startsWith(PENDING_PREFIX)) continue;
    try {
      const { createdAt } = JSON.parse(deps.storage.getItem(key) ?? '{}') as Partial<PendingSignIn>;
      if (typeof createdAt !== 'number' || deps.now() - createdAt > PENDING_TTL_MS) stale.push(key);
    } catch {
      stale.push(key);
    }
  }
  for (const key of stale) deps.storage.removeItem(key);
}
