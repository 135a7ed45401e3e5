import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/index.js';
import type { Clock } from '../clock/index.js';
import type { MergeStep } from '../http/contract.js';
import type { JobError, JobRecord, Store } from '../store/index.js';
import type { JobNotifier } from './notifier.js';
import { completeJob, failJob } from './completion.js';
import { MERGE_STEPS, type JobObserver, type StepExecutor, type StepOutcome } from './types.js';

/** Tunables of the runner (from `config.jobs`). */
export interface JobRunnerOptions {
  /** A claimed job's lease; a crashed process's jobs are resumed once it expires. */
  leaseMs: number;
  /** Lease renewal period while a step runs (less than half the lease). */
  heartbeatMs: number;
  /** How often the store is polled for due jobs (a local submission wakes the runner at once). */
  pollIntervalMs: number;
  /** Claims of one job before it fails as `attempts_exhausted`. */
  maxAttempts: number;
  /** Jobs run at once by this process. */
  concurrency: number;
  /** How often expired idempotency keys and shown auto-selections are pruned (default hourly). */
  pruneEveryMs?: number;
}

/** Dependencies of the runner. */
export interface JobRunnerDeps extends JobRunnerOptions {
  store: Store;
  executor: StepExecutor;
  /** Leases, heartbeats, back-off and polling follow it. Its `sleep` must really wait (systemClock in production). */
  clock: Clock;
  logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  notifier?: JobNotifier;
  audit?: AuditLog;
  observer?: JobObserver;
  /** This process's lease owner id (default: host, pid and a random suffix). */
  owner?: string;
  /** Back-off before claim `attempt + 1` after an unexpected error (default: 1 s doubling to 5 min, ±20 % jitter). */
  backoffMs?: (attempt: number) => number;
}

/** Claims due jobs and runs them step by step under a lease. */
export interface JobRunner {
  readonly owner: string;
  /** Starts polling; the first poll is immediate, so jobs of a crashed process resume at start-up once their lease has expired. */
  start(): void;
  /**
   * Stops polling and lets each running job finish its current step, then releases it so another
   * replica resumes it at once. After `graceMs` (default: the lease), running steps are aborted.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** Claims due jobs up to the free concurrency and starts them; returns their ids. */
  tick(): Promise<string[]>;
  /** Resolves when no job is running in this process. */
  idle(): Promise<void>;
  /** Jobs running in this process now. */
  running(): number;
}

/** The executor lost the job to another owner, or the job was deleted (tenant removed). */
class LeaseLost extends Error {
  override readonly name = 'LeaseLost';
}

const defaultBackoff = (attempt: number) => {
  const base = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
};

const TERMINAL = new Set(['succeeded', 'failed']);
/** The step a job runs next: the one after those it completed. */
const nextStep = (job: JobRecord): MergeStep => MERGE_STEPS[Math.min(job.completedSteps, MERGE_STEPS.length - 1)]!;
/** A step loop that never reaches `done` is a bug in the executor; it is failed, not run forever. */
const MAX_STEPS_PER_CLAIM = 100;

/** Builds a runner. Nothing runs until `start()` (or `tick()`). */
export function createJobRunner(deps: JobRunnerDeps): JobRunner {
  const { store, executor, clock, logger, notifier, audit, observer } = deps;
  const owner = deps.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const backoff = deps.backoffMs ?? defaultBackoff;
  const pruneEveryMs = deps.pruneEveryMs ?? 3_600_000;
  const inFlight = new Map<string, { promise: Promise<void>; abort: AbortController }>();
  let loop: Promise<void> | null = null;
  let polling = false;
  let stopping = false;
  let wakeUp = new AbortController();
  let lastPrune = Number.NEGATIVE_INFINITY;
  let unsubscribe: (() => void) | null = null;

  const wake = () => {
    wakeUp.abort();
    wakeUp = new AbortController();
  };
  const publish = (job: JobRecord) => notifier?.publish(job);
  const safely = (hook: () => void) => {
    try {
      hook();
    } catch (error) {
      logger.warn({ err: error }, 'job observer failed');
    }
  };

  async function fail(job: JobRecord, error: JobError, state?: unknown): Promise<void> {
    const failed = await failJob({ store, audit, owner, now: clock.now() }, job, error, state);
    if (!failed) throw new LeaseLost();
    logger.warn({ jobId: job.id, code: error.code }, 'merge job failed');
    publish(failed);
    safely(() => observer?.finished?.(failed, clock.now() - failed.createdAt));
  }

  async function complete(job: JobRecord, outcome: Extract<StepOutcome, { kind: 'done' }>): Promise<void> {
    const completed = await completeJob({ store, audit, owner, now: clock.now() }, job, outcome);
    if (!completed) throw new LeaseLost();
    logger.info({ jobId: job.id, tenantId: job.tenantId }, 'merge job succeeded');
    publish(completed);
    safely(() => observer?.finished?.(completed, clock.now() - completed.createdAt));
  }

  async function release(job: JobRecord, runAfter: number, state?: unknown): Promise<void> {
    const released = await store.jobs.release({ id: job.id, owner, now: clock.now(), runAfter, ...(state !== undefined ? { state } : {}) });
    if (!released) throw new LeaseLost();
    publish(released);
  }

  /** Renews the lease every `heartbeatMs` until `stop` is aborted; aborts `step` when the lease is lost. */
  async function heartbeat(job: JobRecord, stop: AbortSignal, step: AbortController): Promise<void> {
    while (!stop.aborted) {
      try {
        await clock.sleep(deps.heartbeatMs, stop);
      } catch {
        return;
      }
      if (stop.aborted) return;
      try {
        const kept = await store.jobs.extendLease({ id: job.id, owner, now: clock.now(), leaseMs: deps.leaseMs });
        if (!kept) {
          step.abort(new LeaseLost());
          return;
        }
      } catch (error) {
        // A failed renewal is retried next beat; the lease outlives two missed beats.
        logger.warn({ err: error, jobId: job.id }, 'lease renewal failed');
      }
    }
  }

  async function runStep(job: JobRecord, abort: AbortController): Promise<StepOutcome> {
    const beat = new AbortController();
    const heart = heartbeat(job, beat.signal, abort);
    try {
      return await executor.runStep({ job, state: job.state, signal: abort.signal });
    } finally {
      beat.abort();
      await heart;
    }
  }

  async function run(claimed: JobRecord, abort: AbortController): Promise<void> {
    let job = claimed;
    try {
      if (job.attempts > deps.maxAttempts) {
        await fail(job, { code: 'attempts_exhausted', message: `The merge was interrupted ${job.attempts - 1} times; it was stopped` });
        return;
      }
      for (let steps = 0; ; steps += 1) {
        if (stopping) {
          await release(job, clock.now());
          return;
        }
        if (steps >= MAX_STEPS_PER_CLAIM) {
          await fail(job, { code: 'internal', message: 'The merge did not finish within the step limit' });
          return;
        }
        const started = clock.now();
        let outcome: StepOutcome;
        try {
          outcome = await runStep(job, abort);
        } catch (error) {
          if (abort.signal.reason instanceof LeaseLost) throw abort.signal.reason;
          if (stopping && abort.signal.aborted) {
            await release(job, clock.now());
            return;
          }
          logger.error({ err: error, jobId: job.id, attempt: job.attempts }, 'merge step threw');
          const exhausted = job.attempts >= deps.maxAttempts;
          safely(() => observer?.stepFailed?.(job, nextStep(job), { kind: exhausted ? 'failed' : 'retried', reason: 'error', durationMs: clock.now() - started }));
          if (exhausted) {
            await fail(job, { code: 'attempts_exhausted', message: 'The merge kept failing and was stopped' });
          } else {
            safely(() => observer?.retried?.(job, 'error'));
            await release(job, clock.now() + backoff(job.attempts));
          }
          return;
        }
        if (abort.signal.reason instanceof LeaseLost) throw abort.signal.reason;
        switch (outcome.kind) {
          case 'progress': {
            if (!MERGE_STEPS.includes(outcome.step)) throw new Error(`Unknown merge step ${String(outcome.step)}`);
            const saved = await store.jobs.saveProgress({
              id: job.id,
              owner,
              now: clock.now(),
              step: outcome.step,
              completedSteps: MERGE_STEPS.indexOf(outcome.step) + 1,
              state: outcome.state,
              leaseMs: deps.leaseMs,
            });
            if (!saved) throw new LeaseLost();
            safely(() => observer?.stepCompleted?.(saved, outcome.step as MergeStep, clock.now() - started));
            publish(saved);
            job = saved;
            break;
          }
          case 'done':
            await complete(job, outcome);
            safely(() => observer?.stepCompleted?.(job, outcome.step, clock.now() - started));
            return;
          case 'retry':
            safely(() => observer?.stepFailed?.(job, nextStep(job), { kind: 'retried', reason: outcome.reason, durationMs: clock.now() - started }));
            safely(() => observer?.retried?.(job, outcome.reason));
            logger.info({ jobId: job.id, afterMs: outcome.afterMs, reason: outcome.reason }, 'merge job will retry');
            await release(job, clock.now() + Math.max(0, outcome.afterMs), outcome.state);
            return;
          case 'failed':
            safely(() => observer?.stepFailed?.(job, nextStep(job), { kind: 'failed', reason: outcome.error.code, durationMs: clock.now() - started }));
            await fail(job, outcome.error, outcome.state);
            return;
        }
      }
    } catch (error) {
      if (error instanceof LeaseLost) {
        logger.warn({ jobId: job.id }, 'merge job lease lost; another process owns it now');
        return;
      }
      // A store failure: the lease expires and the job resumes from its last persisted step.
      logger.error({ err: error, jobId: job.id }, 'merge job runner failed');
    }
  }

  async function maintain(): Promise<void> {
    const now = clock.now();
    if (now - lastPrune < pruneEveryMs) return;
    lastPrune = now;
    const pruned = await store.idempotency.prune(now);
    if (pruned > 0) logger.debug({ pruned }, 'expired idempotency keys pruned');
    const forgotten = await store.feedback.pruneShown(now);
    if (forgotten > 0) logger.debug({ forgotten }, 'expired shown selections pruned');
  }

  const runner: JobRunner = {
    owner,
    start() {
      if (loop) return;
      polling = true;
      stopping = false;
      unsubscribe = notifier?.onSubmitted(wake) ?? null;
      loop = (async () => {
        while (polling) {
          try {
            await runner.tick();
            await maintain();
          } catch (error) {
            logger.error({ err: error }, 'job poll failed');
          }
          if (!polling) break;
          try {
            await clock.sleep(deps.pollIntervalMs, wakeUp.signal);
          } catch {
            // woken early: a job was submitted or a slot freed up
          }
        }
      })();
    },

    async stop(options = {}) {
      polling = false;
      stopping = true;
      unsubscribe?.();
      unsubscribe = null;
      wake();
      await loop;
      loop = null;
      const grace = new AbortController();
      const timer = clock.sleep(options.graceMs ?? deps.leaseMs, grace.signal).then(
        () => {
          for (const entry of inFlight.values()) entry.abort.abort(new Error('runner stopping'));
        },
        () => {},
      );
      await runner.idle();
      grace.abort();
      await timer;
      stopping = false;
    },

    async tick() {
      const free = deps.concurrency - inFlight.size;
      if (free <= 0 || stopping) return [];
      const claimed = await store.transaction((tx) =>
        tx.jobs.claim({ now: clock.now(), limit: free, owner, leaseMs: deps.leaseMs }),
      );
      for (const job of claimed) {
        if (TERMINAL.has(job.status)) continue;
        safely(() => observer?.claimed?.(job));
        publish(job);
        const abort = new AbortController();
        const promise = run(job, abort).finally(() => {
          inFlight.delete(job.id);
          if (polling) wake();
        });
        inFlight.set(job.id, { promise, abort });
      }
      return claimed.map((job) => job.id);
    },

    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight.values()].map((entry) => entry.promise));
    },

    running: () => inFlight.size,
  };
  return runner;
}
