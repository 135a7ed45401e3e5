import type { AuditLog } from '../audit/index.js';
import type { JobError, JobRecord, Store } from '../store/index.js';
import { MERGE_STEPS, outboxEventId, type StepOutcome } from './types.js';

/** What finishing a job needs: the store, the audit log, the lease owner and the time. */
export interface FinishContext {
  store: Store;
  audit: AuditLog | undefined;
  owner: string;
  now: number;
}

/**
 * Completes a job in ONE transaction: the job's success (guarded by the lease), the
 * merged-conversation markers, the outbox event and the audit entries. All or nothing: when
 * any write fails the job stays as it was and resumes from its last persisted step. Returns
 * null when the lease was lost (nothing written).
 */
export function completeJob(
  context: FinishContext,
  job: JobRecord,
  outcome: Extract<StepOutcome, { kind: 'done' }>,
): Promise<JobRecord | null> {
  const { store, audit, owner, now } = context;
  return store.transaction(async (tx) => {
    const updated = await tx.jobs.complete({
      id: job.id,
      owner,
      now,
      step: outcome.step,
      completedSteps: MERGE_STEPS.indexOf(outcome.step) + 1,
      state: outcome.state,
      result: outcome.result,
    });
    if (!updated) return null;
    await tx.markers.upsertMany(
      outcome.markers.map((marker) => ({
        tenantId: job.tenantId,
        conversationId: marker.conversationId,
        contactId: marker.contactId,
        jobId: job.id,
        mergedAt: now,
        mergedBy: job.actor,
      })),
    );
    if (outcome.outboxEvent) {
      const { payload } = outcome.outboxEvent;
      await tx.outbox.enqueue({
        id: outcome.outboxEvent.id ?? outboxEventId(job.id),
        tenantId: job.tenantId,
        type: outcome.outboxEvent.type,
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
        createdAt: now,
      });
    }
    if (audit) {
      await audit.record(
        {
          tenantId: job.tenantId,
          actor: { type: 'agent', id: job.actor.userId },
          action: 'merge.succeeded',
          outcome: 'success',
          correlationId: job.correlationId,
          ids: {
            jobId: job.id,
            conversationIds: outcome.result.conversationIds,
            contactId: outcome.result.contactId,
            mergedFromContactIds: outcome.result.mergedFromContactIds,
          },
          details: { apiCalls: outcome.result.metrics.apiCalls, mergeLatencyMs: outcome.result.metrics.mergeLatencyMs },
        },
        tx,
      );
      for (const extra of outcome.audit ?? []) await audit.record(extra, tx);
    }
    return updated;
  });
}

/** Fails a job (guarded by the lease) and audits it, in one transaction; null when the lease was lost. */
export function failJob(context: FinishContext, job: JobRecord, error: JobError, state?: unknown): Promise<JobRecord | null> {
  const { store, audit, owner, now } = context;
  return store.transaction(async (tx) => {
    const updated = await tx.jobs.fail({ id: job.id, owner, now, error, ...(state !== undefined ? { state } : {}) });
    if (!updated) return null;
    await audit?.record(
      {
        tenantId: job.tenantId,
        actor: { type: 'agent', id: job.actor.userId },
        action: 'merge.failed',
        outcome: 'failure',
        correlationId: job.correlationId,
        ids: { jobId: job.id, conversationIds: job.conversationIds },
        // The code is the engine's; it is reduced to the characters an audit code may hold.
        details: { code: error.code.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 100), step: job.step, attempts: job.attempts },
      },
      tx,
    );
    return updated;
  });
}
