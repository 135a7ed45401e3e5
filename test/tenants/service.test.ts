import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditLog } from '../../server/src/audit/index.js';
import { createManualClock } from '../../server/src/clock/index.js';
import { AppError } from '../../server/src/errors/index.js';
import type { Store } from '../../server/src/store/index.js';
import {
  DEFAULT_TENANT_SETTINGS,
  createKeyRing,
  createTenantService,
  type TenantService,
} from '../../server/src/tenants/index.js';
import { DIALECTS, createTestDatabase, dumpAllTables, truncateAll, type TestDatabase } from '../store/support/databases.js';
import { CUSTOMER, samplePlan, sampleResult } from '../store/support/fixtures.js';

const MASTER = randomBytes(32);
const BACKEND_SECRET = 'backend-secret-7Hq2vX9pLm';
const WEBHOOK_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const ORG = '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e0001';
const registration = {
  orgId: ORG,
  name: 'Demo Contact Centre',
  region: 'mypurecloud.ie',
  backendClientId: 'backend-client',
  backendClientSecret: BACKEND_SECRET,
  widgetClientId: 'widget-client',
  crmWebhook: { url: 'https://crm.example.com/hooks/merged', secret: WEBHOOK_SECRET },
};
const admin = { actor: { type: 'admin' as const, id: 'admin-user-1' }, correlationId: 'req-1' };

async function expectAppError(promise: Promise<unknown>, status: number, text: string): Promise<AppError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(status);
  expect((error as AppError).message).toContain(text);
  return error as AppError;
}

describe.each(DIALECTS)('tenant service on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let audit: AuditLog;
  let tenants: TenantService;
  const refusedUrls: string[] = [];
  const clock = createManualClock(Date.parse('2026-11-26T09:00:00Z'));

  beforeAll(async () => {
    database = await createTestDatabase(dialect, 'tenants');
    store = await database.open();
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await truncateAll(store);
    refusedUrls.length = 0;
    const keyRing = createKeyRing({ store, masterKeys: { current: MASTER, previous: [] }, clock });
    audit = createAuditLog({ store, auditKey: await keyRing.auditKey(), clock });
    tenants = createTenantService({
      store,
      keyRing,
      clock,
      audit,
      validateWebhookUrl: async (url) => {
        if (new URL(url).hostname === '169.254.169.254') {
          refusedUrls.push(url);
          throw new Error('resolves to a metadata address');
        }
      },
    });
  });

  describe('registration', () => {
    it('when a tenant is registered, then it is stored with its secrets encrypted and shown without them', async () => {
      const tenant = await tenants.register(registration, admin);
      expect(tenant).toMatchObject({
        id: ORG,
        region: 'eu_west_1',
        apiBaseUrl: 'https://api.mypurecloud.ie',
        loginBaseUrl: 'https://login.mypurecloud.ie',
        customBaseUrl: false,
        crmWebhook: { url: 'https://crm.example.com/hooks/merged', enabled: true, disabledReason: null },
        settings: DEFAULT_TENANT_SETTINGS,
      });
      expect(JSON.stringify(tenant)).not.toContain(BACKEND_SECRET);
      expect(JSON.stringify(tenant)).not.toContain(WEBHOOK_SECRET);
      const stored = JSON.stringify(await store.db.selectFrom('tenants').selectAll().execute());
      expect(stored).not.toContain(BACKEND_SECRET);
      expect(stored).not.toContain(WEBHOOK_SECRET.slice(6));
      expect(await tenants.credentials(ORG)).toEqual({
        orgId: ORG,
        region: 'eu_west_1',
        apiBaseUrl: 'https://api.mypurecloud.ie',
        loginBaseUrl: 'https://login.mypurecloud.ie',
        clientId: 'backend-client',
        clientSecret: BACKEND_SECRET,
      });
      expect(await tenants.webhookEndpoint(ORG)).toEqual({
        tenantId: ORG,
        url: 'https://crm.example.com/hooks/merged',
        secret: WEBHOOK_SECRET,
        enabled: true,
      });
      const [entry] = await audit.query({ tenantId: ORG, limit: 1 });
      expect(entry).toMatchObject({ action: 'tenant.registered', actor: admin.actor, correlationId: 'req-1' });
      expect(JSON.stringify(entry)).not.toContain(BACKEND_SECRET);
    });

    it('when an explicit API URL is given, then no region is needed and login follows that origin', async () => {
      const tenant = await tenants.register({ ...registration, region: undefined, apiBaseUrl: 'http://127.0.0.1:8089/', crmWebhook: null });
      expect(tenant).toMatchObject({ region: null, apiBaseUrl: 'http://127.0.0.1:8089', loginBaseUrl: 'http://127.0.0.1:8089', customBaseUrl: true, crmWebhook: null });
      expect(await tenants.webhookEndpoint(ORG)).toBeNull();
    });

    it.each([
      ['orgId', { orgId: 'not an id!' }],
      ['region', { region: 'mars_north_1' }],
      ['region', { region: undefined }],
      ['backendClientSecret', { backendClientSecret: 'short' }],
      ['crmWebhook.secret', { crmWebhook: { url: 'https://crm.example.com/x', secret: 'plain' } }],
      ['crmWebhook.url', { crmWebhook: { url: 'https://169.254.169.254/latest', secret: WEBHOOK_SECRET } }],
      ['settings.threshold', { settings: { threshold: 2 } }],
      ['settings.channelWeights.voice', { settings: { channelWeights: { voice: -1 } } }],
      ['(body)', { unexpected: true }],
    ])('when %s is invalid, then registration is refused naming it and nothing is stored', async (field, change) => {
      const error = await expectAppError(tenants.register({ ...registration, ...change }), 400, field === '(body)' ? '' : field);
      if (field !== '(body)') expect((error.details as { field: string }).field).toBe(field);
      expect(await store.tenants.list()).toEqual([]);
    });

    it('when the org is registered twice, then the second is refused with 409', async () => {
      await tenants.register(registration);
      const error = await expectAppError(tenants.register(registration), 409, ORG);
      expect(error.code).toBe('tenant_exists');
    });
  });

  describe('updates', () => {
    beforeEach(async () => {
      await tenants.register(registration);
    });

    it('when settings are updated partially, then the rest keep their values, and a bad value changes nothing', async () => {
      const settings = await tenants.updateSettings(ORG, { threshold: 0.9, channelWeights: { email: 6 } }, admin);
      expect(settings).toEqual({ ...DEFAULT_TENANT_SETTINGS, threshold: 0.9, channelWeights: { ...DEFAULT_TENANT_SETTINGS.channelWeights, email: 6 } });
      await expectAppError(tenants.updateSettings(ORG, { lookBackDays: 0 }), 400, 'settings.lookBackDays');
      await expectAppError(tenants.updateSettings(ORG, { conflictPolicy: 'coin_flip' }), 400, 'settings.conflictPolicy');
      await expectAppError(tenants.updateSettings(ORG, { sourcePriority: ['Curated', 'Curated'] }), 400, 'settings.sourcePriority');
      expect(await tenants.settings(ORG)).toEqual(settings);
      expect((await audit.query({ tenantId: ORG, action: 'tenant.settings_updated', limit: 5 }))[0]?.details).toEqual({
        fields: ['threshold', 'channelWeights'],
      });
    });

    it('when the backend secret and webhook URL change, then they are re-encrypted and the change is audited by field name only', async () => {
      const tenant = await tenants.update(ORG, { backendClientSecret: 'rotated-secret-123', crmWebhook: { url: 'https://crm2.example.com/h' } }, admin);
      expect(tenant.crmWebhook?.url).toBe('https://crm2.example.com/h');
      expect((await tenants.credentials(ORG)).clientSecret).toBe('rotated-secret-123');
      expect((await tenants.webhookEndpoint(ORG))?.secret).toBe(WEBHOOK_SECRET);
      const [entry] = await audit.query({ tenantId: ORG, action: 'tenant.updated', limit: 1 });
      expect(entry?.details).toEqual({ fields: ['backendClientSecret', 'crmWebhook.url'] });
      expect(JSON.stringify(entry)).not.toContain('rotated-secret-123');
    });

    it('when a new webhook URL is refused by the SSRF policy, then nothing changes', async () => {
      await expectAppError(tenants.update(ORG, { crmWebhook: { url: 'https://169.254.169.254/x' } }), 400, 'crmWebhook.url');
      expect(refusedUrls).toEqual(['https://169.254.169.254/x']);
      expect((await tenants.require(ORG)).crmWebhook?.url).toBe('https://crm.example.com/hooks/merged');
    });

    it('when the endpoint was disabled by a 410, then an admin update re-enables it', async () => {
      await store.outbox.disableEndpoint(ORG, 'receiver answered 410');
      expect((await tenants.require(ORG)).crmWebhook).toMatchObject({ enabled: false, disabledReason: 'receiver answered 410' });
      expect((await tenants.update(ORG, { crmWebhook: { enabled: true } })).crmWebhook).toMatchObject({ enabled: true, disabledReason: null });
    });

    it('when the tenant configured by environment is ensured again, then connection fields follow and settings stay', async () => {
      await tenants.updateSettings(ORG, { threshold: 0.95 });
      const again = await tenants.ensure({ ...registration, backendClientSecret: 'from-env-secret-2', name: 'Renamed Centre' });
      expect(again).toMatchObject({ name: 'Renamed Centre', settings: { threshold: 0.95 } });
      expect((await tenants.credentials(ORG)).clientSecret).toBe('from-env-secret-2');
      const before = (await store.tenants.get(ORG))!.updatedAt;
      clock.advance(1000);
      await tenants.ensure({ ...registration, backendClientSecret: 'from-env-secret-2', name: 'Renamed Centre' });
      expect((await store.tenants.get(ORG))!.updatedAt).toBe(before);
    });

    it('when an unknown tenant is asked for, then 404 tenant_not_found', async () => {
      await expectAppError(tenants.require('nope'), 404, 'nope');
      await expectAppError(tenants.update('nope', { name: 'x' }), 404, 'nope');
      await expectAppError(tenants.remove('nope'), 404, 'nope');
      expect(await tenants.get('nope')).toBeNull();
    });
  });

  describe('removal', () => {
    it('when a tenant is removed, then no secret or customer identifier of it is left in any table, and its audit chain stays verifiable', async () => {
      await tenants.register(registration, admin);
      await tenants.register({ ...registration, orgId: 'org-keep', name: 'Other Org', crmWebhook: null });
      const conversationIds = ['conv-1', 'conv-2'];
      const job = await store.jobs.insert({
        id: 'job-1',
        tenantId: ORG,
        actor: { userId: 'agent-1', name: 'Alex Agent' },
        conversationIds,
        plan: samplePlan(conversationIds),
        planHash: 'hash-1',
        correlationId: 'req-2',
        now: clock.now(),
      });
      await store.transaction(async (tx) => {
        const [claimed] = await tx.jobs.claim({ now: clock.now(), limit: 1, owner: 'w', leaseMs: 1000 });
        await tx.jobs.saveProgress({ id: claimed!.id, owner: 'w', now: clock.now(), step: 'merge_contacts', completedSteps: 2, state: { customer: CUSTOMER }, leaseMs: 1000 });
        await tx.jobs.complete({ id: job.id, owner: 'w', now: clock.now(), step: 'record', completedSteps: 6, state: { customer: CUSTOMER }, result: sampleResult(conversationIds) });
        await tx.markers.upsertMany(conversationIds.map((conversationId) => ({
          tenantId: ORG, conversationId, jobId: job.id, contactId: 'contact-canonical', mergedAt: clock.now(), mergedBy: { userId: 'agent-1', name: 'Alex Agent' },
        })));
        await tx.outbox.enqueue({ id: 'evt-1', tenantId: ORG, type: 'interaction.merged', payload: JSON.stringify({ customer: CUSTOMER }), createdAt: clock.now() });
        await tx.idempotency.insert({ tenantId: ORG, userId: 'agent-1', key: 'idem-1', requestHash: 'h', jobId: job.id, createdAt: clock.now(), expiresAt: clock.now() + 1000 });
      });
      await store.outbox.recordAttempt({ eventId: 'evt-1', attempt: 1, at: clock.now(), durationMs: 3, httpStatus: 500, error: `echo ${CUSTOMER.email}`, outcome: 'retry', nextAttemptAt: clock.now() + 5000 });
      await store.feedback.record({ jobId: job.id, tenantId: ORG, userId: 'agent-1', at: clock.now(), kept: conversationIds, removed: [], added: [] });
      await audit.record({
        tenantId: ORG,
        actor: { type: 'agent', id: 'agent-1' },
        action: 'merge.succeeded',
        outcome: 'success',
        ids: { jobId: job.id, conversationIds },
        identifiers: [
          { kind: 'phone', value: CUSTOMER.phone },
          { kind: 'email', value: CUSTOMER.email },
          { kind: 'name', value: CUSTOMER.name },
        ],
      });
      const ciphertexts = (await store.tenants.listSecretCiphertexts()).filter((s) => s.tenantId === ORG).map((s) => s.ciphertext);
      expect(ciphertexts).toHaveLength(2);

      const removal = await tenants.remove(ORG, admin);
      expect(removal.deleted).toMatchObject({ tenants: 1, merge_jobs: 1, merged_conversations: 2, outbox_events: 1, delivery_attempts: 1, agent_feedback: 1, idempotency_keys: 1 });

      const dump = await dumpAllTables(store, database.options);
      expect(Object.keys(dump)).toEqual(expect.arrayContaining(['tenants', 'merge_jobs', 'outbox_events', 'audit_entries', 'kysely_migration']));
      const forbidden = [BACKEND_SECRET, WEBHOOK_SECRET, WEBHOOK_SECRET.slice(6), ...ciphertexts, CUSTOMER.phone, CUSTOMER.phone.slice(2), CUSTOMER.email, CUSTOMER.name, 'contact-canonical'];
      for (const [table, text] of Object.entries(dump)) {
        for (const value of forbidden) expect(text.toLowerCase(), `${table} holds ${value}`).not.toContain(value.toLowerCase());
      }
      for (const table of ['tenants', 'merge_jobs', 'merged_conversations', 'outbox_events', 'delivery_attempts', 'agent_feedback', 'idempotency_keys']) {
        expect(dump[table], table).not.toContain(ORG);
      }
      if (database.options.dialect === 'sqlite') {
        // secure_delete and the WAL checkpoint leave no deleted bytes in the database files.
        const files = [database.options.file, `${database.options.file}-wal`].filter((file) => existsSync(file));
        const bytes = Buffer.concat(files.map((file) => readFileSync(file))).toString('latin1').toLowerCase();
        for (const value of [BACKEND_SECRET, CUSTOMER.email, CUSTOMER.name, ...ciphertexts]) {
          expect(bytes.includes(value.toLowerCase()), `database file holds ${value}`).toBe(false);
        }
      }
      expect(await tenants.get('org-keep')).not.toBeNull();
      const remaining = await audit.query({ tenantId: ORG, limit: 10 });
      expect(remaining.map((entry) => entry.action)).toEqual(['tenant.removed', 'merge.succeeded', 'tenant.registered']);
      expect((await audit.verify(ORG)).ok).toBe(true);
    });
  });
});
