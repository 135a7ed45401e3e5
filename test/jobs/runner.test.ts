import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAuditLog, type AuditLog } from '../../server/src/audit/index.js';
import {
  createJobNotifier,
  createJobQueue,
  createJobRunner,
  outboxEventId,
  toProgressEvent,
  type JobNotifier,
  type JobQueue,
  type JobRunner,
  type JobRunnerDeps,
} from '../../server/src/jobs/index.js';
import type { JobRecord, Store } from '../../server/src/store/index.js';
import { DIALECTS, createTestDatabase, truncateAll, type TestDatabase } from '../store/support/databases.js';
import { samplePlan } from '../store/support/fixtures.js';
import { createFakeExecutor, type FakeExecutor } from './support/fake-executor.js';
import { createSteppedClock, type SteppedClock } from './support/stepped-clock.js';

const LEASE = 30_000;
const BEAT = 10_000;
const ALL_ONCE = { validate: 1, merge_contacts: 1, associate: 1, confirm: 1, reconcile: 1, record: 1 };
const silent = pino({ level: 'silent' });
/** Waits for I/O-driven effects (database round trips), not for time: the clock is stepped. */
const eventually = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 10_000, interval: 10 });

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe.each(DIALECTS)('job runner on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let clock: SteppedClock;
  let audit: AuditLog;
  let notifier: JobNotifier;
  let queue: JobQueue;
  let executor: FakeExecutor;
  const runners: JobRunner[] = [];

  const makeRunner = (overrides: Partial<JobRunnerDeps> = {}) => {
    const runner = createJobRunner({
      store,
      executor,
      clock,
      logger: silent,
      notifier,
      audit,
      leaseMs: LEASE,
      heartbeatMs: BEAT,
      pollIntervalMs: 1000,
      maxAttempts: 3,
      concurrency: 4,
      backoffMs: (attempt) => 1000 * attempt,
      ...overrides,
    });
    runners.push(runner);
    return runner;
  };
  const submit = async (n = 1) => {
    const conversationIds = [`conv-${n}-a`, `conv-${n}-b`];
    const { job } = await queue.submit({
      tenantId: 'org-1',
      actor: { userId: 'agent-1', name: 'Alex Agent' },
      idempotencyKey: `key-${n}`,
      request: { conversationIds, planHash: `plan-${n}` },
      plan: samplePlan(conversationIds, `plan-${n}`),
      correlationId: `req-${n}`,
    });
    return job;
  };
  const job = async (id: string) => (await store.jobs.get(id))!;
  const runToEnd = async (runner: JobRunner) => {
    await runner.tick();
    await runner.idle();
  };

  beforeAll(async () => {
    database = await createTestDatabase(dialect, 'runner');
    store = await database.open();
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await truncateAll(store);
    clock = createSteppedClock();
    audit = createAuditLog({ store, auditKey: randomBytes(32), clock });
    notifier = createJobNotifier();
    queue = createJobQueue({ store, clock, idempotencyTtlMs: 86_400_000, notifier, audit });
    executor = createFakeExecutor();
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop({ graceMs: 0 });
  });

  it('when a job runs, then every step runs once with the state of the step before, progress is persisted after each, and the completion writes markers, one outbox event and the audit entry', async () => {
    const submitted = await submit();
    const progress: number[] = [];
    notifier.subscribe(submitted.id, (j) => progress.push(toProgressEvent(j).completedSteps));
    await runToEnd(makeRunner());

    const done = await job(submitted.id);
    expect(done).toMatchObject({ status: 'succeeded', step: 'record', completedSteps: 6, attempts: 1, leaseOwner: null, error: null });
    expect(done.result?.contactId).toBe('contact-canonical');
    expect(done.state).toMatchObject({ next: 6 });
    expect(executor.effectsOf(submitted.id)).toEqual(ALL_ONCE);
    expect(progress).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([...(await store.markers.getMany('org-1', submitted.conversationIds)).values()].map((m) => [m.conversationId, m.contactId, m.jobId, m.mergedBy.name])).toEqual([
      ['conv-1-a', 'contact-canonical', submitted.id, 'Alex Agent'],
      ['conv-1-b', 'contact-canonical', submitted.id, 'Alex Agent'],
    ]);
    const event = await store.outbox.get(outboxEventId(submitted.id));
    expect(event).toMatchObject({ tenantId: 'org-1', type: 'interaction.merged', status: 'pending', payload: `{"jobId":"${submitted.id}","contactId":"contact-canonical"}` });
    expect((await audit.query({ tenantId: 'org-1', limit: 5 })).map((e) => e.action)).toEqual(['merge.succeeded', 'merge.requested']);
    expect((await audit.verify()).ok).toBe(true);
  });

  it('when a process dies mid-step, then after its lease expires another runner resumes from the last persisted step and completes once', async () => {
    const submitted = await submit();
    const never = deferred();
    executor.behave(submitted.id, 'associate', { kind: 'block', until: never.promise });
    const crashed = makeRunner({ clock: clock.frozen(), owner: 'crashed' });
    await crashed.tick();
    await eventually(async () => expect((await job(submitted.id)).completedSteps).toBe(2));

    const survivor = makeRunner({ owner: 'survivor' });
    await clock.advance(LEASE - 1);
    expect(await survivor.tick()).toEqual([]);
    await clock.advance(1);
    executor.behave(submitted.id, 'associate', { kind: 'throw', times: 0 });
    await runToEnd(survivor);

    const done = await job(submitted.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(executor.effectsOf(submitted.id)).toEqual(ALL_ONCE);
    expect(executor.calls.get(`${submitted.id}:validate`)).toBe(1);
    expect(executor.calls.get(`${submitted.id}:associate`)).toBe(2);

    // The frozen process wakes up: its late step changes nothing in the store.
    never.resolve();
    await eventually(() => expect(crashed.running()).toBe(0));
    expect(await job(submitted.id)).toMatchObject({ status: 'succeeded', version: done.version, leaseOwner: null });
    expect(await store.outbox.list({ tenantId: 'org-1', limit: 10 })).toHaveLength(1);
    expect((await audit.query({ tenantId: 'org-1', action: 'merge.succeeded', limit: 10 })).length).toBe(1);
  });

  it('when the completion transaction fails, then neither success, markers, outbox event nor audit entry are kept, and the job later completes', async () => {
    const submitted = await submit();
    await store.outbox.enqueue({ id: outboxEventId(submitted.id), tenantId: 'org-1', type: 'blocker', payload: '{}', createdAt: clock.now() });
    const runner = makeRunner();
    await runToEnd(runner);

    const stuck = await job(submitted.id);
    expect(stuck).toMatchObject({ status: 'running', completedSteps: 5, result: null });
    expect((await store.markers.getMany('org-1', submitted.conversationIds)).size).toBe(0);
    expect((await store.outbox.get(outboxEventId(submitted.id)))?.type).toBe('blocker');
    expect((await audit.query({ tenantId: 'org-1', action: 'merge.succeeded', limit: 5 })).length).toBe(0);
    expect((await audit.verify()).ok).toBe(true);

    await store.db.deleteFrom('outbox_events').execute();
    await clock.advance(LEASE);
    await runToEnd(runner);
    expect(await job(submitted.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(executor.effectsOf(submitted.id)).toEqual({ ...ALL_ONCE, record: 2 });
    expect((await store.markers.getMany('org-1', submitted.conversationIds)).size).toBe(2);
    expect((await store.outbox.get(outboxEventId(submitted.id)))?.type).toBe('interaction.merged');
  });

  it('when a step runs long, then heartbeats renew the lease so no other runner takes the job', async () => {
    const submitted = await submit();
    const release = deferred();
    executor.behave(submitted.id, 'confirm', { kind: 'block', until: release.promise });
    const runner = makeRunner({ owner: 'busy' });
    await runner.tick();
    await eventually(async () => expect(executor.calls.get(`${submitted.id}:confirm`)).toBe(1));
    const other = makeRunner({ owner: 'other' });
    for (let beat = 1; beat <= 9; beat += 1) {
      await eventually(() => expect(clock.sleepers()).toBe(1)); // the heartbeat waits for its next beat
      await clock.advance(BEAT);
      await eventually(async () => expect((await job(submitted.id)).leaseExpiresAt).toBe(clock.now() + LEASE));
    }
    expect(await other.tick()).toEqual([]);
    release.resolve();
    await runner.idle();
    expect(await job(submitted.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('when another runner takes over a job, then the heartbeat notices and aborts the step, and only the new owner finishes it', async () => {
    const submitted = await submit();
    const release = deferred();
    executor.behave(submitted.id, 'confirm', { kind: 'block', until: release.promise });
    const first = makeRunner({ owner: 'first' });
    await first.tick();
    await eventually(async () => expect(executor.calls.get(`${submitted.id}:confirm`)).toBe(1));
    const signal = executor.signals.get(`${submitted.id}:confirm`)!;
    // The lease ran out while this process was paused (say, a long GC): another replica claims it.
    await store.db.updateTable('merge_jobs').set({ lease_expires_at: clock.now() - 1 }).execute();
    const second = makeRunner({ owner: 'second', clock: clock.frozen() });
    executor.behave(submitted.id, 'confirm', { kind: 'throw', times: 0 });
    expect(await second.tick()).toEqual([submitted.id]);
    await second.idle();
    await clock.advance(BEAT);
    await eventually(() => expect(signal.aborted).toBe(true));
    await first.idle();
    expect(await job(submitted.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(executor.effectsOf(submitted.id)).toEqual(ALL_ONCE);
  });

  it('when the executor asks to retry, then the job waits that long, keeps its progress and completes', async () => {
    const submitted = await submit();
    executor.behave(submitted.id, 'merge_contacts', { kind: 'retry', afterMs: 5000, times: 1 });
    const runner = makeRunner();
    await runToEnd(runner);
    expect(await job(submitted.id)).toMatchObject({ status: 'running', leaseOwner: null, completedSteps: 1, runAfter: clock.now() + 5000 });
    await clock.advance(4999);
    expect(await runner.tick()).toEqual([]);
    await clock.advance(1);
    await runToEnd(runner);
    expect(await job(submitted.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(executor.effectsOf(submitted.id)).toEqual(ALL_ONCE);
  });

  it('when a step keeps throwing, then it is retried with back-off and fails as attempts_exhausted after the last attempt', async () => {
    const submitted = await submit();
    executor.behave(submitted.id, 'associate', { kind: 'throw', times: 99 });
    const runner = makeRunner({ maxAttempts: 3 });
    await runToEnd(runner);
    expect(await job(submitted.id)).toMatchObject({ status: 'running', attempts: 1, runAfter: clock.now() + 1000 });
    await clock.advance(1000);
    await runToEnd(runner);
    expect(await job(submitted.id)).toMatchObject({ status: 'running', attempts: 2, runAfter: clock.now() + 2000 });
    await clock.advance(2000);
    await runToEnd(runner);
    const failed = await job(submitted.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, error: { code: 'attempts_exhausted' } });
    expect(executor.effectsOf(submitted.id)).toMatchObject({ validate: 1, merge_contacts: 1, associate: 0, record: 0 });
    expect((await audit.query({ tenantId: 'org-1', action: 'merge.failed', limit: 5 }))[0]?.details).toMatchObject({ code: 'attempts_exhausted' });
  });

  it('when a job keeps crashing its process, then it is failed without running again once attempts are exhausted', async () => {
    const submitted = await submit();
    for (let crash = 1; crash <= 3; crash += 1) {
      await store.transaction((tx) => tx.jobs.claim({ now: clock.now(), limit: 1, owner: `dead-${crash}`, leaseMs: LEASE }));
      await clock.advance(LEASE);
    }
    await runToEnd(makeRunner({ maxAttempts: 3 }));
    expect(await job(submitted.id)).toMatchObject({ status: 'failed', attempts: 4, error: { code: 'attempts_exhausted' } });
    expect(executor.calls.size).toBe(0);
  });

  it('when the executor reports a permanent failure, then the job fails with that error and writes no marker or event', async () => {
    const submitted = await submit();
    executor.behave(submitted.id, 'validate', { kind: 'fail' });
    await runToEnd(makeRunner());
    expect(await job(submitted.id)).toMatchObject({ status: 'failed', error: { code: 'continuity_conflict' }, completedSteps: 0 });
    expect((await store.markers.getMany('org-1', submitted.conversationIds)).size).toBe(0);
    expect(await store.outbox.list({ tenantId: 'org-1', limit: 5 })).toEqual([]);
  });

  it('when steps retry, throw and fail, then the observer hears which step did not complete, how, and why', async () => {
    const failures: Array<{ jobId: string; step: string; kind: string; reason: string }> = [];
    const observer = {
      stepFailed: (failed: JobRecord, step: string, failure: { kind: string; reason: string }) =>
        failures.push({ jobId: failed.id, step, kind: failure.kind, reason: failure.reason }),
    };
    const retried = await submit(1);
    const thrown = await submit(2);
    const refused = await submit(3);
    executor.behave(retried.id, 'merge_contacts', { kind: 'retry', afterMs: 5000, times: 1 });
    executor.behave(thrown.id, 'associate', { kind: 'throw', times: 1 });
    executor.behave(refused.id, 'validate', { kind: 'fail' });
    await runToEnd(makeRunner({ observer }));
    expect(failures.sort((a, b) => a.jobId.localeCompare(b.jobId))).toEqual(
      [
        { jobId: retried.id, step: 'merge_contacts', kind: 'retried', reason: 'rate_limited' },
        { jobId: thrown.id, step: 'associate', kind: 'retried', reason: 'error' },
        { jobId: refused.id, step: 'validate', kind: 'failed', reason: 'continuity_conflict' },
      ].sort((a, b) => a.jobId.localeCompare(b.jobId)),
    );
  });

  it('when two runners poll the same jobs at once, then no job or step ever runs twice', async () => {
    const ids: string[] = [];
    for (let n = 1; n <= 12; n += 1) ids.push((await submit(n)).id);
    const second = dialect === 'postgres' ? await database.open() : store;
    const a = makeRunner({ owner: 'a', concurrency: 3 });
    const b = makeRunner({ owner: 'b', concurrency: 3, store: second });
    for (let round = 0; round < 20; round += 1) {
      await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      await Promise.all([a.idle(), b.idle()]);
    }
    for (const id of ids) {
      expect(await job(id)).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(executor.effectsOf(id)).toEqual(ALL_ONCE);
    }
    expect(await store.outbox.countPending()).toBe(12);
    const owners = await store.db.selectFrom('merge_jobs').select('id').execute();
    expect(owners).toHaveLength(12);
  });

  it('when the runner starts, then jobs left by a crashed process are resumed without waiting for a poll, and new submissions wake it', async () => {
    const orphan = await submit(1);
    await store.transaction((tx) => tx.jobs.claim({ now: clock.now() - LEASE, limit: 1, owner: 'crashed', leaseMs: LEASE }));
    const runner = makeRunner();
    runner.start();
    await eventually(async () => expect((await job(orphan.id)).status).toBe('succeeded'));
    const fresh = await submit(2);
    await eventually(async () => expect((await job(fresh.id)).status).toBe('succeeded'));
    await runner.stop();
    expect(executor.effectsOf(fresh.id)).toEqual(ALL_ONCE);
  });

  it('when the runner stops during a step, then the step finishes, its progress is kept and the job is released for another replica', async () => {
    const submitted = await submit();
    const release = deferred();
    executor.behave(submitted.id, 'associate', { kind: 'block', until: release.promise });
    const runner = makeRunner({ owner: 'leaving' });
    await runner.tick();
    await eventually(() => expect(executor.calls.get(`${submitted.id}:associate`)).toBe(1));
    const stopped = runner.stop();
    release.resolve();
    await stopped;
    expect(await job(submitted.id)).toMatchObject({ status: 'running', leaseOwner: null, completedSteps: 3, runAfter: clock.now() });
    await runToEnd(makeRunner({ owner: 'next' }));
    expect(await job(submitted.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(executor.effectsOf(submitted.id)).toEqual(ALL_ONCE);
  });

  it('when the runner has polled for an hour, then expired idempotency keys are pruned', async () => {
    await store.idempotency.insert({ tenantId: 'org-1', userId: 'u', key: 'old', requestHash: 'h', jobId: 'j', createdAt: clock.now(), expiresAt: clock.now() + 1000 });
    const runner = makeRunner({ pruneEveryMs: 3_600_000 });
    runner.start();
    await clock.advance(3_600_000);
    await eventually(async () => expect(await store.db.selectFrom('idempotency_keys').selectAll().execute()).toEqual([]));
    await runner.stop();
  });

  it('when a job of a removed tenant is running, then the runner stops without writing anything back', async () => {
    const submitted = await submit();
    const release = deferred();
    executor.behave(submitted.id, 'confirm', { kind: 'block', until: release.promise });
    const runner = makeRunner();
    await runner.tick();
    await eventually(() => expect(executor.calls.get(`${submitted.id}:confirm`)).toBe(1));
    await store.purgeTenantData('org-1');
    release.resolve();
    await runner.idle();
    expect(await store.jobs.get(submitted.id)).toBeNull();
    expect(await store.outbox.list({ tenantId: 'org-1', limit: 5 })).toEqual([]);
  });

  it('keeps JobRecord fields typed for the HTTP layer', async () => {
    const submitted: JobRecord = await submit();
    expect(typeof submitted.createdAt).toBe('number');
  });
});
