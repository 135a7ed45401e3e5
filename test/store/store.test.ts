import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStore, STORE_TABLES, toAlreadyMerged, type Store } from '../../server/src/store/index.js';
import { DIALECTS, createTestDatabase, truncateAll, type TestDatabase } from './support/databases.js';
import { samplePlan, sampleResult, sampleTenantRecord } from './support/fixtures.js';

const T0 = Date.parse('2026-11-26T10:00:00Z');
const HOUR = 3_600_000;

describe.each(DIALECTS)('store on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await createTestDatabase(dialect, 'store');
    store = await database.open();
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await truncateAll(store);
  });

  describe('migrations', () => {
    it('when the store opens, then every table exists and a second open migrates nothing and sees the same data', async () => {
      const names = (await store.db.introspection.getTables()).map((table) => table.name);
      expect(names).toEqual(expect.arrayContaining([...STORE_TABLES]));
      await store.tenants.insert(sampleTenantRecord('org-1', T0));
      const replica = await createStore(database.options);
      try {
        expect(await replica.tenants.get('org-1')).not.toBeNull();
      } finally {
        await replica.close();
      }
    });
  });

  describe('tenants', () => {
    it('when a tenant is inserted twice, then the second insert changes nothing', async () => {
      expect(await store.tenants.insert(sampleTenantRecord('org-1', T0))).toBe(true);
      expect(await store.tenants.insert(sampleTenantRecord('org-1', T0 + 1, { name: 'Other' }))).toBe(false);
      expect((await store.tenants.get('org-1'))?.name).toBe('Org org-1');
    });

    it('when a tenant is patched, then only the given fields change', async () => {
      await store.tenants.insert(sampleTenantRecord('org-1', T0));
      expect(await store.tenants.update('org-1', { name: 'Renamed', settings: '{"threshold":0.9}' }, T0 + 5)).toBe(true);
      const tenant = await store.tenants.get('org-1');
      expect(tenant).toMatchObject({ name: 'Renamed', settings: '{"threshold":0.9}', backendClientId: 'backend-org-1', updatedAt: T0 + 5 });
      expect(tenant?.crmWebhook?.secretCiphertext).toBe('ciphertext-crm-org-1');
      expect(await store.tenants.update('missing', { name: 'x' }, T0)).toBe(false);
    });

    it('when the webhook is removed by a patch, then the tenant has no endpoint', async () => {
      await store.tenants.insert(sampleTenantRecord('org-1', T0));
      await store.tenants.update('org-1', { crmWebhook: null }, T0 + 1);
      expect((await store.tenants.get('org-1'))?.crmWebhook).toBeNull();
      expect(await store.outbox.endpoint('org-1')).toBeNull();
    });

    it('when a secret is swapped with a stale expected value, then nothing changes', async () => {
      await store.tenants.insert(sampleTenantRecord('org-1', T0));
      const secrets = await store.tenants.listSecretCiphertexts();
      expect(secrets).toEqual([
        { tenantId: 'org-1', field: 'backend_client_secret', ciphertext: 'ciphertext-backend-org-1' },
        { tenantId: 'org-1', field: 'crm_webhook_secret', ciphertext: 'ciphertext-crm-org-1' },
      ]);
      const swap = { tenantId: 'org-1', field: 'crm_webhook_secret' as const, next: 'v2', now: T0 + 1 };
      expect(await store.tenants.replaceSecretCiphertext({ ...swap, expected: 'stale' })).toBe(false);
      expect(await store.tenants.replaceSecretCiphertext({ ...swap, expected: 'ciphertext-crm-org-1' })).toBe(true);
      expect((await store.tenants.get('org-1'))?.crmWebhook?.secretCiphertext).toBe('v2');
    });
  });

  describe('key ring', () => {
    it('when two writers insert the same generation, then one wins and wraps swap only from the expected value', async () => {
      const entry = { id: 'k1', purpose: 'secrets', generation: 1, wraps: { m1: 'w1' }, createdAt: T0, updatedAt: T0 };
      expect(await store.keyRing.insertIfAbsent(entry)).toBe(true);
      expect(await store.keyRing.insertIfAbsent({ ...entry, id: 'k1-other' })).toBe(false);
      expect(await store.keyRing.replaceWraps({ id: 'k1', expected: { m0: 'x' }, next: { m2: 'w2' }, now: T0 })).toBe(false);
      expect(await store.keyRing.replaceWraps({ id: 'k1', expected: { m1: 'w1' }, next: { m2: 'w2', m1: 'w1' }, now: T0 })).toBe(true);
      expect((await store.keyRing.get('k1'))?.wraps).toEqual({ m1: 'w1', m2: 'w2' });
      expect((await store.keyRing.list('secrets')).map((e) => e.id)).toEqual(['k1']);
      expect(await store.keyRing.delete('k1')).toBe(true);
      expect(await store.keyRing.list()).toEqual([]);
    });
  });

  describe('idempotency keys', () => {
    const record = { tenantId: 'org-1', userId: 'u1', key: 'k-1', requestHash: 'h1', jobId: 'job-1', createdAt: T0, expiresAt: T0 + 24 * HOUR };

    it('when a key is remembered, then it is found until it expires and then pruned', async () => {
      expect(await store.idempotency.insert(record)).toBe(true);
      expect(await store.idempotency.insert({ ...record, jobId: 'job-2' })).toBe(false);
      const lookup = { tenantId: 'org-1', userId: 'u1', key: 'k-1' };
      expect((await store.idempotency.find({ ...lookup, now: T0 + 23 * HOUR }))?.jobId).toBe('job-1');
      expect(await store.idempotency.find({ ...lookup, userId: 'u2', now: T0 })).toBeNull();
      expect(await store.idempotency.find({ ...lookup, now: T0 + 24 * HOUR })).toBeNull();
      expect(await store.idempotency.prune(T0 + 24 * HOUR)).toBe(1);
    });

    it('when an expired key is reused before pruning, then the new request replaces it', async () => {
      await store.idempotency.insert(record);
      const later = { ...record, requestHash: 'h2', jobId: 'job-2', createdAt: T0 + 25 * HOUR, expiresAt: T0 + 49 * HOUR };
      expect(await store.idempotency.insert(later)).toBe(true);
      expect((await store.idempotency.find({ tenantId: 'org-1', userId: 'u1', key: 'k-1', now: T0 + 25 * HOUR }))?.jobId).toBe('job-2');
    });
  });

  describe('markers and feedback', () => {
    it('when conversations are merged twice, then each marker points at the latest merge', async () => {
      const marker = (conversationId: string, jobId: string, at: number) => ({
        tenantId: 'org-1',
        conversationId,
        jobId,
        contactId: `contact-${jobId}`,
        mergedAt: at,
        mergedBy: { userId: 'u1', name: 'Alex Agent' },
      });
      await store.markers.upsertMany([marker('c1', 'j1', T0), marker('c2', 'j1', T0)]);
      await store.markers.upsertMany([marker('c2', 'j2', T0 + 1), marker('c3', 'j2', T0 + 1)]);
      const found = await store.markers.getMany('org-1', ['c1', 'c2', 'c3', 'c4', 'c2']);
      expect([...found.keys()].sort()).toEqual(['c1', 'c2', 'c3']);
      expect(found.get('c2')?.jobId).toBe('j2');
      expect((await store.markers.listByJob('j1')).map((m) => m.conversationId)).toEqual(['c1']);
      expect(await store.markers.get('org-2', 'c1')).toBeNull();
      expect(toAlreadyMerged(found.get('c1')!)).toEqual({
        mergedAt: '2026-11-26T10:00:00.000Z',
        mergedBy: 'Alex Agent',
        contactId: 'contact-j1',
        jobId: 'j1',
      });
    });

    it('when feedback is recorded again for a job, then it is replaced', async () => {
      const feedback = { jobId: 'j1', tenantId: 'org-1', userId: 'u1', at: T0, kept: ['c1'], removed: ['c2'], added: [] };
      await store.feedback.record(feedback);
      await store.feedback.record({ ...feedback, at: T0 + 1, added: ['c9'] });
      await store.feedback.record({ ...feedback, jobId: 'j2', at: T0 + 2 });
      const listed = await store.feedback.list({ tenantId: 'org-1', limit: 10 });
      expect(listed.map((f) => [f.jobId, f.added])).toEqual([['j1', ['c9']], ['j2', []]]);
      expect(await store.feedback.list({ tenantId: 'org-1', since: T0 + 2, limit: 10 })).toHaveLength(1);
    });
  });

  describe('shown auto-selections', () => {
    const shownKey = { tenantId: 'org-1', userId: 'u1', anchorConversationId: 'anchor-1' };

    it('when a selection is shown, then it is found by tenant, agent and anchor until it expires, replaced when shown again, and then pruned', async () => {
      await store.feedback.recordShown({ ...shownKey, conversationIds: ['c1', 'c2'], shownAt: T0, expiresAt: T0 + HOUR });
      expect(await store.feedback.shown({ ...shownKey, now: T0 + 1 })).toEqual({ ...shownKey, conversationIds: ['c1', 'c2'], shownAt: T0, expiresAt: T0 + HOUR });
      expect(await store.feedback.shown({ ...shownKey, userId: 'u2', now: T0 + 1 })).toBeNull();
      expect(await store.feedback.shown({ ...shownKey, tenantId: 'org-2', now: T0 + 1 })).toBeNull();

      await store.feedback.recordShown({ ...shownKey, conversationIds: ['c3'], shownAt: T0 + 10, expiresAt: T0 + 10 + HOUR });
      expect((await store.feedback.shown({ ...shownKey, now: T0 + HOUR }))?.conversationIds).toEqual(['c3']);
      expect(await store.feedback.shown({ ...shownKey, now: T0 + 10 + HOUR })).toBeNull();
      expect(await store.feedback.pruneShown(T0 + HOUR)).toBe(0);
      expect(await store.feedback.pruneShown(T0 + 10 + HOUR)).toBe(1);
    });
  });

  describe('transactions', () => {
    it('when the function throws, then none of its writes remain', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.tenants.insert(sampleTenantRecord('org-1', T0));
          await tx.markers.upsertMany([
            { tenantId: 'org-1', conversationId: 'c1', jobId: 'j1', contactId: 'x', mergedAt: T0, mergedBy: { userId: 'u', name: null } },
          ]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.tenants.get('org-1')).toBeNull();
      expect(await store.markers.get('org-1', 'c1')).toBeNull();
    });

    it('when a statement fails inside, then the earlier writes of the transaction are undone', async () => {
      await store.outbox.enqueue({ id: 'evt-1', tenantId: 'org-1', type: 't', payload: '{}', createdAt: T0 });
      await expect(
        store.transaction(async (tx) => {
          await tx.tenants.insert(sampleTenantRecord('org-1', T0));
          await tx.outbox.enqueue({ id: 'evt-1', tenantId: 'org-1', type: 't', payload: '{}', createdAt: T0 });
        }),
      ).rejects.toThrow();
      expect(await store.tenants.get('org-1')).toBeNull();
      expect(await store.transaction(async (tx) => (await tx.outbox.get('evt-1'))?.id)).toBe('evt-1');
    });
  });

  describe('tenant data removal', () => {
    it("when a tenant's data is purged, then its rows are gone from every table but the audit log, and other tenants keep theirs", async () => {
      for (const id of ['org-1', 'org-2']) {
        await store.tenants.insert(sampleTenantRecord(id, T0));
        await store.jobs.insert({
          id: `job-${id}`,
          tenantId: id,
          actor: { userId: 'u1', name: 'Alex' },
          conversationIds: ['c1'],
          plan: samplePlan(['c1']),
          planHash: 'h',
          correlationId: null,
          now: T0,
        });
        await store.idempotency.insert({ tenantId: id, userId: 'u1', key: 'k', requestHash: 'h', jobId: `job-${id}`, createdAt: T0, expiresAt: T0 + HOUR });
        await store.markers.upsertMany([{ tenantId: id, conversationId: 'c1', jobId: `job-${id}`, contactId: 'x', mergedAt: T0, mergedBy: { userId: 'u1', name: null } }]);
        await store.outbox.enqueue({ id: `evt-${id}`, tenantId: id, type: 't', payload: JSON.stringify(sampleResult(['c1'])), createdAt: T0 });
        await store.outbox.recordAttempt({ eventId: `evt-${id}`, attempt: 1, at: T0, durationMs: 5, httpStatus: 500, error: null, outcome: 'retry', nextAttemptAt: T0 + 5000 });
        await store.feedback.record({ jobId: `job-${id}`, tenantId: id, userId: 'u1', at: T0, kept: ['c1'], removed: [], added: [] });
        await store.feedback.recordShown({ tenantId: id, userId: 'u1', anchorConversationId: 'c1', conversationIds: ['c2'], shownAt: T0, expiresAt: T0 + HOUR });
      }
      const counts = await store.purgeTenantData('org-1');
      expect(counts).toEqual({
        tenants: 1,
        merge_jobs: 1,
        idempotency_keys: 1,
        merged_conversations: 1,
        outbox_events: 1,
        delivery_attempts: 1,
        agent_feedback: 1,
        shown_selections: 1,
      });
      await store.checkpoint();
      expect(await store.tenants.get('org-1')).toBeNull();
      expect(await store.jobs.get('job-org-1')).toBeNull();
      expect(await store.jobs.get('job-org-2')).not.toBeNull();
      expect(await store.outbox.attempts('evt-org-2')).toHaveLength(1);
      expect(await store.feedback.shown({ tenantId: 'org-1', userId: 'u1', anchorConversationId: 'c1', now: T0 })).toBeNull();
      expect(await store.feedback.shown({ tenantId: 'org-2', userId: 'u1', anchorConversationId: 'c1', now: T0 })).not.toBeNull();
    });
  });
});
