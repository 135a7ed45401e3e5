import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServerSentEvents } from '../../client/widget/api/sse.js';
import { DEMO_IDS } from '../../emulator/src/index.js';
import type { Job, MergePlan } from '../../server/src/http/index.js';
import { DEFAULT_TENANT_SETTINGS } from '../../server/src/tenants/index.js';
import { loadDemoDataset, startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { idempotencyKey, startTestServer, type TestServer } from '../support/server.js';
import { dumpAllTables } from '../store/support/databases.js';

const { conversations: C } = DEMO_IDS;
const NEW_ORG = 'c0ffee00-0000-4000-8000-000000000001';
let server: TestServer;
let newOrg: TestEmulator;
let admin: string;
let agent: string;

beforeAll(async () => {
  server = await startTestServer({ start: { jobs: true, relay: false } });
  const demo = await loadDemoDataset();
  newOrg = await startTestEmulator({ dataset: { ...demo, org: { ...demo.org, id: NEW_ORG, name: 'New Org' } } });
  admin = server.token('admin');
  agent = server.token('mergeAgent');
});

afterAll(async () => {
  await server.close();
  await newOrg.close();
});

const call = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
  server.request(path, { token: admin, ...init });
const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;

async function mergeAndWait(conversationIds: string[]): Promise<Job> {
  const plan = await json<MergePlan>(await server.request('/api/v1/merges/preview', { token: agent, body: { conversationIds } }));
  const job = await json<Job>(
    await server.request('/api/v1/merges', { token: agent, headers: { 'idempotency-key': idempotencyKey() }, body: { conversationIds: plan.conversationIds, planHash: plan.planHash } }),
  );
  const stream = await server.request(`/api/v1/merges/${job.id}/events`, { token: agent });
  let last: Job = job;
  for await (const message of readServerSentEvents(stream.body!)) if (message.event === 'done') last = JSON.parse(message.data) as Job;
  return last;
}

describe('tenant settings', () => {
  it('when an admin patches one setting, then only it changes, and the engine uses it at once', async () => {
    expect(await json(await call('/api/v1/admin/tenant/settings'))).toEqual(DEFAULT_TENANT_SETTINGS);
    const patched = await json<{ threshold: number; lookBackDays: number }>(
      await call('/api/v1/admin/tenant/settings', { method: 'PATCH', body: { threshold: 0.995 } }),
    );
    expect(patched).toMatchObject({ threshold: 0.995, lookBackDays: DEFAULT_TENANT_SETTINGS.lookBackDays });
    const listed = await json<{ candidates: Array<{ selected: boolean }> }>(
      await server.request(`/api/v1/candidates?conversationId=${C.janeActiveCall}`, { token: agent }),
    );
    expect(listed.candidates.length).toBeGreaterThan(0);
    expect(listed.candidates.some((c) => c.selected)).toBe(false);
  });

  it('when an admin puts settings, then they replace the old ones (absent fields take defaults)', async () => {
    const replaced = await json(await call('/api/v1/admin/tenant/settings', { method: 'PUT', body: { conflictPolicy: 'source' } }));
    expect(replaced).toEqual({ ...DEFAULT_TENANT_SETTINGS, conflictPolicy: 'source' });
    const entries = await server.service.audit.query({ tenantId: DEMO_IDS.orgId, action: 'tenant.settings_updated', limit: 10 });
    expect(entries).toHaveLength(2);
    expect(entries.every((entry) => entry.actor.type === 'admin' && entry.actor.id === DEMO_IDS.users.admin)).toBe(true);
  });
});

describe('audit', () => {
  it('when the admin queries the audit log, then entries come newest first, and the chain verifies', async () => {
    const { entries } = await json<{ entries: Array<{ action: string; seq: number }> }>(await call('/api/v1/admin/audit?limit=5'));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((a, b) => b - a));
    expect(await json(await call('/api/v1/admin/audit/verify'))).toMatchObject({ ok: true });
  });
});

describe('webhook deliveries', () => {
  it('when the receiver answers 410, then the endpoint is disabled and the event parked; a replay re-enables it and delivers the same id', async () => {
    server.receiver!.respondWith(410);
    const job = await mergeAndWait([C.lindaWhatsApp, C.lindaSms]);
    expect(job.status).toBe('succeeded');
    expect(await server.service.relay.runOnce()).toMatchObject({ claimed: 1, disabled: 1 });
    expect(((await json<{ crmWebhook: { enabled: boolean } }>(await call('/api/v1/admin/tenant'))).crmWebhook.enabled)).toBe(false);

    const { deliveries } = await json<{ deliveries: Array<{ eventId: string; status: string; attempts: number; lastStatus: number }> }>(
      await call('/api/v1/admin/webhooks/deliveries?status=disabled'),
    );
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: 'disabled', attempts: 1, lastStatus: 410 });
    expect(Object.keys(deliveries[0]!)).not.toContain('payload');

    const eventId = deliveries[0]!.eventId;
    expect(await json(await call('/api/v1/admin/webhooks/replay', { method: 'POST', body: { eventIds: [eventId] } }))).toEqual({ replayed: 1 });
    expect(await server.service.relay.runOnce()).toMatchObject({ delivered: 1 });
    const verified = server.receiver!.received.filter((r) => r.verified);
    expect(verified.map((r) => r.webhookId)).toEqual([eventId, eventId]);
    const { attempts } = await json<{ attempts: Array<{ outcome: string }> }>(await call(`/api/v1/admin/webhooks/deliveries/${eventId}/attempts`));
    expect(attempts.map((a) => a.outcome)).toEqual(['disabled', 'delivered']);
    const actions = (await server.service.audit.query({ tenantId: DEMO_IDS.orgId, limit: 50 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['webhook.parked', 'webhook.replayed', 'webhook.delivered']));
  });

  it("when the admin asks for another tenant's event, then it is not found", async () => {
    const response = await call('/api/v1/admin/webhooks/deliveries/msg_00000000000000000000000000000000/attempts');
    expect(response.status).toBe(404);
  });
});

describe('tenant registration', () => {
  const registration = (overrides: Record<string, unknown> = {}) => ({
    orgId: NEW_ORG,
    name: 'New Org',
    apiBaseUrl: newOrg.url,
    backendClientId: DEMO_IDS.clients.backend.id,
    backendClientSecret: DEMO_IDS.clients.backend.secret,
    widgetClientId: DEMO_IDS.clients.widget.id,
    ...overrides,
  });
  const register = (body: unknown, token = newOrg.userToken('admin', DEMO_IDS.clients.widget.id)) =>
    server.request('/api/v1/admin/tenants', { token, body });

  it('when the token is not an admin of the org being registered, then 403 and nothing is registered', async () => {
    expect((await register(registration(), newOrg.userToken('mergeAgent', DEMO_IDS.clients.widget.id))).status).toBe(403);
    expect((await register(registration({ orgId: 'c0ffee00-0000-4000-8000-000000000002' }))).status).toBe(403);
    expect(await server.service.tenants.get(NEW_ORG)).toBeNull();
  });

  it('when Genesys refuses the backend credentials, then 400 names backendClientSecret', async () => {
    const response = await register(registration({ backendClientSecret: 'not-the-secret' }));
    expect(response.status).toBe(400);
    expect((await json<{ error: { details: { field: string } } }>(response)).error.details.field).toBe('backendClientSecret');
  });

  it("when the org's admin registers it, then it becomes a tenant whose agents may use the app; a second time is 409", async () => {
    const response = await register(registration());
    expect(response.status).toBe(201);
    const tenant = await json<Record<string, unknown>>(response);
    expect(tenant).toMatchObject({ id: NEW_ORG, name: 'New Org', apiBaseUrl: newOrg.url });
    expect(JSON.stringify(tenant)).not.toContain(DEMO_IDS.clients.backend.secret);
    const context = await server.request(`/api/v1/context?conversationId=${C.janeCall}`, { token: newOrg.userToken('mergeAgent', DEMO_IDS.clients.widget.id) });
    expect(context.status).toBe(200);
    expect((await register(registration())).status).toBe(409);
  });
});

describe('tenant removal', () => {
  it("when the admin removes the tenant, then its secrets and customer data are gone, the audit stays, and its tokens no longer work", async () => {
    const job = await mergeAndWait([C.emmaCall, C.emmaEmail, C.emmaWhatsApp]);
    expect(job.status).toBe('succeeded');
    const response = await call('/api/v1/admin/tenant', { method: 'DELETE' });
    expect(response.status).toBe(200);
    const removal = await json<{ tenantId: string; deleted: Record<string, number> }>(response);
    expect(removal.tenantId).toBe(DEMO_IDS.orgId);
    expect(removal.deleted).toMatchObject({ tenants: 1 });
    expect(removal.deleted.merge_jobs).toBeGreaterThan(0);

    const dump = await dumpAllTables(server.service.store, { dialect: 'sqlite', file: join(server.dataDir, 'interaction-merger.sqlite') });
    const everything = Object.entries(dump).filter(([table]) => table !== 'audit_entries' && table !== 'audit_chains').map(([, rows]) => rows).join('\n');
    for (const identifier of ['+447700900123', '07700 900123', 'emma.schmidt@example.co.uk', 'Schmidt', DEMO_IDS.orgId, job.id]) {
      expect(everything).not.toContain(identifier);
    }
    const audit = dump.audit_entries ?? '';
    expect(audit).toContain('tenant.removed');
    for (const identifier of ['+447700900123', 'emma.schmidt@example.co.uk', 'Schmidt']) expect(audit).not.toContain(identifier);

    // The only tenant left is served by the other emulator, which does not know this token.
    const after = await server.request(`/api/v1/context?conversationId=${C.janeCall}`, { token: agent });
    expect(after.status).toBe(401);
  });
});
