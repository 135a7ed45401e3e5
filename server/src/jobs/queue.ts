import { createHash, randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/index.js';
import type { Clock } from '../clock/index.js';
import { AppError, badRequest, conflict, notFound } from '../errors/index.js';
import type { Job, JobProgressEvent, JobStatus, MergeStep } from '../http/contract.js';
import type { MergePlan } from '../merge/types.js';
import type { JobActor, JobRecord, Repositories, Store } from '../store/index.js';
import type { JobNotifier } from './notifier.js';
import { MERGE_STEPS } from './types.js';

/** The body of `POST /api/v1/merges`. */
export interface MergeRequestBody {
  conversationIds: string[];
  planHash: string;
}

/** A merge to queue. */
export interface SubmitJobInput {
  tenantId: string;
  actor: JobActor;
  /** The `Idempotency-Key` header (1–255 visible ASCII characters). */
  idempotencyKey: string;
  request: MergeRequestBody;
  /** The plan as computed now; its `planHash` must equal the request's (409 `plan_changed`). */
  plan: MergePlan;
  correlationId?: string | null;
  /**
   * Steps already run while the merge was accepted (e.g. `validate`): the executor's state after
   * `step`, saved with the job in the same insert, so the runner of any replica continues from it.
   * `completedSteps` defaults to the position of `step` in `MERGE_STEPS`.
   */
  initial?: { state: unknown; step: MergeStep; completedSteps?: number };
}

/** Submitting and reading merge jobs. */
export interface JobQueue {
  /**
   * `Idempotency-Key` semantics, keys scoped by tenant and user and kept for the configured TTL:
   * the same key with the same body returns the job it created (`created: false`); the same key
   * with another body is AppError 422 `idempotency_key_reused`; a plan whose hash differs from
   * the request's is AppError 409 `plan_changed`. A new job is queued (and audited) otherwise.
   */
  submit(input: SubmitJobInput): Promise<{ job: JobRecord; created: boolean }>;
  /**
   * The job an earlier request with this key created, or null; AppError 422 when the key was
   * used with another body. Lets the HTTP layer answer a retry before recomputing the plan.
   */
  lookup(input: Omit<SubmitJobInput, 'plan' | 'correlationId'>): Promise<JobRecord | null>;
  /** A job of the tenant; AppError 404 `not_found` when absent or another tenant's. */
  get(tenantId: string, jobId: string): Promise<JobRecord>;
  /** Jobs of a tenant, newest first. */
  list(input: { tenantId: string; status?: JobStatus; limit: number; before?: number }): Promise<JobRecord[]>;
}

/** Dependencies of the queue. */
export interface JobQueueDeps {
  store: Store;
  clock: Clock;
  /** How long an idempotency key is remembered (DESIGN.md: 24 h). */
  idempotencyTtlMs: number;
  notifier?: JobNotifier;
  audit?: AuditLog;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The hash an idempotency key is bound to: the request body, ids sorted and deduplicated. */
export function requestHash(request: MergeRequestBody): string {
  const ids = [...new Set(request.conversationIds)].sort();
  return createHash('sha256').update(JSON.stringify({ conversationIds: ids, planHash: request.planHash })).digest('hex');
}

/** The job as `GET /api/v1/merges/{id}` shows it. */
export function toJobView(job: JobRecord): Job {
  return {
    id: job.id,
    status: job.status,
    step: job.step,
    conversationIds: job.conversationIds,
    createdAt: new Date(job.createdAt).toISOString(),
    updatedAt: new Date(job.updatedAt).toISOString(),
    result: job.result,
    error: job.error,
  };
}

/** The job as a server-sent `progress` event. */
export function toProgressEvent(job: JobRecord): JobProgressEvent {
  return {
    jobId: job.id,
    status: job.status,
    step: job.step,
    completedSteps: job.completedSteps,
    totalSteps: MERGE_STEPS.length,
  };
}

/** Asked to retry the transaction: a concurrent request with the same key committed first. */
class KeyRace extends Error {}

/** Builds the job queue. */
export function createJobQueue(deps: JobQueueDeps): JobQueue {
  const { store, clock, notifier, audit } = deps;

  function validate(input: Omit<SubmitJobInput, 'plan' | 'correlationId'>): string {
    if (!IDEMPOTENCY_KEY.test(input.idempotencyKey)) {
      throw badRequest('Idempotency-Key: must be 1 to 255 visible ASCII characters', { field: 'Idempotency-Key' });
    }
    return requestHash(input.request);
  }

  async function existing(tx: Repositories, input: Omit<SubmitJobInput, 'plan' | 'correlationId'>, hash: string): Promise<JobRecord | null> {
    const remembered = await tx.idempotency.find({
      tenantId: input.tenantId,
      userId: input.actor.userId,
      key: input.idempotencyKey,
      now: clock.now(),
    });
    if (!remembered) return null;
    if (remembered.requestHash !== hash) {
      throw new AppError('idempotency_key_reused', 422, 'This Idempotency-Key was used with a different request body', {
        details: { field: 'Idempotency-Key' },
      });
    }
    const job = await tx.jobs.get(remembered.jobId);
    if (!job) throw new AppError('internal', 500, 'The job of this Idempotency-Key is missing');
    return job;
  }

  return {
    async submit(input) {
      const hash = validate(input);
      for (let attempt = 0; ; attempt += 1) {
        try {
          const outcome = await store.transaction(async (tx) => {
            const found = await existing(tx, input, hash);
            if (found) return { job: found, created: false };
            if (input.plan.planHash !== input.request.planHash) {
              throw conflict('plan_changed', 'The merge plan changed since the preview: preview again', {
                planHash: input.plan.planHash,
              });
            }
            const now = clock.now();
            const job = await tx.jobs.insert({
              id: randomUUID(),
              tenantId: input.tenantId,
              actor: input.actor,
              conversationIds: input.request.conversationIds,
              plan: input.plan,
              planHash: input.plan.planHash,
              correlationId: input.correlationId ?? null,
              now,
              ...(input.initial
                ? {
                    state: input.initial.state,
                    step: input.initial.step,
                    completedSteps: input.initial.completedSteps ?? MERGE_STEPS.indexOf(input.initial.step) + 1,
                  }
                : {}),
            });
            const remembered = await tx.idempotency.insert({
              tenantId: input.tenantId,
              userId: input.actor.userId,
              key: input.idempotencyKey,
              requestHash: hash,
              jobId: job.id,
              createdAt: now,
              expiresAt: now + deps.idempotencyTtlMs,
            });
            if (!remembered) throw new KeyRace();
            await audit?.record(
              {
                tenantId: input.tenantId,
                actor: { type: 'agent', id: input.actor.userId },
                action: 'merge.requested',
                outcome: 'success',
                correlationId: input.correlationId ?? null,
                ids: { jobId: job.id, conversationIds: job.conversationIds },
                details: { planHash: job.planHash },
              },
              tx,
            );
            return { job, created: true };
          });
          if (outcome.created) {
            notifier?.publish(outcome.job);
            notifier?.submitted();
          }
          return outcome;
        } catch (error) {
          if (!(error instanceof KeyRace) || attempt >= 2) throw error;
        }
      }
    },

    async lookup(input) {
      const hash = validate(input);
      return existing(store, input, hash);
    },

    async get(tenantId, jobId) {
      const job = await store.jobs.get(jobId);
      if (!job || job.tenantId !== tenantId) throw notFound(`Merge job ${jobId} was not found`, { jobId });
      return job;
    },

    list: (input) => store.jobs.list(input),
  };
}
