import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxStore, type Store } from '../../server/src/store/index.js';
import { DIALECTS, createTestDatabase, truncateAll, type TestDatabase } from './support/databases.js';
import { samplePlan, sampleResult, sampleTenantRecord } from './support/fixtures.js';

const T0 = Date.parse('2026-11-26T10:00:00Z');
const LEASE = 30_000;

describe.each(DIALECTS)('jobs and outbox claims on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let replica: Store;

  const newJob = (id: string, now = T0) =>
    store.jobs.insert({
      id,
      tenantId: 'org-1',
      actor: { userId: 'u1', name: 'Alex Agent' },
      conversationIds: ['c1', 'c2'],
      plan: samplePlan(['c1', 'c2']),
      planHash: 'h',
      correlationId: 'corr-1',
      now,
    });
  const claim = (on: Store, owner: string, now: number, limit = 10) =>
    on.transaction((tx) => tx.jobs.claim({ now, limit, owner, leaseMs: LEASE }));

  beforeAll(async () => {
    database = await createTestDatabase(dialect, 'claims');
    store = await database.open();
    // A second store on one SQLite file in one process would block the event loop on the
    // other's write lock; SQLite replicas are separate processes (test/jobs covers that).
    replica = dialect === 'postgres' ? await database.open() : store;
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await truncateAll(store);
  });

  describe('jobs', () => {
    it('when a job is created, then it is queued with its plan and actor', async () => {
      const job = await newJob('job-1');
      expect(job).toMatchObject({
        status: 'queued',
        step: null,
        completedSteps: 0,
        attempts: 0,
        conversationIds: ['c1', 'c2'],
        actor: { userId: 'u1', name: 'Alex Agent' },
        correlationId: 'corr-1',
        version: 1,
      });
      expect(job.plan.conversationIds).toEqual(['c1', 'c2']);
    });

    it('when a job is claimed, then it is leased to one owner with an attempt counted, and not claimable again until the lease expires', async () => {
      await newJob('job-1');
      const [claimed] = await claim(store, 'a', T0);
      expect(claimed).toMatchObject({ status: 'running', leaseOwner: 'a', leaseExpiresAt: T0 + LEASE, attempts: 1, startedAt: T0 });
      expect(await claim(replica, 'b', T0 + LEASE - 1)).toEqual([]);
      const [again] = await claim(replica, 'b', T0 + LEASE);
      expect(again).toMatchObject({ leaseOwner: 'b', attempts: 2, startedAt: T0 });
    });

    it('when the lease is lost, then the old owner can neither save progress, complete, fail, release nor extend', async () => {
      await newJob('job-1');
      await claim(store, 'a', T0);
      await claim(replica, 'b', T0 + LEASE);
      const guard = { id: 'job-1', owner: 'a', now: T0 + LEASE + 1 };
      expect(await store.jobs.extendLease({ ...guard, leaseMs: LEASE })).toBe(false);
      expect(await store.jobs.saveProgress({ ...guard, step: 'validate', completedSteps: 1, state: { x: 1 }, leaseMs: LEASE })).toBeNull();
      expect(await store.jobs.complete({ ...guard, step: 'record', completedSteps: 6, state: {}, result: sampleResult(['c1']) })).toBeNull();
      expect(await store.jobs.fail({ ...guard, error: { code: 'x', message: 'x' } })).toBeNull();
      expect(await store.jobs.release({ ...guard, runAfter: T0 })).toBeNull();
      expect(await store.jobs.get('job-1')).toMatchObject({ status: 'running', leaseOwner: 'b', state: null });
    });

    it('when the owner saves progress, then state, step and lease move on and the version increases', async () => {
      const created = await newJob('job-1');
      await claim(store, 'a', T0);
      const saved = await store.jobs.saveProgress({
        id: 'job-1', owner: 'a', now: T0 + 10, step: 'merge_contacts', completedSteps: 2, state: { contactId: 'k' }, leaseMs: LEASE,
      });
      expect(saved).toMatchObject({ step: 'merge_contacts', completedSteps: 2, state: { contactId: 'k' }, leaseExpiresAt: T0 + 10 + LEASE });
      expect(saved!.version).toBeGreaterThan(created.version);
    });

    it('when a job is released for a retry, then it is claimable only from runAfter', async () => {
      await newJob('job-1');
      await claim(store, 'a', T0);
      const released = await store.jobs.release({ id: 'job-1', owner: 'a', now: T0 + 1, runAfter: T0 + 5000, state: { s: 1 } });
      expect(released).toMatchObject({ status: 'running', leaseOwner: null, runAfter: T0 + 5000, state: { s: 1 } });
      expect(await claim(store, 'b', T0 + 4999)).toEqual([]);
      expect((await claim(store, 'b', T0 + 5000)).map((job) => job.id)).toEqual(['job-1']);
    });

    it('when jobs finish, then completed and failed jobs are never claimed and counts reflect them', async () => {
      await newJob('job-1');
      await newJob('job-2', T0 + 1);
      await newJob('job-3', T0 + 2);
      await claim(store, 'a', T0 + 2, 2);
      await store.jobs.complete({ id: 'job-1', owner: 'a', now: T0 + 3, step: 'record', completedSteps: 6, state: {}, result: sampleResult(['c1']) });
      await store.jobs.fail({ id: 'job-2', owner: 'a', now: T0 + 3, error: { code: 'plan_invalid', message: 'no' } });
      expect(await store.jobs.countByStatus()).toEqual({ queued: 1, running: 0, succeeded: 1, failed: 1 });
      expect((await claim(store, 'b', T0 + 10 * LEASE)).map((job) => job.id)).toEqual(['job-3']);
      expect((await store.jobs.get('job-1'))?.result?.contactId).toBe('contact-canonical');
      expect((await store.jobs.get('job-2'))?.error).toEqual({ code: 'plan_invalid', message: 'no' });
      expect((await store.jobs.list({ tenantId: 'org-1', limit: 2 })).map((job) => job.id)).toEqual(['job-3', 'job-2']);
      expect((await store.jobs.list({ tenantId: 'org-1', status: 'failed', limit: 5 })).map((job) => job.id)).toEqual(['job-2']);
    });

    it('when two replicas claim at the same time, then every job is claimed exactly once', async () => {
      for (let i = 0; i < 30; i += 1) await newJob(`job-${String(i).padStart(2, '0')}`, T0 + i);
      const owners = [store, replica, store, replica, store, replica];
      const rounds = await Promise.all(owners.map((on, i) => claim(on, `owner-${i}`, T0 + 100, 7)));
      const ids = rounds.flat().map((job) => job.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(30);
    });
  });

  describe('outbox', () => {
    const endpoints = { webhookEndpoint: async (tenantId: string) => ({ tenantId, url: 'https://crm.example.com', secret: 'whsec_x', enabled: true }) };
    const enqueue = (id: string, at = T0, tenantId = 'org-1') =>
      store.outbox.enqueue({ id, tenantId, type: 'interaction.merged', payload: `{"id":"${id}"}`, createdAt: at });

    beforeEach(async () => {
      await store.tenants.insert(sampleTenantRecord('org-1', T0));
    });

    it('when events are due, then they are claimed oldest first with a lease, once, with their exact payload', async () => {
      const outbox = createOutboxStore({ store, endpoints });
      await enqueue('e2', T0 + 1);
      await enqueue('e1', T0);
      const claimed = await outbox.claimDue({ now: T0 + 5, limit: 10, leaseMs: 1000, owner: 'relay-a' });
      expect(claimed.map((event) => [event.id, event.payload, event.status, event.attempts])).toEqual([
        ['e1', '{"id":"e1"}', 'pending', 0],
        ['e2', '{"id":"e2"}', 'pending', 0],
      ]);
      expect(await outbox.claimDue({ now: T0 + 5, limit: 10, leaseMs: 1000, owner: 'relay-b' })).toEqual([]);
      expect((await outbox.claimDue({ now: T0 + 1005, limit: 10, leaseMs: 1000, owner: 'relay-b' })).length).toBe(2);
      expect(await outbox.countPending()).toBe(2);
    });

    it('when attempts are recorded, then the event follows their outcomes and keeps its history', async () => {
      const outbox = createOutboxStore({ store, endpoints });
      await enqueue('e1');
      await outbox.claimDue({ now: T0, limit: 1, leaseMs: 1000, owner: 'r' });
      await outbox.recordAttempt({ eventId: 'e1', attempt: 1, at: T0, durationMs: 12, httpStatus: 503, error: null, outcome: 'retry', nextAttemptAt: T0 + 5000 });
      expect(await store.outbox.get('e1')).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 5000, lastStatus: 503 });
      expect(await outbox.claimDue({ now: T0 + 4999, limit: 1, leaseMs: 1000, owner: 'r' })).toEqual([]);
      expect(await outbox.claimDue({ now: T0 + 5000, limit: 1, leaseMs: 1000, owner: 'r' })).toHaveLength(1);
      await outbox.recordAttempt({ eventId: 'e1', attempt: 2, at: T0 + 5000, durationMs: 8, httpStatus: 204, error: null, outcome: 'delivered', nextAttemptAt: null });
      expect(await store.outbox.get('e1')).toMatchObject({ status: 'delivered', attempts: 2, deliveredAt: T0 + 5000 });
      expect((await outbox.attempts('e1')).map((a) => [a.attempt, a.outcome, a.httpStatus])).toEqual([[1, 'retry', 503], [2, 'delivered', 204]]);
      expect(await outbox.countPending()).toBe(0);
    });

    it('when an event is dead-lettered and replayed, then it is pending again with the same id', async () => {
      const outbox = createOutboxStore({ store, endpoints });
      await enqueue('e1');
      await enqueue('e2');
      await outbox.recordAttempt({ eventId: 'e1', attempt: 10, at: T0, durationMs: 1, httpStatus: null, error: 'timeout', outcome: 'dead', nextAttemptAt: null });
      expect((await outbox.list({ tenantId: 'org-1', status: 'dead', limit: 10 })).map((e) => e.id)).toEqual(['e1']);
      expect(await outbox.replay({ tenantId: 'org-2', now: T0 + 1 })).toBe(0);
      expect(await outbox.replay({ tenantId: 'org-1', eventIds: ['e1', 'e2'], now: T0 + 1 })).toBe(1);
      expect(await store.outbox.get('e1')).toMatchObject({ status: 'pending', nextAttemptAt: T0 + 1, attempts: 10 });
    });

    it('when the receiver answered 410, then the endpoint is disabled, nothing is claimed, and a replay re-enables it', async () => {
      const outbox = createOutboxStore({ store, endpoints });
      await enqueue('e1');
      await enqueue('e2', T0 + 1);
      await outbox.recordAttempt({ eventId: 'e1', attempt: 1, at: T0, durationMs: 1, httpStatus: 410, error: null, outcome: 'disabled', nextAttemptAt: null });
      await outbox.disableEndpoint('org-1', 'receiver answered 410');
      expect(await store.outbox.endpoint('org-1')).toMatchObject({ enabled: false });
      expect((await store.tenants.get('org-1'))?.crmWebhook?.disabledReason).toBe('receiver answered 410');
      expect(await outbox.claimDue({ now: T0 + 10, limit: 10, leaseMs: 1000, owner: 'r' })).toEqual([]);
      expect(await outbox.replay({ tenantId: 'org-1', now: T0 + 20 })).toBe(1);
      expect(await store.outbox.endpoint('org-1')).toMatchObject({ enabled: true });
      expect((await outbox.claimDue({ now: T0 + 20, limit: 10, leaseMs: 1000, owner: 'r' })).map((e) => e.id)).toEqual(['e2', 'e1']);
    });

    it('when a tenant has no webhook, then its events wait unclaimed', async () => {
      const outbox = createOutboxStore({ store, endpoints });
      await store.tenants.update('org-1', { crmWebhook: null }, T0);
      await enqueue('e1');
      expect(await outbox.claimDue({ now: T0, limit: 10, leaseMs: 1000, owner: 'r' })).toEqual([]);
      expect(await outbox.countPending()).toBe(1);
    });

    it('when two relays claim at the same time, then no event is leased to both', async () => {
      for (let i = 0; i < 20; i += 1) await enqueue(`e${String(i).padStart(2, '0')}`, T0 + i);
      const a = createOutboxStore({ store, endpoints });
      const b = createOutboxStore({ store: replica, endpoints });
      const claims = await Promise.all([a, b, a, b].map((outbox, i) => outbox.claimDue({ now: T0 + 100, limit: 6, leaseMs: 1000, owner: `r${i}` })));
      const ids = claims.flat().map((event) => event.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(20);
    });

    it('when events are listed, then newest come first and `before` pages back', async () => {
      const outbox = createOutboxStore({ store, endpoints });
      for (let i = 0; i < 5; i += 1) await enqueue(`e${i}`, T0 + i);
      expect((await outbox.list({ tenantId: 'org-1', limit: 2 })).map((e) => e.id)).toEqual(['e4', 'e3']);
      expect((await outbox.list({ tenantId: 'org-1', limit: 2, before: T0 + 3 })).map((e) => e.id)).toEqual(['e2', 'e1']);
      expect(await outbox.getEndpoint('org-1')).toMatchObject({ secret: 'whsec_x' });
    });
  });
});
