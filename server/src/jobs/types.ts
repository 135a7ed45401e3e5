import type { AuditInput } from '../audit/index.js';
import type { MergeStep } from '../http/contract.js';
import type { MergeResult } from '../merge/types.js';
import type { JobError, JobRecord } from '../store/index.js';

/** The merge steps in order (`MergeStep` in the HTTP contract); progress is counted against them. */
export const MERGE_STEPS: readonly MergeStep[] = Object.freeze([
  'validate',
  'merge_contacts',
  'associate',
  'confirm',
  'reconcile',
  'record',
]);

/** What the executor is given for one step. */
export interface StepContext {
  /** The job as last persisted (plan, actor, tenant, attempts, correlation id, last completed step). */
  job: JobRecord;
  /** The state the executor returned after the last completed step; null before the first. */
  state: unknown;
  /**
   * Aborted when this process loses the job's lease (another replica took it over) or is
   * stopping: stop promptly, without side effects after the abort.
   */
  signal: AbortSignal;
}

/** A conversation the completed merge points at its canonical contact. */
export interface MarkerInput {
  conversationId: string;
  contactId: string;
}

/** The CRM event written in the completion transaction. */
export interface OutboxEventInput {
  /** Default `outboxEventId(job.id)`: stable, so the webhook id is the same on every attempt. */
  id?: string;
  /** e.g. `interaction.merged`. */
  type: string;
  /** The event; a string is stored as the exact bytes to sign, anything else as its JSON. */
  payload: string | object;
}

/**
 * The outcome of one step:
 * - `progress`: `step` completed; `state` is persisted (with the lease renewed) before the next.
 * - `done`: the last step completed. The job's success, its markers, its outbox event and its
 *   audit entries are written in ONE transaction: all of them or none.
 * - `retry`: a transient problem (e.g. Genesys asked to wait): the job is released and claimed
 *   again after `afterMs`, from the state given here or the last persisted one.
 * - `failed`: a permanent problem: the job fails with `error` (shown to the agent).
 */
export type StepOutcome =
  | { kind: 'progress'; step: MergeStep; state: unknown }
  | {
      kind: 'done';
      step: MergeStep;
      state: unknown;
      result: MergeResult;
      markers: MarkerInput[];
      outboxEvent: OutboxEventInput | null;
      /** Further audit entries of the completion (e.g. with declared customer identifiers). */
      audit?: AuditInput[];
    }
  | { kind: 'retry'; afterMs: number; reason: string; state?: unknown }
  | { kind: 'failed'; error: JobError; state?: unknown };

/**
 * Runs merge jobs one step at a time (the engine implements it). A step may be run again after
 * a crash (the state persisted after the previous step is all that is known), so each step must
 * be safe to repeat: read before writing, follow `mergedTo`, treat "already done" as done.
 * Throwing means an unexpected error: the job is retried with back-off until `maxAttempts`.
 */
export interface StepExecutor {
  runStep(context: StepContext): Promise<StepOutcome>;
}

/** How a step that did not complete ended (see `JobObserver.stepFailed`). */
export interface StepFailure {
  /** `retried`: the job was released and runs the step again later; `failed`: the job failed at this step. */
  kind: 'retried' | 'failed';
  /** Why: the executor's retry reason, the job error's code, or `error` (the step threw). Free text: never a metric label. */
  reason: string;
  durationMs: number;
}

/** Hooks for metrics (all optional); never throw from them. */
export interface JobObserver {
  claimed?(job: JobRecord): void;
  stepCompleted?(job: JobRecord, step: MergeStep, durationMs: number): void;
  /** A step ran and did not complete: it threw, asked to retry, or failed the job. */
  stepFailed?(job: JobRecord, step: MergeStep, failure: StepFailure): void;
  retried?(job: JobRecord, reason: string): void;
  /** A job reached `succeeded` or `failed`; `durationMs` since it was created. */
  finished?(job: JobRecord, durationMs: number): void;
}

/** The stable webhook id of a job's merge event. */
export function outboxEventId(jobId: string): string {
  return `msg_${jobId}`;
}
