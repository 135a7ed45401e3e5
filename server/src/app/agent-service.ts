import type { Logger } from 'pino';
import type { AuditLog } from '../audit/index.js';
import { APP_PERMISSIONS, RULES, createTtlCache, holds, missingPermissions, type AgentSession } from '../auth/index.js';
import type { Clock } from '../clock/index.js';
import { AppError, notFound } from '../errors/index.js';
import type { AgentApi, JobStreamEvent } from '../http/index.js';
import { toJobView, toProgressEvent, watchJob, type JobNotifier, type JobQueue } from '../jobs/index.js';
import type { MergePlan } from '../merge/index.js';
import type { Metrics } from '../metrics/index.js';
import type { JobRecord, Store } from '../store/index.js';
import { mayViewContacts, redactContextContact, redactPlanContacts } from './contact-redaction.js';
import type { MergerRegistry } from './mergers.js';

/** Dependencies of the agent use cases. */
export interface AgentServiceDeps {
  mergers: MergerRegistry;
  queue: JobQueue;
  store: Pick<Store, 'jobs' | 'feedback'>;
  clock: Clock;
  metrics: Pick<Metrics, 'recordDedupFeedback' | 'observeMergeStep'>;
  logger: Pick<Logger, 'debug' | 'warn'>;
  audit?: AuditLog;
  notifier?: JobNotifier;
  /** How often an event stream re-reads a job another replica runs. */
  pollIntervalMs: number;
}

/** How long a preview's plan is remembered in this process, and a shown auto-selection in the store. */
const PLAN_TTL_MS = 15 * 60_000;
const SELECTION_TTL_MS = 60 * 60_000;

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * The widget's use cases over the tenant's engine and the job queue. Remembers, per process and
 * for a while, each preview's plan (so `submitMerge` re-validates it with the engine's `validate`
 * step instead of previewing again; another replica previews again), and, in the store for an
 * hour, each auto-selection shown (conversation ids only), so whichever replica accepts the merge
 * compares it with that: what the agent kept, removed and added feeds the dedup precision and recall.
 */
export function createAgentService(deps: AgentServiceDeps): AgentApi & {
  /** Drops what this process remembers of a tenant's customers (previewed plans): the tenant was removed. */
  forgetTenant(tenantId: string): void;
} {
  const { mergers, queue, store, clock, audit } = deps;
  const plans = createTtlCache<MergePlan>({ clock, ttlMs: PLAN_TTL_MS, maxEntries: 5_000 });

  async function readable(session: AgentSession, jobId: string): Promise<JobRecord> {
    const { tenantId, userId, permissions } = session.principal;
    const job = await queue.get(tenantId, jobId);
    if (job.actor.userId !== userId && !holds(permissions, APP_PERMISSIONS.admin)) {
      throw notFound(`Merge job ${jobId} was not found`, { jobId });
    }
    return job;
  }

  /**
   * The candidates the agent may see (the engine finds them with the backend's token, which sees
   * the whole org): Genesys is asked with the agent's own token, and the rest is left out.
   */
  async function visibleOnly<C extends { conversationId: string }>(session: AgentSession, candidates: C[]): Promise<C[]> {
    if (candidates.length === 0) return candidates;
    const hidden = new Set(await session.hiddenConversations(candidates.map((c) => c.conversationId)));
    if (hidden.size > 0) deps.logger.debug({ hidden: hidden.size, offered: candidates.length - hidden.size }, 'candidates the agent cannot see left out');
    return hidden.size === 0 ? candidates : candidates.filter((c) => !hidden.has(c.conversationId));
  }

  async function rememberShown(session: AgentSession, anchorConversationId: string, selected: string[]): Promise<void> {
    const now = clock.now();
    const { tenantId, userId } = session.principal;
    await store.feedback
      .recordShown({ tenantId, userId, anchorConversationId, conversationIds: selected, shownAt: now, expiresAt: now + SELECTION_TTL_MS })
      .catch((error: unknown) => {
        // Feedback is for the metrics; the agent gets their candidates whatever happens to it.
        deps.logger.warn({ err: error }, 'shown auto-selection not remembered');
      });
  }

  async function recordFeedback(session: AgentSession, job: JobRecord, plan: MergePlan): Promise<void> {
    const { tenantId, userId } = session.principal;
    const shown = await store.feedback.shown({ tenantId, userId, anchorConversationId: plan.anchorConversationId, now: clock.now() });
    const selected = shown?.conversationIds;
    if (!selected) {
      deps.logger.debug({ jobId: job.id }, 'no auto-selection remembered for this merge; no dedup feedback');
      return;
    }
    const submitted = new Set(plan.conversationIds.filter((id) => id !== plan.anchorConversationId));
    const offered = new Set(selected);
    const feedback = {
      jobId: job.id,
      tenantId: job.tenantId,
      userId: job.actor.userId,
      at: clock.now(),
      kept: [...offered].filter((id) => submitted.has(id)),
      removed: [...offered].filter((id) => !submitted.has(id)),
      added: [...submitted].filter((id) => !offered.has(id)),
    };
    await store.feedback.record(feedback);
    deps.metrics.recordDedupFeedback({ kept: feedback.kept.length, removed: feedback.removed.length, added: feedback.added.length });
  }

  const service: AgentApi & { forgetTenant(tenantId: string): void } = {
    forgetTenant() {
      // Rare: every remembered plan goes (they expire within minutes anyway); the shown
      // selections go with the tenant's data in the store.
      plans.clear();
    },

    async context(session, conversationId) {
      const { merger } = await mergers.forTenant(session.principal.tenantId);
      const context = await merger.context(conversationId);
      const missing = missingPermissions(session.principal.permissions, RULES.merge);
      const shown = mayViewContacts(session) ? context : redactContextContact(context);
      return { ...shown, permissions: { canMerge: missing.length === 0, missing } };
    },

    async candidates(session, conversationId) {
      const { merger } = await mergers.forTenant(session.principal.tenantId);
      const candidates = await visibleOnly(session, await merger.candidates(conversationId));
      await rememberShown(session, conversationId, candidates.filter((c) => c.selected).map((c) => c.conversationId));
      return { candidates };
    },

    async search(session, conversationId, query) {
      const { merger } = await mergers.forTenant(session.principal.tenantId);
      return { candidates: await visibleOnly(session, await merger.search(conversationId, query)) };
    },

    async preview(session, conversationIds) {
      const { merger } = await mergers.forTenant(session.principal.tenantId);
      const plan = await merger.preview({ conversationIds, anchorConversationId: conversationIds[0]! });
      plans.set(`${session.principal.tenantId}\n${plan.planHash}`, plan);
      // The plan is remembered whole (the merge needs its values); the agent sees what their role may read.
      return mayViewContacts(session) ? plan : redactPlanContacts(plan);
    },

    async submitMerge(session, { request, idempotencyKey, correlationId }) {
      const { tenantId, userId, name } = session.principal;
      const actor = { userId, name };
      const earlier = await queue.lookup({ tenantId, actor, idempotencyKey, request });
      if (earlier) return { job: toJobView(earlier), created: false };

      const { merger } = await mergers.forTenant(tenantId);
      const remembered = plans.get(`${tenantId}\n${request.planHash}`);
      const plan =
        remembered && sameIds(remembered.conversationIds, request.conversationIds)
          ? remembered
          : await merger.preview({ conversationIds: request.conversationIds, anchorConversationId: request.conversationIds[0]! });
      const reject = async (code: string, detail: Record<string, string | number | boolean | null>) => {
        await audit?.record({
          tenantId,
          actor: { type: 'agent', id: userId },
          action: 'merge.rejected',
          outcome: 'denied',
          correlationId,
          ids: { conversationIds: request.conversationIds },
          details: { code, ...detail },
        });
      };
      if (plan.planHash !== request.planHash) {
        await reject('plan_changed', { stage: 'plan' });
        throw new AppError('plan_changed', 409, 'The merge plan changed since the preview: preview again', {
          details: { planHash: plan.planHash },
        });
      }
      let validated;
      try {
        // The engine's own first step, run now so a stale plan is refused before a job exists.
        validated = await merger.runStep(merger.beginExecution(plan));
      } catch (error) {
        if (error instanceof AppError && (error.code === 'plan_changed' || error.code === 'plan_invalid')) {
          await reject(error.code, { stage: 'validate' });
        }
        throw error;
      }
      deps.metrics.observeMergeStep({ step: 'validate', durationMs: validated.state.stepDurations.validate ?? 0, outcome: 'succeeded' });
      // The job is saved with the state after `validate`: whichever replica claims it goes on from there.
      const { job, created } = await queue.submit({
        tenantId, actor, idempotencyKey, request, plan: validated.state.plan, correlationId,
        initial: { state: validated.state, step: validated.step },
      });
      if (!created) return { job: toJobView(job), created };
      await audit?.record({
        tenantId,
        actor: { type: 'agent', id: userId },
        action: 'merge.validated',
        outcome: 'success',
        correlationId,
        ids: { jobId: job.id, conversationIds: job.conversationIds, contactIds: plan.contacts.map((c) => c.id) },
        details: { planHash: plan.planHash, mergeRequired: plan.mergeRequired, warnings: plan.problems.map((p) => p.code) },
      });
      await recordFeedback(session, job, plan).catch((error: unknown) => {
        // Feedback is for the metrics; the merge was accepted whatever happens to it.
        deps.logger.warn({ err: error, jobId: job.id }, 'dedup feedback not recorded');
      });
      return { job: toJobView(job), created };
    },

    async job(session, jobId) {
      return toJobView(await readable(session, jobId));
    },

    async *watchJob(session, jobId, signal): AsyncGenerator<JobStreamEvent> {
      await readable(session, jobId);
      const updates = watchJob({
        store,
        clock,
        jobId,
        tenantId: session.principal.tenantId,
        pollIntervalMs: deps.pollIntervalMs,
        signal,
        ...(deps.notifier ? { notifier: deps.notifier } : {}),
      });
      for await (const job of updates) {
        if (job.status === 'succeeded' || job.status === 'failed') {
          yield { type: 'done', data: toJobView(job) };
          return;
        }
        yield { type: 'progress', data: toProgressEvent(job) };
      }
    },
  };
  return service;
}
