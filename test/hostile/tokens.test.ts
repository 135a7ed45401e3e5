import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, type Dataset } from '../../emulator/src/index.js';
import { buildOpenApiDocument } from '../../server/src/http/index.js';
import { loadDemoDataset, startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { idempotencyKey } from '../support/server.js';
import { headerValue, hostileString } from './support/arbitraries.js';
import { closeHostileServer, SEED, startHostileServer, type HostileServer } from './support/harness.js';
import { snapshotState, stateChanges } from './support/state.js';
import { openApiOperations, operationKey } from './support/surface.js';

const { conversations: C } = DEMO_IDS;
/** A second public (PKCE) client of the tenant's org: not its widget client. */
const OTHER_CLIENT = 'b0a1c2d3-0000-4000-8000-00000000c0de';
/** An org served by a second emulator and registered as a second tenant. */
const OTHER_TENANT_ORG = 'b0a1c2d3-0000-4000-8000-0000000000bb';
/** An org served by a third emulator: valid tokens, but no tenant of ours. */
const UNREGISTERED_ORG = 'b0a1c2d3-0000-4000-8000-0000000000aa';

let hostile: HostileServer;
let otherTenant: TestEmulator;
let unregistered: TestEmulator;
/** Minted before the emulator's clock moved a day on: expired, and never seen by the server before. */
let expired: string;

function withOrg(dataset: Dataset, orgId: string): Dataset {
  return { ...dataset, org: { ...dataset.org, id: orgId } };
}

beforeAll(async () => {
  const demo = await loadDemoDataset();
  const emulator = await startTestEmulator({
    dataset: {
      ...demo,
      oauthClients: [
        ...demo.oauthClients,
        { id: OTHER_CLIENT, name: 'Some other app', authorizedGrantType: 'CODE', roleIds: [], registeredRedirectUri: ['http://localhost:9/cb'] },
      ],
    },
    manualClock: true,
    limits: { rateLimitPerWindow: 1_000_000 },
  });
  hostile = await startHostileServer({ emulator });
  otherTenant = await startTestEmulator({ dataset: withOrg(demo, OTHER_TENANT_ORG), limits: { rateLimitPerWindow: 1_000_000 } });
  unregistered = await startTestEmulator({ dataset: withOrg(demo, UNREGISTERED_ORG), limits: { rateLimitPerWindow: 1_000_000 } });
  await hostile.server.service.tenants.register({
    orgId: OTHER_TENANT_ORG,
    name: 'Another customer',
    apiBaseUrl: otherTenant.url,
    backendClientId: DEMO_IDS.clients.backend.id,
    backendClientSecret: DEMO_IDS.clients.backend.secret,
    widgetClientId: DEMO_IDS.clients.widget.id,
  });
  expired = emulator.userToken('admin');
  emulator.manualClock!.advance(86_401_000);
  // Tokens minted from here on are valid; the admin's of the harness was cached by the server already.
  hostile.admin = emulator.userToken('admin');
});

afterAll(async () => {
  await closeHostileServer(hostile);
  await otherTenant?.close();
  await unregistered?.close();
});

interface Example {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A valid request of every secured operation, so that the credentials are the only thing wrong
 * with it. A new secured route fails the first test below until it has one.
 */
function examples(): Record<string, Example> {
  const jane = [C.janeCall, C.janeEmail];
  return {
    'GET /api/v1/context': { path: `/api/v1/context?conversationId=${C.janeCall}` },
    'GET /api/v1/candidates': { path: `/api/v1/candidates?conversationId=${C.janeCall}` },
    'GET /api/v1/candidates/search': { path: `/api/v1/candidates/search?conversationId=${C.janeCall}&q=jane` },
    'POST /api/v1/merges/preview': { path: '/api/v1/merges/preview', body: { conversationIds: jane } },
    'POST /api/v1/merges': {
      path: '/api/v1/merges',
      body: { conversationIds: jane, planHash: 'f'.repeat(64) },
      headers: { 'idempotency-key': idempotencyKey() },
    },
    'GET /api/v1/merges/{id}': { path: `/api/v1/merges/${hostile.jobId}` },
    'GET /api/v1/merges/{id}/events': { path: `/api/v1/merges/${hostile.jobId}/events` },
    'POST /api/v1/admin/tenants': {
      path: '/api/v1/admin/tenants',
      // Names an org none of the tokens below belongs to, on the unregistered org's API.
      body: {
        orgId: 'b0a1c2d3-0000-4000-8000-0000000000cc',
        name: 'Somebody else',
        apiBaseUrl: unregistered.url,
        backendClientId: DEMO_IDS.clients.backend.id,
        backendClientSecret: DEMO_IDS.clients.backend.secret,
        widgetClientId: DEMO_IDS.clients.widget.id,
      },
    },
    'GET /api/v1/admin/tenant': { path: '/api/v1/admin/tenant' },
    'PATCH /api/v1/admin/tenant': { path: '/api/v1/admin/tenant', body: { name: 'Taken over' } },
    'DELETE /api/v1/admin/tenant': { path: '/api/v1/admin/tenant' },
    'GET /api/v1/admin/tenant/settings': { path: '/api/v1/admin/tenant/settings' },
    'PUT /api/v1/admin/tenant/settings': { path: '/api/v1/admin/tenant/settings', body: { threshold: 0 } },
    'PATCH /api/v1/admin/tenant/settings': { path: '/api/v1/admin/tenant/settings', body: { threshold: 0 } },
    'GET /api/v1/admin/audit': { path: '/api/v1/admin/audit' },
    'GET /api/v1/admin/audit/verify': { path: '/api/v1/admin/audit/verify' },
    'GET /api/v1/admin/webhooks/deliveries': { path: '/api/v1/admin/webhooks/deliveries' },
    'GET /api/v1/admin/webhooks/deliveries/{eventId}/attempts': { path: `/api/v1/admin/webhooks/deliveries/${hostile.jobId}/attempts` },
    'POST /api/v1/admin/webhooks/replay': { path: '/api/v1/admin/webhooks/replay', body: {} },
  };
}

let sent = 0;
const secured = openApiOperations(buildOpenApiDocument()).filter((op) => op.secured);

async function send(key: string, authorization: string | null): Promise<{ status: number; code: string | null; text: string }> {
  const example = examples()[key]!;
  const method = key.split(' ', 1)[0]!;
  // Each request from its own address (proxies on loopback are trusted): the registration limit
  // (10 a minute per address) would otherwise answer in place of authentication.
  sent += 1;
  const headers: Record<string, string> = { ...example.headers, 'x-forwarded-for': `10.8.${(sent >> 8) & 255}.${sent & 255}` };
  if (authorization !== null) headers.authorization = authorization;
  if (example.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${hostile.server.url}${example.path}`, {
    method,
    headers,
    ...(example.body !== undefined ? { body: JSON.stringify(example.body) } : {}),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let code: string | null = null;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
  } catch {
    code = null;
  }
  return { status: response.status, code, text };
}

/** Sends `key` with `authorization`; expects one of `statuses` and no change anywhere. */
async function expectRefused(key: string, authorization: string | null, statuses: readonly number[]): Promise<void> {
  const { store } = hostile.server.service;
  const before = await snapshotState(store, hostile.server.emulator);
  const answer = await send(key, authorization);
  expect(statuses, `${key}: ${answer.status} ${answer.text.slice(0, 300)}`).toContain(answer.status);
  expect(stateChanges(before, await snapshotState(store, hostile.server.emulator)), key).toEqual([]);
}

describe('credentials that are not an agent of this tenant, signed in through its widget', () => {
  it('when a secured route is documented, then it has an example request here, so it is tried with every bad token', () => {
    const missing = secured.map(operationKey).filter((key) => !(key in examples()));
    expect(secured.length).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  });

  it('when a good token is sent, then the examples are accepted past authentication (so the refusals below are about the token)', async () => {
    for (const key of ['GET /api/v1/context', 'GET /api/v1/admin/tenant/settings', 'GET /api/v1/merges/{id}']) {
      expect((await send(key, `Bearer ${hostile.admin}`)).status, key).toBe(200);
    }
  });

  const kinds: Array<[string, () => string | null, readonly number[]]> = [
    ['no token', () => null, [401]],
    ['an expired token', () => `Bearer ${expired}`, [401]],
    ['a token of this tenant altered by one character', () => `Bearer ${hostile.admin.slice(0, -1)}${hostile.admin.endsWith('A') ? 'B' : 'A'}`, [401]],
    ['a forged unsigned JWT', () => `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: DEMO_IDS.users.admin, org: DEMO_IDS.orgId })).toString('base64url')}.`, [401]],
    ['the token in a Basic header', () => `Basic ${Buffer.from(`${DEMO_IDS.users.admin}:${hostile.admin}`).toString('base64')}`, [401]],
    ["a token of the tenant's org issued to another OAuth client", () => `Bearer ${hostile.server.emulator.userToken('admin', OTHER_CLIENT)}`, [401, 403]],
    ["the backend's client-credentials token (no user)", () => `Bearer ${hostile.server.emulator.emulator.mintClientToken(DEMO_IDS.clients.backend.id)}`, [401, 403]],
    ['an admin token of an org that is not a tenant', () => `Bearer ${unregistered.userToken('admin', DEMO_IDS.clients.widget.id)}`, [401, 403]],
  ];

  it.each(kinds)('when every secured route gets %s, then 401 or 403 and nothing changes', async (_kind, token, statuses) => {
    for (const op of secured) await expectRefused(operationKey(op), token(), statuses);
  });

  it('when an admin of another tenant names this tenant\'s job and webhook event, then 404 and nothing of this tenant shows', async () => {
    const other = `Bearer ${otherTenant.userToken('admin', DEMO_IDS.clients.widget.id)}`;
    const [event] = await hostile.server.service.outbox.list({ tenantId: DEMO_IDS.orgId, limit: 1 });
    expect(event).toBeDefined();
    const before = await snapshotState(hostile.server.service.store, hostile.server.emulator);
    const get = (path: string) => fetch(`${hostile.server.url}${path}`, { headers: { authorization: other } });
    expect((await get(`/api/v1/merges/${hostile.jobId}`)).status).toBe(404);
    expect((await get(`/api/v1/merges/${hostile.jobId}/events`)).status).toBe(404);
    expect((await get(`/api/v1/admin/webhooks/deliveries/${event!.id}/attempts`)).status).toBe(404);
    const replay = await fetch(`${hostile.server.url}/api/v1/admin/webhooks/replay`, {
      method: 'POST', headers: { authorization: other, 'content-type': 'application/json' }, body: JSON.stringify({ eventIds: [event!.id] }),
    });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ replayed: 0 });
    const deliveries = (await (await get('/api/v1/admin/webhooks/deliveries')).json()) as { deliveries: unknown[] };
    expect(deliveries.deliveries).toEqual([]);
    const audit = JSON.stringify(await (await get('/api/v1/admin/audit?limit=500')).json());
    expect(audit).not.toContain(hostile.jobId);
    const tenant = (await (await get('/api/v1/admin/tenant')).json()) as { id: string };
    expect(tenant.id).toBe(OTHER_TENANT_ORG);
    // The other tenant's replay left an audit entry of its own; this tenant's rows are as they were.
    const changes = stateChanges(before, await snapshotState(hostile.server.service.store, hostile.server.emulator));
    expect(changes.filter((change) => change.includes(DEMO_IDS.orgId))).toEqual([]);
  });

  it('when the Authorization header is any hostile string, then 401 (or 431 when too large for Node) and nothing changes', async () => {
    const keys = secured.map(operationKey);
    const authorization = fc.oneof(
      hostileString.map((v) => `Bearer ${headerValue(v)}`),
      hostileString.map(headerValue),
      fc.constantFrom('Bearer', 'Bearer ', 'bearer', 'Bearer  x', 'Bearer\tx', 'Bearer x y', `Bearer ${'a'.repeat(9_000)}`, 'Token abc', 'Negotiate abc'),
      fc.tuple(fc.constantFrom('Bearer ', 'BEARER ', 'bEaReR '), fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme-ascii' })).map(([a, b]) => a + headerValue(b)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keys), authorization, async (key, header) => {
        await expectRefused(key, header, [401, 431]);
      }),
      { seed: SEED, numRuns: Number(process.env.HOSTILE_RUNS ?? 60), endOnFailure: true },
    );
  });
});
