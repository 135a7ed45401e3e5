import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJobNotifier, toProgressEvent, watchJob, type JobNotifier } from '../../server/src/jobs/index.js';
import type { JobRecord, Store } from '../../server/src/store/index.js';
import { DIALECTS, createTestDatabase, truncateAll, type TestDatabase } from '../store/support/databases.js';
import { samplePlan, sampleResult } from '../store/support/fixtures.js';
import { createSteppedClock, type SteppedClock } from './support/stepped-clock.js';

const POLL = 1000;

describe.each(DIALECTS)('watching a job on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let clock: SteppedClock;
  let notifier: JobNotifier;

  const newJob = () =>
    store.jobs.insert({
      id: 'job-1',
      tenantId: 'org-1',
      actor: { userId: 'agent-1', name: null },
      conversationIds: ['c1', 'c2'],
      plan: samplePlan(['c1', 'c2']),
      planHash: 'h',
      correlationId: null,
      now: clock.now(),
    });
  /** Collects what the watcher yields, in the background. */
  const collect = (iterator: AsyncGenerator<JobRecord>) => {
    const seen: JobRecord[] = [];
    const done = (async () => {
      for await (const job of iterator) seen.push(job);
    })();
    return { seen, done };
  };
  /** Waits for database round trips (not for time: the clock is stepped). */
  const until = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true), { timeout: 10_000, interval: 5 });
  /** Moves time once the watcher is waiting for its next poll. */
  const nextPoll = async () => {
    await until(() => clock.sleepers() > 0);
    await clock.advance(POLL);
  };

  beforeAll(async () => {
    database = await createTestDatabase(dialect, 'watch');
    store = await database.open();
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await truncateAll(store);
    clock = createSteppedClock();
    notifier = createJobNotifier();
  });

  it('when this process makes progress, then the watcher gets every change at once and ends with the finished job', async () => {
    await newJob();
    const { seen, done } = collect(watchJob({ store, clock, notifier, jobId: 'job-1', tenantId: 'org-1', pollIntervalMs: POLL }));
    await until(() => seen.length === 1);
    const [claimed] = await store.transaction((tx) => tx.jobs.claim({ now: clock.now(), limit: 1, owner: 'w', leaseMs: 30_000 }));
    notifier.publish(claimed!);
    await until(() => seen.length === 2);
    const saved = await store.jobs.saveProgress({ id: 'job-1', owner: 'w', now: clock.now(), step: 'validate', completedSteps: 1, state: {}, leaseMs: 30_000 });
    notifier.publish(saved!);
    notifier.publish(saved!); // a duplicate is not repeated
    const finished = await store.jobs.complete({ id: 'job-1', owner: 'w', now: clock.now(), step: 'record', completedSteps: 6, state: {}, result: sampleResult(['c1']) });
    notifier.publish(finished!);
    await done;
    expect(seen.map((job) => toProgressEvent(job))).toEqual([
      { jobId: 'job-1', status: 'queued', step: null, completedSteps: 0, totalSteps: 6 },
      { jobId: 'job-1', status: 'running', step: null, completedSteps: 0, totalSteps: 6 },
      { jobId: 'job-1', status: 'running', step: 'validate', completedSteps: 1, totalSteps: 6 },
      { jobId: 'job-1', status: 'succeeded', step: 'record', completedSteps: 6, totalSteps: 6 },
    ]);
    expect(clock.sleepers()).toBe(0);
  });

  it("when another replica makes progress, then the watcher sees it at the next poll", async () => {
    await newJob();
    const { seen, done } = collect(watchJob({ store, clock, notifier, jobId: 'job-1', tenantId: 'org-1', pollIntervalMs: POLL }));
    await until(() => seen.length === 1);
    await store.transaction((tx) => tx.jobs.claim({ now: clock.now(), limit: 1, owner: 'elsewhere', leaseMs: 30_000 }));
    await store.jobs.saveProgress({ id: 'job-1', owner: 'elsewhere', now: clock.now(), step: 'merge_contacts', completedSteps: 2, state: {}, leaseMs: 30_000 });
    expect(seen).toHaveLength(1);
    await nextPoll();
    await until(() => seen.length === 2);
    expect(seen[1]).toMatchObject({ status: 'running', step: 'merge_contacts', completedSteps: 2 });
    await store.jobs.fail({ id: 'job-1', owner: 'elsewhere', now: clock.now(), error: { code: 'x', message: 'x' } });
    await nextPoll();
    await done;
    expect(seen.at(-1)).toMatchObject({ status: 'failed' });
  });

  it('when the client goes away, then the watch ends and stops polling', async () => {
    await newJob();
    const controller = new AbortController();
    const { seen, done } = collect(watchJob({ store, clock, notifier, jobId: 'job-1', tenantId: 'org-1', pollIntervalMs: POLL, signal: controller.signal }));
    await until(() => seen.length === 1);
    controller.abort();
    await done;
    expect(clock.sleepers()).toBe(0);
  });

  it("when the job belongs to another tenant, then watching it is not found", async () => {
    await newJob();
    await expect(collect(watchJob({ store, clock, notifier, jobId: 'job-1', tenantId: 'org-2', pollIntervalMs: POLL })).done).rejects.toMatchObject({ status: 404 });
  });
});
