import type { Logger } from 'pino';
import type { Clock } from '../clock/index.js';
import { AppError } from '../errors/index.js';
import { GenesysApiError, isGenesysStatus, type GenesysApi, type GenesysClient } from '../genesys/index.js';
import type { MergeStep } from '../http/contract.js';
import type { LineTypeLookup } from '../lookup/index.js';
import { canonicalContactId, reconcileTimeline, type ConversationInput, type MergePlan, type TenantSettings } from '../merge/index.js';
import { confirmMerge } from './confirm.js';
import { planInvalid } from './errors.js';
import { emptyContactReads, mapBounded, readContacts } from './reads.js';
import { planContactIds, plannedConversationIds, planFromReads, readLineKinds, readSelection } from './selection.js';
import type { EngineEvent, EngineOptions, ExecutionState, MergedMarkerLookup, RunStepOptions, StepOutcome } from './types.js';

/** What the steps need. `records` keeps the confirmed analytics records between `confirm` and `reconcile` in this process. */
export interface ExecutionDeps {
  genesys: GenesysClient;
  settings: TenantSettings;
  clock: Clock;
  logger?: Logger;
  mergedMarkers?: MergedMarkerLookup;
  sessionIdIsCommunicationId: boolean;
  options: EngineOptions;
  records: RecordCache;
  seen?: (conversationId: string) => boolean;
  /** The carrier line-type lookup, when the service has one and the tenant allows it. */
  lineTypes?: LineTypeLookup;
}

/** A small bounded cache of confirmed records by execution (not persisted: a resumed `reconcile` re-reads). */
export interface RecordCache {
  get(key: string): ConversationInput[] | undefined;
  set(key: string, records: ConversationInput[]): void;
  delete(key: string): void;
}

/** A FIFO-bounded {@link RecordCache}. */
export function createRecordCache(maxEntries = 64): RecordCache {
  const entries = new Map<string, ConversationInput[]>();
  return {
    get: (key) => entries.get(key),
    set: (key, records) => {
      entries.delete(key);
      entries.set(key, records);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    delete: (key) => void entries.delete(key),
  };
}

const NEXT: Readonly<Record<MergeStep, MergeStep | null>> = Object.freeze({
  validate: 'merge_contacts',
  merge_contacts: 'associate',
  associate: 'confirm',
  confirm: 'reconcile',
  reconcile: 'record',
  record: null,
});

/** A durable execution of a valid plan; throws `plan_invalid` for an invalid one. No I/O. */
export function beginExecution(deps: Pick<ExecutionDeps, 'clock'>, plan: MergePlan): ExecutionState {
  if (!plan.valid) throw planInvalid(plan.problems);
  return {
    version: 1, plan, next: 'validate', contactId: null, associated: [], startedAt: deps.clock.now(),
    stepDurations: {}, apiCalls: 0, retries: 0, replans: 0, result: null, mergedFromContactIds: [], timeline: null,
  };
}

interface StepContext {
  deps: ExecutionDeps;
  api: GenesysApi;
  state: ExecutionState;
  events: EngineEvent[];
  resumed: boolean;
  signal: AbortSignal | undefined;
}

const executionKey = (state: ExecutionState) => `${state.startedAt}|${state.plan.conversationIds.join(',')}`;

/** The plan of the same selection from fresh reads (re-validation and re-planning). */
async function freshPlan(ctx: StepContext, contactIds: readonly string[]): Promise<MergePlan> {
  const { deps, api, state } = ctx;
  const { plan } = state;
  const [org, reads, markers] = await Promise.all([
    deps.genesys.orgSettings(),
    readSelection(api, plan.conversationIds, { contactIds, communicationIds: !deps.sessionIdIsCommunicationId, ...(deps.seen ? { seen: deps.seen } : {}) }),
    deps.mergedMarkers ? deps.mergedMarkers(plan.conversationIds) : Promise.resolve(new Map()),
  ]);
  return planFromReads(reads, {
    lineKinds: await readLineKinds(deps.lineTypes, reads, org, deps.settings),
    anchorConversationId: plan.anchorConversationId,
    conversationIds: plan.conversationIds,
    settings: deps.settings,
    org,
    alreadyMerged: markers,
    now: deps.clock.now(),
    sessionIdIsCommunicationId: deps.sessionIdIsCommunicationId,
  });
}

async function validate(ctx: StepContext): Promise<void> {
  const fresh = await freshPlan(ctx, planContactIds(ctx.state.plan));
  if (fresh.planHash !== ctx.state.plan.planHash) {
    throw new AppError('plan_changed', 409, 'The interactions or their contacts changed since the preview: preview again', {
      details: { planHash: fresh.planHash, expectedPlanHash: ctx.state.plan.planHash, valid: fresh.valid },
    });
  }
}

/**
 * The head every one of `ids` resolves to now, when they all resolve to one contact that is not
 * one of them: they were merged (by an earlier attempt of ours whose answer was lost, or by
 * someone else). Reads each contact (and follows `mergedTo`).
 */
async function mergedHead(api: GenesysApi, ids: readonly string[]): Promise<{ head: string | null; heads: string[] }> {
  const reads = emptyContactReads();
  await readContacts(api, ids, reads);
  const heads = [...new Set(ids.map((id) => canonicalContactId(id, reads.byId)))];
  const head = heads.length === 1 && !ids.includes(heads[0]!) ? heads[0]! : null;
  return { head, heads };
}

async function mergeContacts(ctx: StepContext): Promise<void> {
  const { deps, api, events } = ctx;
  let plan = ctx.state.plan;
  const adopt = (contactId: string, mergedFrom: string[], detail: string) => {
    ctx.state = { ...ctx.state, plan, contactId, mergedFromContactIds: mergedFrom };
    events.push({ action: 'merge_skipped', outcome: 'ok', ids: { contactId, mergedFromContactIds: mergedFrom }, detail });
  };
  if (!plan.mergeRequired) {
    const only = plan.contacts[0]?.id;
    if (!only) throw new AppError('invalid_state', 400, 'The plan names no contact to associate the conversations with');
    return adopt(only, [], 'the conversations already share one contact');
  }
  let ids = planContactIds(plan);
  if (ctx.resumed) {
    // This step may have posted the merge before a crash: never post twice (the merge creates a new contact each time).
    const { head } = await mergedHead(api, ids);
    if (head) return adopt(head, ids, 'the contacts were already merged (resumed step)');
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const merged = await api.mergeContacts({ contactIds: ids, valueOverride: plan.valueOverride });
      const contactId = merged.id ?? '';
      ctx.state = { ...ctx.state, plan, contactId, mergedFromContactIds: ids };
      events.push({ action: 'contacts_merged', outcome: 'ok', ids: { contactId, mergedFromContactIds: ids } });
      return;
    } catch (error) {
      const conflict = isGenesysStatus(error, 409);
      // A 5xx or a lost connection on the merge POST: it may have happened. Re-read before anything else.
      const status = error instanceof GenesysApiError ? error.status : undefined;
      const unknown = !conflict && (status === null || (status !== undefined && status >= 500));
      if (!conflict && !unknown) throw error;
      events.push({ action: 'contacts_merged', outcome: 'failed', ids: { mergedFromContactIds: ids }, detail: conflict ? 'conflict' : 'outcome unknown' });
      const { head, heads } = await mergedHead(api, ids);
      if (head) return adopt(head, ids, conflict ? 'merged by another operation' : 'the merge had happened');
      if (attempt >= deps.options.maxConflictRetries) {
        throw new AppError('merge_conflict', 409, 'The contacts kept changing during the merge; it will be retried', { details: { contactIds: ids } });
      }
      ctx.state = { ...ctx.state, retries: ctx.state.retries + 1 };
      events.push({ action: 'conflict_retried', outcome: 'ok', ids: { contactIds: ids, canonicalContactIds: heads } });
      if (conflict) {
        const fresh = await freshPlan(ctx, heads);
        if (!fresh.valid) throw planInvalid(fresh.problems, 'After a concurrent change to the contacts, the merge is no longer valid');
        plan = fresh;
        ctx.state = { ...ctx.state, plan, replans: ctx.state.replans + 1 };
        events.push({ action: 'replanned', outcome: 'ok', ids: { contactIds: planContactIds(plan) }, detail: plan.planHash });
        if (!plan.mergeRequired) return adopt(plan.contacts[0]!.id, [], 'after re-planning the conversations share one contact');
        ids = planContactIds(plan);
      }
    }
  }
}

async function associate(ctx: StepContext): Promise<void> {
  const { deps, api, events, signal } = ctx;
  const target = ctx.state.contactId;
  if (!target) throw new AppError('invalid_state', 400, 'associate needs the surviving contact (run merge_contacts first)');
  const done = new Set(ctx.state.associated);
  let pending = ctx.state.plan.associations.filter((a) => !done.has(a.conversationId));
  if (ctx.resumed && pending.length > 0) {
    // Some PUTs may have been sent before a crash: skip those Genesys already shows (analytics may lag: then they are sent again, harmlessly).
    const records = await api.getAnalyticsConversations(pending.map((a) => a.conversationId));
    const already = new Set(records.filter((r) => (r.participants ?? []).some((p) => p.externalContactId === target)).map((r) => r.conversationId));
    for (const association of pending) if (already.has(association.conversationId)) done.add(association.conversationId);
    pending = pending.filter((a) => !already.has(a.conversationId));
  }
  await mapBounded(pending, deps.options.associateConcurrency, async (association) => {
    signal?.throwIfAborted();
    await api.associateConversation({
      conversationId: association.conversationId,
      communicationId: association.communicationId,
      mediaType: association.mediaType,
      externalContactId: target,
    });
    done.add(association.conversationId);
    events.push({ action: 'conversation_associated', outcome: 'ok', ids: { conversationId: association.conversationId, contactId: target } });
  });
  ctx.state = { ...ctx.state, associated: ctx.state.plan.associations.map((a) => a.conversationId).filter((id) => done.has(id)) };
}

async function confirm(ctx: StepContext): Promise<void> {
  const { deps, api, state } = ctx;
  const confirmation = await confirmMerge({
    api, clock: deps.clock, options: deps.options.confirm, plan: state.plan,
    contactId: state.contactId!, mergedFromContactIds: state.mergedFromContactIds ?? [],
    conversationIds: plannedConversationIds(state.plan),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  deps.records.set(executionKey(state), confirmation.records);
  ctx.events.push({
    action: 'merge_confirmed', outcome: 'ok',
    ids: { contactId: state.contactId!, conversationIds: plannedConversationIds(state.plan) },
    detail: `${confirmation.polls} read(s)`,
  });
}

async function reconcile(ctx: StepContext): Promise<void> {
  const { deps, api, state } = ctx;
  const ids = plannedConversationIds(state.plan);
  const records = deps.records.get(executionKey(state)) ?? (await api.getAnalyticsConversations(ids));
  const timeline = records.length > 0
    ? reconcileTimeline(records, { channelWeights: deps.settings.channelWeights, clockSkewToleranceMs: deps.settings.clockSkewToleranceMs, now: deps.clock.now() })
    : state.plan.timeline;
  if (!timeline) throw new AppError('invalid_state', 400, 'No conversation to build the session timeline from');
  ctx.state = { ...state, timeline };
}

function record(ctx: StepContext, calls: { total: number; retries: number }): void {
  const { state, deps } = ctx;
  const timeline = state.timeline ?? state.plan.timeline;
  if (!timeline || !state.contactId) throw new AppError('invalid_state', 400, 'record needs the contact and the timeline (run the earlier steps first)');
  deps.records.delete(executionKey(state));
  ctx.state = {
    ...state,
    result: {
      contactId: state.contactId,
      mergedFromContactIds: state.mergedFromContactIds ?? [],
      conversationIds: plannedConversationIds(state.plan),
      channelSequence: timeline.channelSequence,
      timeline,
      metrics: {
        mergeLatencyMs: deps.clock.now() - state.startedAt,
        apiCalls: state.apiCalls + calls.total,
        priorityScore: timeline.priorityScore,
        retries: state.retries + calls.retries,
      },
    },
  };
}

/** Runs `state.next` (see `InteractionMerger.runStep`). */
export async function runStep(deps: ExecutionDeps, state: ExecutionState, signal?: AbortSignal, options: RunStepOptions = {}): Promise<StepOutcome> {
  if (state?.version !== 1 || !state.plan) throw new AppError('invalid_state', 400, 'Unknown execution state version');
  if (state.next === null) return { state, step: 'record', done: true, events: [] };
  const step = state.next;
  signal?.throwIfAborted();
  const api = deps.genesys.scope();
  const started = deps.clock.now();
  const ctx: StepContext = { deps, api, state, events: [], resumed: options.resumed ?? false, signal };
  switch (step) {
    case 'validate': await validate(ctx); break;
    case 'merge_contacts': await mergeContacts(ctx); break;
    case 'associate': await associate(ctx); break;
    case 'confirm': await confirm(ctx); break;
    case 'reconcile': await reconcile(ctx); break;
    case 'record': record(ctx, { total: api.counter.total(), retries: api.counter.retries() }); break;
    default: throw new AppError('invalid_state', 400, `Unknown step ${String(step)}`);
  }
  const next = NEXT[step];
  const finished: ExecutionState = {
    ...ctx.state,
    next,
    stepDurations: { ...ctx.state.stepDurations, [step]: deps.clock.now() - started },
    apiCalls: ctx.state.apiCalls + api.counter.total(),
    retries: ctx.state.retries + api.counter.retries(),
  };
  deps.logger?.debug({ step, apiCalls: api.counter.total(), durationMs: finished.stepDurations[step] }, 'merge step done');
  return { state: finished, step, done: next === null, events: ctx.events };
}
