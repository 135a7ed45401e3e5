import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { beginSignIn, completeSignIn, isSignInCallback, PENDING_TTL_MS, SignInError } from './pkce-flow.js';
import { decodeState } from './state.js';

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

const LOGIN = 'https://login.mypurecloud.com';
const REDIRECT = 'https://widget.example/widget';

/** A token endpoint that checks the PKCE verifier against the challenge it was given. */
function tokenEndpoint(challenge: () => string, answer?: { status: number; body: unknown }) {
  const seen: URLSearchParams[] = [];
  const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
    expect(String(url)).toBe(`${LOGIN}/oauth/token`);
    const form = new URLSearchParams(String(init?.body));
    seen.push(form);
    const verified = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') === challenge();
    const ok = verified && form.get('code') === 'the-code' && form.get('redirect_uri') === REDIRECT && form.get('client_id') === 'client-1';
    const reply = answer ?? (ok
      ? { status: 200, body: { access_token: 'agent-token', token_type: 'bearer', expires_in: 1800 } }
      : { status: 400, body: { error: 'invalid_grant' } });
    return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch: fakeFetch, seen };
}

async function begin(storage: Storage, now: () => number) {
  const url = await beginSignIn({ storage, now }, {
    loginBaseUrl: LOGIN, clientId: 'client-1', redirectUri: REDIRECT, contextQuery: 'gcConversationId=abc', popup: false,
  });
  return { url, state: url.searchParams.get('state')!, challenge: url.searchParams.get('code_challenge')! };
}

describe('PKCE sign-in', () => {
  it('when sign-in starts, then the authorize URL carries an S256 challenge, the redirect URI and the context in state', async () => {
    const { url, state } = await begin(memoryStorage(), () => 0);
    expect(`${url.origin}${url.pathname}`).toBe(`${LOGIN}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code', client_id: 'client-1', redirect_uri: REDIRECT, code_challenge_method: 'S256',
    });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(decodeState(state)).toMatchObject({ query: 'gcConversationId=abc', popup: false });
  });

  it('when the callback carries this tab\'s state, then the code is exchanged with the verifier matching the challenge', async () => {
    const storage = memoryStorage();
    const { state, challenge } = await begin(storage, () => 1_000);
    const endpoint = tokenEndpoint(() => challenge);
    const token = await completeSignIn({ storage, now: () => 5_000, fetch: endpoint.fetch }, new URLSearchParams({ code: 'the-code', state }));
    expect(token).toEqual({ accessToken: 'agent-token', expiresAt: 5_000 + 1_800_000 });
    expect(endpoint.seen[0]!.get('grant_type')).toBe('authorization_code');
  });

  it('when the same callback is replayed, then the second use is refused', async () => {
    const storage = memoryStorage();
    const { state, challenge } = await begin(storage, () => 0);
    const deps = { storage, now: () => 0, fetch: tokenEndpoint(() => challenge).fetch };
    await completeSignIn(deps, new URLSearchParams({ code: 'the-code', state }));
    await expect(completeSignIn(deps, new URLSearchParams({ code: 'the-code', state }))).rejects.toMatchObject({ reason: 'invalid_state' });
  });

  it('when the state is foreign or the sign-in is older than its time to live, then it is refused', async () => {
    const storage = memoryStorage();
    const { state, challenge } = await begin(storage, () => 0);
    const fetch = tokenEndpoint(() => challenge).fetch;
    const foreign = await begin(memoryStorage(), () => 0);
    await expect(completeSignIn({ storage, now: () => 0, fetch }, new URLSearchParams({ code: 'the-code', state: foreign.state })))
      .rejects.toMatchObject({ reason: 'invalid_state' });
    await expect(completeSignIn({ storage, now: () => PENDING_TTL_MS + 1, fetch }, new URLSearchParams({ code: 'the-code', state })))
      .rejects.toMatchObject({ reason: 'invalid_state' });
  });

  it('when the login host answers with an error, then the sign-in is denied with that OAuth error', async () => {
    const storage = memoryStorage();
    const { state } = await begin(storage, () => 0);
    const error = await completeSignIn({ storage, now: () => 0 }, new URLSearchParams({ error: 'access_denied', state })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect(error).toMatchObject({ reason: 'denied', oauthError: 'access_denied' });
  });

  it('when the token endpoint refuses the code, then the exchange fails with its OAuth error', async () => {
    const storage = memoryStorage();
    const { state, challenge } = await begin(storage, () => 0);
    const endpoint = tokenEndpoint(() => challenge, { status: 400, body: { error: 'invalid_grant' } });
    await expect(completeSignIn({ storage, now: () => 0, fetch: endpoint.fetch }, new URLSearchParams({ code: 'the-code', state })))
      .rejects.toMatchObject({ reason: 'exchange_failed', oauthError: 'invalid_grant' });
  });

  it('when a query has state with a code or an error, then it is a sign-in callback', () => {
    expect(isSignInCallback(new URLSearchParams('code=a&state=b'))).toBe(true);
    expect(isSignInCallback(new URLSearchParams('error=x&state=b'))).toBe(true);
    expect(isSignInCallback(new URLSearchParams('gcConversationId=a&state=b'))).toBe(false);
  });
});
