import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuditLog } from '../../server/src/audit/index.js';
import { systemClock, type Clock } from '../../server/src/clock/index.js';
import type { MergeStep } from '../../server/src/http/contract.js';
import { createJobQueue, createJobRunner, outboxEventId } from '../../server/src/jobs/index.js';
import type { Store } from '../../server/src/store/index.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../store/support/databases.js';
import { samplePlan } from '../store/support/fixtures.js';
import { createDurableExecutor, effectCounts } from './support/durable-executor.js';

const WORKER = resolve(import.meta.dirname, 'fixtures/crash-worker.ts');
const LEASE = 60_000;

/** Runs the worker to its SIGKILL; resolves with how it ended. */
function runWorker(config: object): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      env: { ...process.env, CRASH_WORKER: JSON.stringify(config) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolvePromise({ code, signal, stderr }));
  });
}

const kills: Array<{ at: 'after-effect' | 'after-persist' | 'in-completion'; step: MergeStep; twice: MergeStep | null }> = [
  { at: 'after-effect', step: 'merge_contacts', twice: 'merge_contacts' },
  { at: 'after-persist', step: 'associate', twice: null },
  { at: 'after-effect', step: 'record', twice: 'record' },
  { at: 'in-completion', step: 'record', twice: 'record' },
];

describe.each(DIALECTS)('a merge worker killed with SIGKILL on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let dir: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect, 'crash');
    store = await database.open();
    dir = mkdtempSync(join(tmpdir(), 'im-crash-'));
  });
  afterAll(async () => {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(kills)('when killed $at of $step, then a restarted runner completes the merge exactly once', async ({ at, step, twice }) => {
    const effectsFile = join(dir, `effects-${at}-${step}.log`);
    const audit = createAuditLog({ store, auditKey: randomBytes(32), clock: systemClock });
    const queue = createJobQueue({ store, clock: systemClock, idempotencyTtlMs: 86_400_000, audit });
    const conversationIds = [`${at}-${step}-a`, `${at}-${step}-b`];
    const { job } = await queue.submit({
      tenantId: 'org-1',
      actor: { userId: 'agent-1', name: 'Alex Agent' },
      idempotencyKey: `${at}-${step}`,
      request: { conversationIds, planHash: 'h' },
      plan: samplePlan(conversationIds, 'h'),
    });

    const ended = await runWorker({ store: database.options, effectsFile, kill: { at, step } });
    expect(ended.signal, ended.stderr).toBe('SIGKILL');
    const interrupted = (await store.jobs.get(job.id))!;
    expect(interrupted).toMatchObject({ status: 'running', leaseOwner: expect.any(String) });
    expect((await store.markers.getMany('org-1', conversationIds)).size).toBe(0);
    expect(await store.outbox.get(outboxEventId(job.id))).toBeNull();

    // The restart happens after the dead worker's lease has run out.
    const later: Clock = { now: () => Date.now() + LEASE + 1000, sleep: systemClock.sleep };
    const restarted = createJobRunner({
      store,
      clock: later,
      logger: pino({ level: 'silent' }),
      executor: createDurableExecutor(effectsFile),
      audit,
      leaseMs: LEASE,
      heartbeatMs: 20_000,
      pollIntervalMs: 1000,
      maxAttempts: 5,
      concurrency: 1,
    });
    // PostgreSQL rolls the dead worker's open transaction back once it notices the closed
    // connection; until then SKIP LOCKED passes over the row. Poll for that, not for time.
    await vi.waitFor(async () => expect(await restarted.tick()).toEqual([job.id]), { timeout: 20_000, interval: 50 });
    await restarted.idle();

    expect(await store.jobs.get(job.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    const counts = effectCounts(effectsFile, job.id);
    for (const [name, count] of Object.entries(counts)) expect(count, name).toBe(name === twice ? 2 : 1);
    expect((await store.outbox.list({ tenantId: 'org-1', limit: 50 })).filter((event) => event.id === outboxEventId(job.id))).toHaveLength(1);
    expect((await store.markers.getMany('org-1', conversationIds)).size).toBe(2);
    expect((await audit.query({ tenantId: 'org-1', action: 'merge.succeeded', limit: 50 })).filter((e) => e.ids.jobId === job.id)).toHaveLength(1);
  }, 60_000);
});
