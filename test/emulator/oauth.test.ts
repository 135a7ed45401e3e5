import { createHash, randomBytes } from 'node:crypto';
import platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { sdkClient, sdkError, sdkFor } from '../support/sdk.js';

const WIDGET = DEMO_IDS.clients.widget.id;
const REDIRECT = 'http://localhost:3000/widget';

function pkcePair() {
  const verifier = randomBytes(64).toString('base64url').slice(0, 86);
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('OAuth (reference §1.2, §1.3)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ manualClock: true });
  });
  afterAll(() => emu.close());

  const authorize = (params: Record<string, string>) =>
    fetch(`${emu.url}/oauth/authorize?${new URLSearchParams(params)}`, { redirect: 'manual' });
  const tokenRequest = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${emu.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  const codeFor = async (params: Record<string, string>) => {
    const response = await authorize({ client_id: WIDGET, redirect_uri: REDIRECT, response_type: 'code', ...params });
    expect(response.status).toBe(302);
    return new URL(response.headers.get('location')!);
  };

  it('§1.2 client credentials: when the SDK logs in with the backend client, then it gets a 24 h token that works', async () => {
    const client = sdkClient(emu.url);
    const auth = await client.loginClientCredentialsGrant(DEMO_IDS.clients.backend.id, DEMO_IDS.clients.backend.secret);
    expect(auth.accessToken).toBeTruthy();
    const info = await sdkFor(emu.url, auth.accessToken!).tokens.getTokensMe();
    expect(info.OAuthClient?.id).toBe(DEMO_IDS.clients.backend.id);
    const raw = await tokenRequest({ grant_type: 'client_credentials' }, {
      authorization: `Basic ${Buffer.from(`${DEMO_IDS.clients.backend.id}:${DEMO_IDS.clients.backend.secret}`).toString('base64')}`,
    });
    expect(await raw.json()).toMatchObject({ token_type: 'bearer', expires_in: 86400 });
  });

  it('§1.2 client credentials: when the secret is wrong, then 401 invalid_client with an OAuth error body', async () => {
    // The SDK's login methods reject with the HTTP client's error (status and body under `response`).
    const error = await sdkError<{ response: { status: number; data: unknown } }>(
      sdkClient(emu.url).loginClientCredentialsGrant(DEMO_IDS.clients.backend.id, 'wrong'),
    );
    expect(error.response.status).toBe(401);
    expect(error.response.data).toMatchObject({ error: 'invalid_client', error_description: expect.any(String) });
  });

  it('§1.2 client credentials: when a code-grant client asks for client credentials, then 400 unauthorized_client', async () => {
    const response = await tokenRequest({ grant_type: 'client_credentials', client_id: WIDGET });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
  });

  it('§1.3 PKCE: when login_hint names a user, then the code comes back at once and the SDK exchanges it for a user token', async () => {
    const { verifier, challenge } = pkcePair();
    const location = await codeFor({ code_challenge: challenge, code_challenge_method: 'S256', state: 'ctx-42', login_hint: 'alex.agent@demo-contact-centre.example' });
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('ctx-42');
    const client = sdkClient(emu.url);
    const auth = await client.authorizePKCEGrant(WIDGET, verifier, location.searchParams.get('code')!, REDIRECT);
    const me = await sdkFor(emu.url, auth.accessToken!).users.getUsersMe();
    expect(me.id).toBe(DEMO_IDS.users.mergeAgent);
    const info = await sdkFor(emu.url, auth.accessToken!).tokens.getTokensMe();
    expect(info.OAuthClient?.id).toBe(WIDGET);
  });

  it('§1.3 PKCE: when the verifier does not match the challenge, or the code is reused, then 400 invalid_grant', async () => {
    const { verifier, challenge } = pkcePair();
    const code = (await codeFor({ code_challenge: challenge, code_challenge_method: 'S256', login_hint: DEMO_IDS.users.mergeAgent })).searchParams.get('code')!;
    const wrong = await tokenRequest({ grant_type: 'authorization_code', code, code_verifier: pkcePair().verifier, client_id: WIDGET, redirect_uri: REDIRECT });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    const reused = await tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: WIDGET, redirect_uri: REDIRECT });
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('§1.3 PKCE: when a public client sends no code_challenge or a plain one, then the redirect carries invalid_request', async () => {
    const missing = await codeFor({ login_hint: DEMO_IDS.users.mergeAgent, state: 's1' });
    expect(missing.searchParams.get('error')).toBe('invalid_request');
    expect(missing.searchParams.get('state')).toBe('s1');
    expect(missing.searchParams.get('code')).toBeNull();
    const plain = await codeFor({ login_hint: DEMO_IDS.users.mergeAgent, code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' });
    expect(plain.searchParams.get('error')).toBe('invalid_request');
  });

  it('§1.3 authorize: when no login_hint is given, then a self-contained login page lists every dataset user', async () => {
    const response = await authorize({ client_id: WIDGET, redirect_uri: REDIRECT, response_type: 'code', code_challenge: pkcePair().challenge, code_challenge_method: 'S256' });
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const user of emu.dataset.users) expect(html).toContain(`data-user-id="${user.id}"`);
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!localhost)/);
  });

  it('§1.3 authorize: when prompt=login is set, then the page is shown even with a login_hint, and posting a user completes the flow', async () => {
    const { verifier, challenge } = pkcePair();
    const page = await authorize({ client_id: WIDGET, redirect_uri: REDIRECT, response_type: 'code', code_challenge: challenge, code_challenge_method: 'S256', login_hint: DEMO_IDS.users.mergeAgent, prompt: 'login', state: 'st' });
    expect(page.status).toBe(200);
    const html = await page.text();
    const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
    expect(hidden).toMatchObject({ client_id: WIDGET, state: 'st', code_challenge: challenge });
    const posted = await fetch(`${emu.url}/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...hidden, user: DEMO_IDS.users.viewAgent }).toString(),
    });
    const location = new URL(posted.headers.get('location')!);
    const auth = await sdkClient(emu.url).authorizePKCEGrant(WIDGET, verifier, location.searchParams.get('code')!, REDIRECT);
    expect((await sdkFor(emu.url, auth.accessToken!).users.getUsersMe()).id).toBe(DEMO_IDS.users.viewAgent);
  });

  it('§1.3 authorize: when the redirect URI is not registered, then an error page is shown and nothing is redirected', async () => {
    const response = await authorize({ client_id: WIDGET, redirect_uri: 'https://evil.example/widget', response_type: 'code', login_hint: DEMO_IDS.users.mergeAgent });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('§1.3 authorize: when a registered loopback redirect URI comes on another port, then it matches (RFC 8252 §7.3, option loopbackRedirectAnyPort)', async () => {
    const location = await codeFor({ redirect_uri: 'http://127.0.0.1:45678/widget', code_challenge: pkcePair().challenge, code_challenge_method: 'S256', login_hint: DEMO_IDS.users.mergeAgent });
    expect(location.origin).toBe('http://127.0.0.1:45678');
    expect(location.searchParams.get('code')).toBeTruthy();
    const strict = await startTestEmulator({ dataset: emu.dataset, behaviour: { loopbackRedirectAnyPort: false } });
    try {
      const refused = await fetch(`${strict.url}/oauth/authorize?${new URLSearchParams({ client_id: WIDGET, redirect_uri: 'http://127.0.0.1:45678/widget', response_type: 'code', login_hint: DEMO_IDS.users.mergeAgent })}`, { redirect: 'manual' });
      expect(refused.status).toBe(400);
    } finally {
      await strict.close();
    }
  });

  it('§1.3 implicit grant: when a TOKEN client authorizes, then the token comes back in the URL fragment with state', async () => {
    const dataset = structuredClone(emu.dataset);
    dataset.oauthClients.push({ id: 'implicit-client', name: 'Implicit', authorizedGrantType: 'TOKEN', roleIds: [], registeredRedirectUri: ['http://localhost:4000/cb'], accessTokenValiditySeconds: 600 });
    const implicit = await startTestEmulator({ dataset });
    try {
      const response = await fetch(`${implicit.url}/oauth/authorize?${new URLSearchParams({ client_id: 'implicit-client', redirect_uri: 'http://localhost:4000/cb', response_type: 'token', state: 'abc', login_hint: DEMO_IDS.users.admin })}`, { redirect: 'manual' });
      const location = new URL(response.headers.get('location')!);
      expect(location.search).toBe('');
      const fragment = new URLSearchParams(location.hash.slice(1));
      expect(fragment.get('state')).toBe('abc');
      expect(fragment.get('expires_in')).toBe('600');
      expect(fragment.get('token_type')).toBe('bearer');
      expect((await sdkFor(implicit.url, fragment.get('access_token')!).users.getUsersMe()).id).toBe(DEMO_IDS.users.admin);
      const codeGrant = await fetch(`${implicit.url}/oauth/authorize?${new URLSearchParams({ client_id: WIDGET, redirect_uri: REDIRECT, response_type: 'token', login_hint: DEMO_IDS.users.admin })}`, { redirect: 'manual' });
      expect(new URLSearchParams(new URL(codeGrant.headers.get('location')!).hash.slice(1)).get('error')).toBe('unauthorized_client');
    } finally {
      await implicit.close();
    }
  });

  it('§1.2 token lifetime: when the clock passes expires_in, then API calls answer 401 credentials.expired', async () => {
    const token = emu.userToken('mergeAgent');
    const api = sdkFor(emu.url, token);
    await expect(api.tokens.headTokensMe()).resolves.toBeUndefined();
    emu.manualClock!.advance(86_400_000);
    const error = await sdkError<{ status: number; code: string }>(api.tokens.getTokensMe());
    expect(error).toMatchObject({ status: 401, code: 'credentials.expired' });
  });

  it('§1.4 revocation: when DELETE /tokens/me is called, then the same token answers 401 and HEAD fails', async () => {
    const token = emu.userToken('mergeAgent');
    const api = sdkFor(emu.url, token);
    await api.tokens.deleteTokensMe();
    expect(await sdkError(api.tokens.getTokensMe())).toMatchObject({ status: 401, code: 'bad.credentials' });
    const head = await fetch(`${emu.url}/api/v2/tokens/me`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
    expect(head.status).toBe(401);
  });

  it('§1.4 when no bearer token is sent, then 401 authentication.required', async () => {
    const response = await fetch(`${emu.url}/api/v2/users/me`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'authentication.required', status: 401 });
  });

  it('§5.5 CORS: when a browser preflights the token endpoint and the API, then both allow the origin', async () => {
    for (const path of ['/oauth/token', '/api/v2/analytics/conversations/details/query']) {
      const response = await fetch(`${emu.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toMatch(/^(\*|http:\/\/localhost:3000)$/);
    }
  });

  it('§1.3 logout: when a registered redirect is given, then /logout redirects to it', async () => {
    const response = await fetch(`${emu.url}/logout?${new URLSearchParams({ client_id: WIDGET, redirect_uri: REDIRECT })}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(REDIRECT);
  });

  it('§1.1 the SDK module exposes region hosts, so gateway use is what points it at the emulator', () => {
    expect(platformClient.PureCloudRegionHosts.us_east_1).toBe('mypurecloud.com');
  });
});
