import type { Logger } from 'pino';
import type { AuditInput, AuditLog } from '../audit/index.js';
import { createTtlCache } from '../auth/index.js';
import type { Clock } from '../clock/index.js';
import { buildMergedEvent, toOutboxMessage } from '../crm/index.js';
import { engineErrorOutcome, type EngineEvent, type ExecutionState } from '../engine/index.js';
import { AppError } from '../errors/index.js';
import { GenesysApiError } from '../genesys/index.js';
import type { StepExecutor, StepOutcome } from '../jobs/index.js';
import type { JobRecord } from '../store/index.js';
import { mergedCustomer } from './customer.js';
import type { MergerRegistry } from './mergers.js';

/**
 * What this process remembers of the states its own steps returned, so the engine knows a step's
 * state is fresh (`resumed: false`) rather than loaded after a crash, a retry or a takeover.
 * Anything not found here is treated as resumed, which is always safe.
 */
interface ReturnedStates {
  /** The state a step of `job` returned, under the claim it ran in. */
  remember(job: JobRecord, state: ExecutionState): void;
  /** True when `state` is what this process last returned for `job` in the same claim. */
  isFresh(job: JobRecord, state: ExecutionState): boolean;
  forget(jobId: string): void;
}

function createReturnedStates(clock: Clock): ReturnedStates {
  const returned = createTtlCache<{ attempts: number; next: string | null; startedAt: number }>({
    clock,
    ttlMs: 60 * 60_000,
    maxEntries: 10_000,
  });
  return {
    remember: (job, state) => returned.set(job.id, { attempts: job.attempts, next: state.next, startedAt: state.startedAt }),
    isFresh(job, state) {
      const last = returned.get(job.id);
      return last !== undefined && last.attempts === job.attempts && last.next === state.next && last.startedAt === state.startedAt;
    },
    forget: (jobId) => returned.delete(jobId),
  };
}

/**
 * True when the job's saved state is the one `validate` left while the merge was accepted and
 * this is the job's first claim: no step after `validate` can have run yet, so the next one need
 * not re-read before it writes.
 */
const untouchedSinceAccepted = (job: JobRecord) => job.attempts === 1 && job.step === 'validate' && job.completedSteps === 1;

/** Dependencies of the merge executor. */
export interface MergeExecutorDeps {
  mergers: MergerRegistry;
  clock: Clock;
  logger: Pick<Logger, 'debug' | 'warn'>;
  audit?: AuditLog;
}

/** Engine decisions and Genesys mutations of one step, as audit entries of the job's actor. */
export function engineAuditEntries(job: JobRecord, events: readonly EngineEvent[]): AuditInput[] {
  return events.map((event): AuditInput => ({
    tenantId: job.tenantId,
    actor: { type: 'agent', id: job.actor.userId },
    action: `genesys.${event.action}`,
    outcome: event.outcome === 'ok' ? 'success' : 'failure',
    correlationId: job.correlationId,
    ids: { jobId: job.id, ...event.ids },
    ...(event.detail ? { details: { detail: event.detail.replace(/[^A-Za-z0-9_.:/-]+/g, '_').slice(0, 100) } } : {}),
  }));
}

/**
 * The job runner's step executor over the engine: each call runs the engine's next step for the
 * job's tenant and maps the outcome. A job starts from the state saved with it when the merge was
 * accepted (after `validate`), or, queued without one, begins the execution with `validate`;
 * every call continues from the state the runner persisted, telling the engine whether the step
 * may have run before (`resumed`). The last step returns the result, the markers (the merged
 * conversations, and the other conversations of the merged contacts the job knew of, which join
 * the session) and the `interaction.merged` event (when the tenant has a CRM webhook), written by
 * the runner in the transaction that completes the job. Engine events are audited as they happen.
 */
export function createMergeExecutor(deps: MergeExecutorDeps): StepExecutor {
  const { mergers, clock, logger, audit } = deps;
  const returned = createReturnedStates(clock);

  async function runStep({ job, state, signal }: Parameters<StepExecutor['runStep']>[0]): Promise<StepOutcome> {
    let runtime;
    try {
      runtime = await mergers.forTenant(job.tenantId);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) {
        return { kind: 'failed', error: { code: 'tenant_not_found', message: 'The tenant of this merge was removed' } };
      }
      throw error;
    }
    const { merger, tenant, genesys } = runtime;
    let current: ExecutionState | null = null;
    let outcome;
    try {
      let resumed = false;
      if (state === null || state === undefined) {
        current = merger.beginExecution(job.plan);
      } else {
        current = state as ExecutionState;
        resumed = !returned.isFresh(job, current) && !untouchedSinceAccepted(job);
      }
      outcome = await merger.runStep(current, signal, { resumed });
    } catch (error) {
      returned.forget(job.id);
      if (signal.aborted) throw error;
      if (!(error instanceof AppError) && !(error instanceof GenesysApiError)) throw error;
      const decided = engineErrorOutcome(error);
      logger.debug({ jobId: job.id, step: current?.next ?? 'validate', outcome: decided.kind }, 'merge step did not complete');
      // The state the step started from is kept, so the retry resumes it (and knows it may have run).
      if (decided.kind === 'retry') return { kind: 'retry', afterMs: decided.afterMs, reason: decided.reason, ...(current ? { state: current } : {}) };
      return {
        kind: 'failed',
        error: { code: decided.code, message: decided.message, ...(decided.details !== undefined ? { details: decided.details } : {}) },
      };
    }

    const entries = engineAuditEntries(job, outcome.events);
    if (!outcome.done) {
      if (audit) for (const entry of entries) await audit.record(entry);
      returned.remember(job, outcome.state);
      return { kind: 'progress', step: outcome.step, state: outcome.state };
    }

    returned.forget(job.id);
    const result = outcome.state.result;
    if (!result) throw new AppError('internal', 500, 'The engine finished without a result');
    const org = await genesys.orgSettings().catch(() => ({ defaultCountryCode: 'US', orgName: tenant.name }));
    const customer = mergedCustomer(outcome.state.plan, result, org.defaultCountryCode);
    let outboxEvent: Extract<StepOutcome, { kind: 'done' }>['outboxEvent'] = null;
    if (tenant.crmWebhook) {
      const event = buildMergedEvent({
        tenant: { id: tenant.id, name: tenant.name },
        jobId: job.id,
        result,
        customer: { displayName: customer.displayName, identifiers: customer.identifiers },
        occurredAt: clock.now(),
      });
      const message = toOutboxMessage(event);
      outboxEvent = { id: message.id, type: message.type, payload: message.payload };
    }
    const recorded: AuditInput = {
      tenantId: job.tenantId,
      actor: { type: 'agent', id: job.actor.userId },
      action: 'merge.recorded',
      outcome: 'success',
      correlationId: job.correlationId,
      ids: { jobId: job.id, contactId: result.contactId, ...(outboxEvent?.id ? { eventId: outboxEvent.id } : {}) },
      identifiers: customer.declared,
      details: { webhook: outboxEvent !== null, conversations: result.conversationIds.length },
    };
    return {
      kind: 'done',
      step: outcome.step,
      state: outcome.state,
      result,
      markers: result.conversationIds.map((conversationId) => ({ conversationId, contactId: result.contactId })),
      outboxEvent,
      audit: [...entries, recorded],
    };
  }

  return { runStep };
}
