import type { Logger } from 'pino';
import type { AuditLog } from '../audit/index.js';
import type { DeliveryAttempt, OutboxStore } from '../crm/index.js';
import type { GenesysCallObserver } from '../genesys/index.js';
import type { JobObserver } from '../jobs/index.js';
import type { GenesysRetryReason, Metrics } from '../metrics/index.js';

function retryReason(status: number | null): GenesysRetryReason {
  if (status === 429) return 'rate_limited';
  if (status === 409) return 'conflict';
  if (status === null) return 'network';
  return 'server_error';
}

/**
 * Genesys call metrics from the client's observer: every attempt by endpoint template, method and
 * status, its latency, 429s, and the retries the client decided on. The endpoint template carries
 * no identifier (`GET /api/v2/conversations/{conversationId}`).
 */
export function genesysMetricsObserver(metrics: Pick<Metrics, 'recordGenesysCall' | 'recordGenesysRetry'>): GenesysCallObserver {
  return (event) => {
    const space = event.endpoint.indexOf(' ');
    const method = space > 0 ? event.endpoint.slice(0, space) : 'GET';
    const endpoint = space > 0 ? event.endpoint.slice(space + 1) : event.endpoint;
    metrics.recordGenesysCall({ endpoint, method, status: event.status, durationMs: event.durationMs });
    if (event.retryInMs !== null) metrics.recordGenesysRetry({ endpoint, method, reason: retryReason(event.status) });
  };
}

/** Merge latency per step and end to end, and steps that did not complete, from the job runner's hooks. */
export function jobMetricsObserver(metrics: Pick<Metrics, 'observeMerge' | 'observeMergeStep' | 'recordMergeStepFailure'>): JobObserver {
  return {
    stepCompleted(_job, step, durationMs) {
      metrics.observeMergeStep({ step, durationMs, outcome: 'succeeded' });
    },
    stepFailed(_job, step, failure) {
      metrics.recordMergeStepFailure({ step, kind: failure.kind, durationMs: failure.durationMs });
    },
    finished(job, durationMs) {
      metrics.observeMerge({ durationMs, outcome: job.status === 'succeeded' ? 'succeeded' : 'failed' });
    },
  };
}

/** Several observers as one (each isolated by the runner's own guard). */
export function combineJobObservers(...observers: Array<JobObserver | undefined>): JobObserver {
  const present = observers.filter((o): o is JobObserver => o !== undefined);
  return {
    claimed: (job) => present.forEach((o) => o.claimed?.(job)),
    stepCompleted: (job, step, ms) => present.forEach((o) => o.stepCompleted?.(job, step, ms)),
    stepFailed: (job, step, failure) => present.forEach((o) => o.stepFailed?.(job, step, failure)),
    retried: (job, reason) => present.forEach((o) => o.retried?.(job, reason)),
    finished: (job, ms) => present.forEach((o) => o.finished?.(job, ms)),
  };
}

const AUDITED_OUTCOMES: Record<DeliveryAttempt['outcome'], { action: string; outcome: 'success' | 'failure' }> = {
  delivered: { action: 'webhook.delivered', outcome: 'success' },
  retry: { action: 'webhook.attempt_failed', outcome: 'failure' },
  dead: { action: 'webhook.dead_lettered', outcome: 'failure' },
  disabled: { action: 'webhook.parked', outcome: 'failure' },
};

/**
 * The outbox store with every recorded delivery attempt also written to the audit log (the
 * webhook outcome: delivered, failed and retried, dead-lettered, parked), with the event id, the
 * attempt and the receiver's status. The audit entry follows the attempt's own write; a failure
 * to audit is logged, never turned into a second delivery.
 */
export function auditedOutboxStore(store: OutboxStore, deps: { audit: AuditLog; logger: Pick<Logger, 'warn'> }): OutboxStore {
  const tenantOf = new Map<string, string>();
  return {
    ...store,
    async claimDue(input) {
      const events = await store.claimDue(input);
      for (const event of events) tenantOf.set(event.id, event.tenantId);
      return events;
    },
    async recordAttempt(attempt) {
      await store.recordAttempt(attempt);
      const tenantId = tenantOf.get(attempt.eventId);
      tenantOf.delete(attempt.eventId);
      if (!tenantId) return;
      const { action, outcome } = AUDITED_OUTCOMES[attempt.outcome];
      await deps.audit
        .record({
          tenantId,
          actor: { type: 'system', id: 'crm-relay' },
          action,
          outcome,
          ids: { eventId: attempt.eventId },
          details: { attempt: attempt.attempt, httpStatus: attempt.httpStatus, durationMs: attempt.durationMs },
        })
        .catch((error: unknown) => deps.logger.warn({ err: error, eventId: attempt.eventId }, 'webhook outcome not audited'));
    },
  };
}
