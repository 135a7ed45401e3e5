import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, type GenesysErrorBody, type RequestCounts } from '../../emulator/src/index.js';
import { startTestEmulator, mintUserTokenOver, type TestEmulator } from '../support/emulator.js';
import { sdkError, sdkFor } from '../support/sdk.js';

const C = DEMO_IDS.conversations;
type Extended = { status: number; headers: Record<string, string>; body: GenesysErrorBody };

describe('errors, rate limits, faults and test controls (reference §5, DESIGN.md test controls)', () => {
  let emu: TestEmulator;
  const sleeps: number[] = [];
  beforeAll(async () => {
    emu = await startTestEmulator({
      manualClock: true,
      limits: { rateLimitPerWindow: 3, rateLimitWindowMs: 60_000 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
  });
  afterAll(() => emu.close());

  const get = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${emu.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });

  it('§5.1 error body: when a call fails, then the body has the platform fields and contextId equals inin-correlation-id', async () => {
    emu.emulator.reset();
    const api = sdkFor(emu.url, emu.userToken('mergeAgent'), { extendedResponses: true });
    const error = await sdkError<Extended>(api.conversations.getConversation('no-such-conversation'));
    expect(error.status).toBe(404);
    expect(Object.keys(error.body).sort()).toEqual(expect.arrayContaining(['code', 'contextId', 'details', 'errors', 'message', 'messageParams', 'status']));
    expect(error.body.contextId).toBe(error.headers['inin-correlation-id']);
    expect(error.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
  });

  it('§5.2 rate limit: when a user exceeds the window through one client, then 429 too.many.requests with Retry-After, until the window resets', async () => {
    emu.emulator.reset();
    const token = emu.userToken('mergeAgent');
    for (let i = 1; i <= 3; i++) {
      const response = await get('/api/v2/tokens/me', token);
      expect(response.status).toBe(200);
      expect(response.headers.get('inin-ratelimit-allowed')).toBe('3');
      expect(response.headers.get('inin-ratelimit-count')).toBe(String(i));
      expect(response.headers.get('inin-ratelimit-reset')).toBe('60');
    }
    const limited = await get('/api/v2/tokens/me', token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.json()).toMatchObject({ status: 429, code: 'too.many.requests' });

    emu.manualClock!.advance(30_000);
    const stillLimited = await sdkError<Extended>(sdkFor(emu.url, token, { extendedResponses: true }).tokens.getTokensMe());
    expect(stillLimited.status).toBe(429);
    expect(stillLimited.headers['retry-after']).toBe('30');
    // The budget belongs to the user through this OAuth client (§5.2): a fresh token of the same user shares it, another user does not.
    expect((await get('/api/v2/tokens/me', emu.userToken('mergeAgent'))).status).toBe(429);
    expect((await get('/api/v2/tokens/me', emu.userToken('admin'))).status).toBe(200);

    emu.manualClock!.advance(30_000);
    expect((await get('/api/v2/tokens/me', token)).status).toBe(200);
  });

  it('§5.2 rate limit: when a client-credentials token exceeds its window, then only that token is limited', async () => {
    emu.emulator.reset();
    const first = await emu.clientToken();
    for (let i = 0; i < 3; i++) expect((await get('/api/v2/organizations/me', first)).status).toBe(200);
    expect((await get('/api/v2/organizations/me', first)).status).toBe(429);
    expect((await get('/api/v2/organizations/me', await emu.clientToken())).status).toBe(200);
  });

  it('faults: when errorRates makes 503 certain, then API calls fail with 503 while OAuth and the controls keep working', async () => {
    emu.emulator.reset();
    const token = emu.userToken('admin');
    emu.emulator.setFaults({ errorRates: { '503': 1 } });
    const response = await get('/api/v2/organizations/me', token);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: 'service.unavailable', status: 503 });
    expect(await emu.clientToken()).toBeTruthy();
    expect((await fetch(`${emu.url}/__emulator/requests`)).status).toBe(200);
    emu.emulator.setFaults({ errorRates: { '429': 1 } });
    const throttled = await get('/api/v2/organizations/me', token);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
  });

  it('faults: when errorRates is a probability, then the draws are reproducible from the seed after a reset', async () => {
    const token = emu.userToken('admin');
    const pattern = async () => {
      emu.emulator.reset();
      emu.emulator.setFaults({ errorRates: { '503': 0.5 } });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await get('/api/v2/organizations/me', token)).status);
      emu.manualClock!.advance(60_000);
      for (let i = 0; i < 3; i++) statuses.push((await get('/api/v2/organizations/me', token)).status);
      return statuses;
    };
    const first = await pattern();
    expect(new Set(first)).toEqual(new Set([200, 503]));
    expect(await pattern()).toEqual(first);
  });

  it('faults: when latencyMs is set, then every API call waits that long through the injected sleep, and the token endpoint does not', async () => {
    emu.emulator.reset();
    sleeps.length = 0;
    await fetch(`${emu.url}/__emulator/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: 100 }) });
    await emu.clientToken();
    expect(sleeps).toEqual([]);
    await get('/api/v2/organizations/me', emu.userToken('admin'));
    expect(sleeps).toEqual([100]);
  });

  it('controls: when PUT faults has an invalid field, then 400 names it and the faults stay as they were', async () => {
    emu.emulator.reset();
    emu.emulator.setFaults({ latencyMs: 5 });
    for (const [body, field] of [[{ latencyMs: -1 }, 'latencyMs'], [{ errorRates: { abc: 0.1 } }, 'errorRates'], [{ errorRates: { '500': 0.7, '503': 0.7 } }, 'errorRates'], [{ surprise: 1 }, 'surprise']] as const) {
      const response = await fetch(`${emu.url}/__emulator/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status).toBe(400);
      expect(((await response.json()) as GenesysErrorBody).message).toContain(field);
    }
    expect(emu.emulator.faults().latencyMs).toBe(5);
  });

  it('controls: when requests are made, then GET requests counts them by method, path template, status and kind of token; DELETE clears them', async () => {
    emu.emulator.reset();
    const token = await emu.clientToken();
    await get(`/api/v2/analytics/conversations/${C.janeCall}/details`, token);
    await get(`/api/v2/analytics/conversations/${C.emmaCall}/details`, emu.userToken('mergeAgent'));
    await get(`/api/v2/analytics/conversations/${C.mohammedPurgedCall}/details`, token);
    await fetch(`${emu.url}/api/v2/organizations/me`, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'GET' } });
    await get(`/api/v2/externalcontacts/conversations/${C.janeCall}`, token, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{oops' });
    await get('/api/v2/no/such/path', token);
    const counts = (await (await fetch(`${emu.url}/__emulator/requests`)).json()) as RequestCounts;
    const template = '/api/v2/analytics/conversations/{conversationId}/details';
    expect(counts.entries).toEqual(expect.arrayContaining([
      { method: 'GET', path: template, status: 200, caller: 'client', count: 1 },
      { method: 'GET', path: template, status: 200, caller: 'user', count: 1 },
      { method: 'GET', path: template, status: 404, caller: 'client', count: 1 },
      { method: 'POST', path: '/oauth/token', status: 200, caller: null, count: 1 },
      { method: 'PUT', path: '/api/v2/externalcontacts/conversations/{conversationId}', status: 400, caller: null, count: 1 },
      { method: 'GET', path: '/api/v2/no/such/path', status: 404, caller: null, count: 1 },
    ]));
    expect(counts.byEndpoint[`GET ${template}`]).toBe(3);
    expect(counts.total).toBe(6);
    await fetch(`${emu.url}/__emulator/requests`, { method: 'DELETE' });
    expect(emu.emulator.requestCounts().total).toBe(0);
  });

  it('controls: when POST tokens names a user by email, then the token acts as that user through the widget client', async () => {
    emu.emulator.reset();
    const token = await mintUserTokenOver(emu.url, 'val.viewer@demo-contact-centre.example');
    const info = await sdkFor(emu.url, token).tokens.getTokensMe();
    expect(info.OAuthClient?.id).toBe(DEMO_IDS.clients.widget.id);
    expect((await sdkFor(emu.url, token).users.getUsersMe()).id).toBe(DEMO_IDS.users.viewAgent);
    for (const body of [{ user: 'nobody@example.com' }, { user: DEMO_IDS.users.admin, clientId: DEMO_IDS.clients.backend.id }, {}]) {
      const response = await fetch(`${emu.url}/__emulator/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status).toBe(400);
    }
  });

  it('§5.1 when an /api/v2 path has no route, then 404 not.found in the platform body', async () => {
    emu.emulator.reset();
    const response = await get('/api/v2/interactions/merge', emu.userToken('admin'), { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'not.found', status: 404 });
  });
});
