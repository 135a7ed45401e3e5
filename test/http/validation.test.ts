import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

const { conversations: C } = DEMO_IDS;
let server: TestServer;
let agent: string;
let admin: string;

beforeAll(async () => {
  server = await startTestServer({ webhook: null });
  agent = server.token('mergeAgent');
  admin = server.token('admin');
});

afterAll(async () => {
  await server.close();
});

interface Snapshot {
  jobs: number;
  audit: number;
  settings: unknown;
  mutations: number;
}

async function snapshot(): Promise<Snapshot> {
  const { store, audit, tenants } = server.service;
  const counts = await store.jobs.countByStatus();
  const entries = server.emulator.emulator.requestCounts().entries;
  return {
    jobs: Object.values(counts).reduce((a, b) => a + b, 0),
    audit: (await audit.query({ tenantId: DEMO_IDS.orgId, limit: 500 })).length,
    settings: await tenants.settings(DEMO_IDS.orgId),
    mutations: entries.filter((e) => e.method !== 'GET' && e.path.startsWith('/api/v2/externalcontacts')).reduce((a, e) => a + e.count, 0),
  };
}

async function expect400(response: Response, field: string): Promise<string> {
  expect(response.status).toBe(400);
  const { error } = (await response.json()) as { error: { code: string; message: string; details: { field: string } } };
  expect(error.code).toBe('bad_request');
  expect(error.details.field).toBe(field);
  expect(error.message.startsWith(field)).toBe(true);
  return error.message;
}

const merge = (body: unknown, headers: Record<string, string> = { 'idempotency-key': 'key-1' }) =>
  server.request('/api/v1/merges', { token: agent, headers, body });

describe('bad input', () => {
  it('when any input is invalid, then 400 names the field and nothing changes', async () => {
    const before = await snapshot();

    expect(await expect400(await server.request('/api/v1/context', { token: agent }), 'conversationId')).toBe('conversationId: is required');
    await expect400(await server.request('/api/v1/context?conversationId=not%20an%20id', { token: agent }), 'conversationId');
    await expect400(await server.request(`/api/v1/candidates?conversationId=${C.janeCall}&extra=1`, { token: agent }), 'extra');
    await expect400(await server.request(`/api/v1/candidates/search?conversationId=${C.janeCall}&q=a`, { token: agent }), 'q');

    await expect400(await server.request('/api/v1/merges/preview', { token: agent, body: '{"conversationIds": [' }), 'body');
    await expect400(await server.request('/api/v1/merges/preview', { token: agent, body: { conversationIds: [] } }), 'conversationIds');
    await expect400(await server.request('/api/v1/merges/preview', { token: agent, body: { conversationIds: [C.janeCall, 'x y'] } }), 'conversationIds.1');
    await expect400(await server.request('/api/v1/merges/preview', { token: agent, body: { conversationIds: [C.janeCall, C.janeCall] } }), 'conversationIds');

    const valid = { conversationIds: [C.janeActiveCall, C.janeWebMessage], planHash: 'f'.repeat(64) };
    await expect400(await merge(valid, {}), 'Idempotency-Key');
    await expect400(await merge(valid, { 'idempotency-key': 'spaces are not allowed' }), 'Idempotency-Key');
    await expect400(await merge({ conversationIds: valid.conversationIds }), 'planHash');
    await expect400(await merge({ ...valid, conversationIds: [C.janeActiveCall] }), 'conversationIds');
    await expect400(await merge({ ...valid, force: true }), 'force');
    await expect400(await server.request('/api/v1/merges/not_a_job!', { token: agent }), 'id');

    await expect400(await server.request('/api/v1/admin/tenant/settings', { method: 'PUT', token: admin, body: { threshold: 2 } }), 'threshold');
    await expect400(
      await server.request('/api/v1/admin/tenant/settings', { method: 'PATCH', token: admin, body: { channelWeights: { voice: -1 } } }),
      'channelWeights.voice',
    );
    await expect400(await server.request('/api/v1/admin/audit?limit=0', { token: admin }), 'limit');
    await expect400(await server.request('/api/v1/admin/webhooks/deliveries?status=lost', { token: admin }), 'status');
    await expect400(await server.request('/api/v1/admin/webhooks/replay', { token: admin, body: { eventIds: [] } }), 'eventIds');

    expect(await snapshot()).toEqual(before);
  });

  it('when a body is larger than the limit, then 413 and nothing is read', async () => {
    const response = await server.request('/api/v1/merges/preview', {
      token: agent,
      body: { conversationIds: Array.from({ length: 3000 }, (_, i) => `${C.janeCall}-${i}`) },
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('when a route does not exist, then 404 in the error shape', async () => {
    const response = await server.request('/api/v1/admin/nothing-here', { token: admin });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
