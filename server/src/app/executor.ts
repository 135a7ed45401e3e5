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
 * Execution states handed from one part of this process to the next without a store round trip,
 * so the engine knows a step's state is fresh (`resumed: false`) rather than loaded after a
 * crash: the state after `validate`, run while answering `POST /api/v1/merges`, and the state each
 * step returned. Anything not found here is treated as resumed, which is always safe.
 */
export interface StateHandoff {
  /** The state after `validate` for a job about to be created (keyed by tenant, agent and plan). */
  offerValidated(key: { tenantId: string; userId: string; planHash: string }, state: ExecutionState): void;
  withdrawValidated(key: { tenantId: string; userId: string; planHash: string }): void;
}

interface Handoff extends StateHandoff {
  takeValidated(job: JobRecord): ExecutionState | null;
  /** The state a step of `job` returned, under the claim it ran in. */
  remember(job: JobRecord, state: ExecutionState): void;
  /** True when `state` is what this process last returned for `job` in the same claim. */
  isFresh(job: JobRecord, state: ExecutionState): boolean;
  forget(jobId: string): void;
}

function createHandoff(clock: Clock): Handoff {
  const validated = createTtlCache<ExecutionState>({ clock, ttlMs: 10 * 60_000, maxEntries: 1000 });
  const returned = createTtlCache<{ attempts: number; next: string | null; startedAt: number }>({
    clock,
    ttlMs: 60 * 60_000,
    maxEntries: 10_000,
  });
  const keyOf = (key: { tenantId: string; userId: string; planHash: string }) => `${key.tenantId}\n${key.userId}\n${key.planHash}`;
  return {
    offerValidated: (key, state) => validated.set(keyOf(key), state),
    withdrawValidated: (key) => validated.delete(keyOf(key)),
    takeValidated(job) {
      const key = keyOf({ tenantId: job.tenantId, userId: job.actor.userId, planHash: job.planHash });
      const state = validated.get(key);
      validated.delete(key);
      return state && state.plan.planHash === job.planHash ? state : null;
    },
    remember: (job, state) => returned.set(job.id, { attempts: job.attempts, next: state.next, startedAt: state.startedAt }),
    isFresh(job, state) {
      const last = returned.get(job.id);
      return last !== undefined && last.attempts === job.attempts && last.next === state.next && last.startedAt === state.startedAt;
    },
    forget: (jobId) => returned.delete(jobId),
  };
}

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
 * job's tenant and maps the outcome. The first call of a job starts from the state `validate`
 * left while the request was answered (handed over in this process), or begins the execution
 * anew (a first claim elsewhere runs `validate` again; a later claim without a saved state goes
 * straight to a resumed `merge_contacts`); every other call continues from the state the runner
 * persisted, telling the engine whether it may have run before (`resumed`). The last step returns the result, the markers and
 * the `interaction.merged` event (when the tenant has a CRM webhook), written by the runner in
 * the transaction that completes the job. Engine events are audited as they happen.
 */
export function createMergeExecutor(deps: MergeExecutorDeps): StepExecutor & { handoff: StateHandoff } {
  const { mergers, clock, logger, audit } = deps;
  const handoff = createHandoff(clock);

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
        const handed = handoff.takeValidated(job);
        if (handed) {
          current = handed;
        } else if (job.attempts <= 1) {
          current = merger.beginExecution(job.plan);
        } else {
          // An earlier claim may have run merge_contacts from the state validated while the request
          // was answered, and crashed before saving it: validating again would see our own merge as
          // a change of plan. The merge was validated when accepted; merge_contacts re-reads the
          // contacts before it writes (resumed) and adopts a merge that already happened.
          current = { ...merger.beginExecution(job.plan), next: 'merge_contacts' };
          resumed = true;
        }
      } else {
        current = state as ExecutionState;
        resumed = !handoff.isFresh(job, current);
      }
      outcome = await merger.runStep(current, signal, { resumed });
    } catch (error) {
      handoff.forget(job.id);
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
      handoff.remember(job, outcome.state);
      return { kind: 'progress', step: outcome.step, state: outcome.state };
    }

    handoff.forget(job.id);
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

  return { runStep, handoff };
}
