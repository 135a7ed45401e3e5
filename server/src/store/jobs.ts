import type { Kysely, Selectable } from 'kysely';
import type { JobStatus, MergeStep } from '../http/contract.js';
import type { MergePlan, MergeResult } from '../merge/types.js';
import type { Database, MergeJobsTable } from './schema.js';
import type { JobActor, JobError, JobRecord, StoreDialect } from './types.js';

/** A job to create (queued). */
export interface NewJob {
  id: string;
  tenantId: string;
  actor: JobActor;
  conversationIds: string[];
  plan: MergePlan;
  planHash: string;
  correlationId: string | null;
  now: number;
  /**
   * The step state the job starts from (e.g. after `validate`, run while the merge was accepted),
   * persisted with the job so any replica resumes it; null or absent: no step has run.
   */
  state?: unknown;
  /** The last step completed before the job was queued (with `state`); default none. */
  step?: MergeStep | null;
  /** Steps completed before the job was queued (default 0). */
  completedSteps?: number;
}

/** Guard of every write a runner makes: the job must still be running and leased to `owner`. */
export interface LeaseGuard {
  id: string;
  owner: string;
  now: number;
}

/** Durable merge jobs. Writes by a runner are guarded by its lease: they change nothing once it is lost. */
export interface JobRepository {
  insert(job: NewJob): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | null>;
  /** Jobs of a tenant, newest first. */
  list(input: { tenantId: string; status?: JobStatus; limit: number; before?: number }): Promise<JobRecord[]>;
  /**
   * Claims up to `limit` due jobs (queued, or running with an expired or released lease, and
   * `runAfter <= now`), oldest first, leasing them to `owner` until `now + leaseMs` and counting
   * an attempt. PostgreSQL skips rows another replica is claiming (`FOR UPDATE SKIP LOCKED`);
   * on SQLite the caller runs this inside a write transaction (single writer).
   */
  claim(input: { now: number; limit: number; owner: string; leaseMs: number }): Promise<JobRecord[]>;
  /** Renews the lease; false when it was lost. */
  extendLease(input: LeaseGuard & { leaseMs: number }): Promise<boolean>;
  /** Persists a completed step and its state, renewing the lease; null when the lease was lost. */
  saveProgress(input: LeaseGuard & { step: MergeStep; completedSteps: number; state: unknown; leaseMs: number }): Promise<JobRecord | null>;
  /** Marks the job succeeded (lease released); null when the lease was lost. */
  complete(input: LeaseGuard & { step: MergeStep | null; completedSteps: number; state: unknown; result: MergeResult }): Promise<JobRecord | null>;
  /** Marks the job failed (lease released); null when the lease was lost. */
  fail(input: LeaseGuard & { error: JobError; state?: unknown }): Promise<JobRecord | null>;
  /** Gives the job back, claimable again at `runAfter` (state kept unless given); null when the lease was lost. */
  release(input: LeaseGuard & { runAfter: number; state?: unknown }): Promise<JobRecord | null>;
  /** Job counts by status (queue depth). */
  countByStatus(): Promise<Record<JobStatus, number>>;
}

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

function toJob(row: Selectable<MergeJobsTable>): JobRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    actor: { userId: row.actor_user_id, name: row.actor_name },
    status: row.status as JobStatus,
    step: row.step as MergeStep | null,
    completedSteps: Number(row.completed_steps),
    conversationIds: JSON.parse(row.conversation_ids) as string[],
    plan: JSON.parse(row.plan) as MergePlan,
    planHash: row.plan_hash,
    state: row.state === null ? null : (JSON.parse(row.state) as unknown),
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at === null ? null : Number(row.lease_expires_at),
    runAfter: Number(row.run_after),
    attempts: Number(row.attempts),
    result: row.result === null ? null : (JSON.parse(row.result) as MergeResult),
    error: row.error === null ? null : (JSON.parse(row.error) as JobError),
    correlationId: row.correlation_id,
    version: Number(row.version),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    startedAt: row.started_at === null ? null : Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  };
}

/** Builds the job repository over a connection or transaction. */
export function createJobRepository(db: Kysely<Database>, dialect: StoreDialect): JobRepository {
  const guarded = ({ id, owner }: LeaseGuard) =>
    db
      .updateTable('merge_jobs')
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'running');

  return {
    async insert(job) {
      const row = await db
        .insertInto('merge_jobs')
        .values({
          id: job.id,
          tenant_id: job.tenantId,
          actor_user_id: job.actor.userId,
          actor_name: job.actor.name,
          status: 'queued',
          step: job.step ?? null,
          completed_steps: job.completedSteps ?? 0,
          conversation_ids: JSON.stringify(job.conversationIds),
          plan: JSON.stringify(job.plan),
          plan_hash: job.planHash,
          state: json(job.state),
          lease_owner: null,
          lease_expires_at: null,
          run_after: job.now,
          attempts: 0,
          result: null,
          error: null,
          correlation_id: job.correlationId,
          version: 1,
          created_at: job.now,
          updated_at: job.now,
          started_at: null,
          finished_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toJob(row);
    },
    async get(id) {
      const row = await db.selectFrom('merge_jobs').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toJob(row) : null;
    },
    async list({ tenantId, status, limit, before }) {
      let query = db.selectFrom('merge_jobs').selectAll().where('tenant_id', '=', tenantId);
      if (status !== undefined) query = query.where('status', '=', status);
      if (before !== undefined) query = query.where('created_at', '<', before);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toJob);
    },
    async claim({ now, limit, owner, leaseMs }) {
      if (limit <= 0) return [];
      const due = db
        .selectFrom('merge_jobs')
        .select('id')
        .where('status', 'in', ['queued', 'running'])
        .where('run_after', '<=', now)
        .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', now)]))
        .orderBy('run_after')
        .orderBy('created_at')
        .limit(limit)
        .$if(dialect === 'postgres', (qb) => qb.forUpdate().skipLocked());
      const rows = await db
        .updateTable('merge_jobs')
        .set((eb) => ({
          status: 'running',
          lease_owner: owner,
          lease_expires_at: now + leaseMs,
          attempts: eb('attempts', '+', 1),
          version: eb('version', '+', 1),
          started_at: eb.fn.coalesce('started_at', eb.val(now)),
          updated_at: now,
        }))
        .where('id', 'in', due)
        .returningAll()
        .execute();
      return rows.map(toJob).sort((a, b) => a.runAfter - b.runAfter || a.createdAt - b.createdAt);
    },
    async extendLease(input) {
      const result = await guarded(input)
        .set({ lease_expires_at: input.now + input.leaseMs })
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async saveProgress(input) {
      const row = await guarded(input)
        .set((eb) => ({
          step: input.step,
          completed_steps: input.completedSteps,
          state: json(input.state),
          lease_expires_at: input.now + input.leaseMs,
          version: eb('version', '+', 1),
          updated_at: input.now,
        }))
        .returningAll()
        .executeTakeFirst();
      return row ? toJob(row) : null;
    },
    async complete(input) {
      const row = await guarded(input)
        .set((eb) => ({
          status: 'succeeded',
          step: input.step,
          completed_steps: input.completedSteps,
          state: json(input.state),
          result: JSON.stringify(input.result),
          error: null,
          lease_owner: null,
          lease_expires_at: null,
          version: eb('version', '+', 1),
          updated_at: input.now,
          finished_at: input.now,
        }))
        .returningAll()
        .executeTakeFirst();
      return row ? toJob(row) : null;
    },
    async fail(input) {
      const row = await guarded(input)
        .set((eb) => ({
          status: 'failed',
          error: JSON.stringify(input.error),
          ...(input.state !== undefined ? { state: json(input.state) } : {}),
          lease_owner: null,
          lease_expires_at: null,
          version: eb('version', '+', 1),
          updated_at: input.now,
          finished_at: input.now,
        }))
        .returningAll()
        .executeTakeFirst();
      return row ? toJob(row) : null;
    },
    async release(input) {
      const row = await guarded(input)
        .set((eb) => ({
          ...(input.state !== undefined ? { state: json(input.state) } : {}),
          lease_owner: null,
          lease_expires_at: null,
          run_after: input.runAfter,
          version: eb('version', '+', 1),
          updated_at: input.now,
        }))
        .returningAll()
        .executeTakeFirst();
      return row ? toJob(row) : null;
    },
    async countByStatus() {
      const rows = await db
        .selectFrom('merge_jobs')
        .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
        .groupBy('status')
        .execute();
      const counts: Record<JobStatus, number> = { queued: 0, running: 0, succeeded: 0, failed: 0 };
      for (const row of rows) counts[row.status as JobStatus] = Number(row.count);
      return counts;
    },
  };
}
