import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditLog } from '../../server/src/audit/index.js';
import { createManualClock, type ManualClock } from '../../server/src/clock/index.js';
import { AppError } from '../../server/src/errors/index.js';
import { createJobNotifier, createJobQueue, toJobView, toProgressEvent, type JobQueue } from '../../server/src/jobs/index.js';
import type { JobRecord, Store } from '../../server/src/store/index.js';
import { DIALECTS, createTestDatabase, truncateAll, type TestDatabase } from '../store/support/databases.js';
import { samplePlan } from '../store/support/fixtures.js';

const HOUR = 3_600_000;

describe.each(DIALECTS)('job queue on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let clock: ManualClock;
  let audit: AuditLog;
  let queue: JobQueue;
  let published: JobRecord[];
  let wakes: number;

  const submit = (overrides: { key?: string; userId?: string; conversationIds?: string[]; planHash?: string; currentHash?: string } = {}) => {
    const conversationIds = overrides.conversationIds ?? ['conv-1', 'conv-2'];
    const planHash = overrides.planHash ?? 'plan-1';
    return queue.submit({
      tenantId: 'org-1',
      actor: { userId: overrides.userId ?? 'agent-1', name: 'Alex Agent' },
      idempotencyKey: overrides.key ?? 'key-1',
      request: { conversationIds, planHash },
      plan: samplePlan(conversationIds, overrides.currentHash ?? planHash),
      correlationId: 'req-1',
    });
  };
  const jobCount = async () => (await store.db.selectFrom('merge_jobs').select('id').execute()).length;

  beforeAll(async () => {
    database = await createTestDatabase(dialect, 'queue');
    store = await database.open();
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await truncateAll(store);
    clock = createManualClock();
    audit = createAuditLog({ store, auditKey: randomBytes(32), clock });
    const notifier = createJobNotifier();
    published = [];
    wakes = 0;
    const spy = { ...notifier, publish: (job: JobRecord) => published.push(job), submitted: () => (wakes += 1) };
    queue = createJobQueue({ store, clock, idempotencyTtlMs: 24 * HOUR, notifier: spy, audit });
  });

  it('when a merge is submitted, then a queued job is stored, announced and audited', async () => {
    const { job, created } = await submit();
    expect(created).toBe(true);
    expect(job).toMatchObject({ status: 'queued', tenantId: 'org-1', planHash: 'plan-1', correlationId: 'req-1', actor: { userId: 'agent-1', name: 'Alex Agent' } });
    expect(published.map((j) => j.id)).toEqual([job.id]);
    expect(wakes).toBe(1);
    const [entry] = await audit.query({ tenantId: 'org-1', limit: 1 });
    expect(entry).toMatchObject({ action: 'merge.requested', ids: { jobId: job.id, conversationIds: ['conv-1', 'conv-2'] }, correlationId: 'req-1' });
    expect(toJobView(job)).toEqual({
      id: job.id,
      status: 'queued',
      step: null,
      conversationIds: ['conv-1', 'conv-2'],
      createdAt: new Date(clock.now()).toISOString(),
      updatedAt: new Date(clock.now()).toISOString(),
      result: null,
      error: null,
    });
    expect(toProgressEvent(job)).toEqual({ jobId: job.id, status: 'queued', step: null, completedSteps: 0, totalSteps: 6 });
  });

  it('when a merge is submitted with the state of the step run while accepting it, then the job is stored with that state and step, and a claim hands them on', async () => {
    const conversationIds = ['conv-1', 'conv-2'];
    const state = { version: 1, next: 'merge_contacts', note: 'validated while accepted' };
    const { job } = await queue.submit({
      tenantId: 'org-1',
      actor: { userId: 'agent-1', name: 'Alex Agent' },
      idempotencyKey: 'key-initial',
      request: { conversationIds, planHash: 'plan-1' },
      plan: samplePlan(conversationIds, 'plan-1'),
      initial: { state, step: 'validate' },
    });
    expect(job).toMatchObject({ status: 'queued', step: 'validate', completedSteps: 1, state });
    expect(toProgressEvent(job)).toMatchObject({ step: 'validate', completedSteps: 1 });
    const [claimed] = await store.transaction((tx) => tx.jobs.claim({ now: clock.now(), limit: 1, owner: 'replica-b', leaseMs: 30_000 }));
    expect(claimed).toMatchObject({ id: job.id, status: 'running', step: 'validate', completedSteps: 1, state, attempts: 1 });
  });

  it('when the same key comes with the same body, then the same job is returned and nothing new is queued', async () => {
    const first = await submit();
    const again = await submit({ conversationIds: ['conv-2', 'conv-1', 'conv-2'] });
    expect(again).toEqual({ job: first.job, created: false });
    expect(await jobCount()).toBe(1);
    expect(wakes).toBe(1);
    expect(await queue.lookup({ tenantId: 'org-1', actor: { userId: 'agent-1', name: null }, idempotencyKey: 'key-1', request: { conversationIds: ['conv-1', 'conv-2'], planHash: 'plan-1' } })).toEqual(first.job);
  });

  it('when the same key comes with another body, then 422 idempotency_key_reused and nothing is queued', async () => {
    await submit();
    for (const other of [{ conversationIds: ['conv-1', 'conv-3'] }, { planHash: 'plan-2' }]) {
      const error = await submit(other).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    }
    expect(await jobCount()).toBe(1);
  });

  it('when the plan changed since the preview, then 409 plan_changed and nothing is queued', async () => {
    await expect(submit({ currentHash: 'plan-9' })).rejects.toMatchObject({ status: 409, code: 'plan_changed' });
    expect(await jobCount()).toBe(0);
    expect(await queue.lookup({ tenantId: 'org-1', actor: { userId: 'agent-1', name: null }, idempotencyKey: 'key-1', request: { conversationIds: ['conv-1'], planHash: 'x' } })).toBeNull();
  });

  it('when another agent uses the same key, then they get their own job', async () => {
    const mine = await submit();
    const theirs = await submit({ userId: 'agent-2' });
    expect(theirs.created).toBe(true);
    expect(theirs.job.id).not.toBe(mine.job.id);
  });

  it('when the key is older than 24 hours, then it is forgotten and a new job is queued', async () => {
    const first = await submit();
    clock.advance(24 * HOUR);
    const later = await submit({ planHash: 'plan-2' });
    expect(later.created).toBe(true);
    expect(later.job.id).not.toBe(first.job.id);
  });

  it('when the key is malformed, then 400 naming Idempotency-Key', async () => {
    for (const key of ['', 'has space', 'x'.repeat(256), 'naïve']) {
      await expect(submit({ key })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('Idempotency-Key') });
    }
    expect(await jobCount()).toBe(0);
  });

  it('when the same request is sent many times at once, then exactly one job exists and every answer names it', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => submit()));
    expect(new Set(answers.map((answer) => answer.job.id)).size).toBe(1);
    expect(answers.filter((answer) => answer.created)).toHaveLength(1);
    expect(await jobCount()).toBe(1);
  });

  it("when a job is read by another tenant, then it is not found", async () => {
    const { job } = await submit();
    expect((await queue.get('org-1', job.id)).id).toBe(job.id);
    await expect(queue.get('org-2', job.id)).rejects.toMatchObject({ status: 404 });
    expect((await queue.list({ tenantId: 'org-1', limit: 5 })).map((j) => j.id)).toEqual([job.id]);
  });
});
