/**
 * The engine's contract: the use cases of the merge over Genesys I/O, used by the HTTP API,
 * the durable job runner, the CLI and integrators (the library surface).
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock/index.js';
import type { GenesysClient } from '../genesys/index.js';
import type { LineTypeLookup } from '../lookup/index.js';
import type { ContextResponse, MergeStep } from '../http/contract.js';
import type { AlreadyMerged, Candidate, MergePlan, MergeResult, TenantSettings, Timeline } from '../merge/types.js';
import type { ConfirmOptions } from './confirm.js';
import type { DiscoveryOptions } from './workspace.js';

/** Our own record of merges (the store): "already merged", with when and by whom. */
export type MergedMarkerLookup = (conversationIds: readonly string[]) => Promise<Map<string, AlreadyMerged>>;

/** What `createInteractionMerger` needs: one tenant's Genesys client, settings and clock. */
export interface EngineDeps {
  /** The tenant's backend client (client credentials). */
  genesys: GenesysClient;
  settings: TenantSettings;
  clock: Clock;
  logger?: Logger;
  mergedMarkers?: MergedMarkerLookup;
  /**
   * A carrier line-type lookup (`createTwilioLineTypeLookup`), used when the tenant's
   * `lineTypeLookup` allows: it tells a household's landline from a personal mobile where the
   * numbering plan cannot (the NANP). Without it, a listed line of unknown kind stays possibly shared.
   */
  lineTypes?: LineTypeLookup;
  /**
   * Whether the analytics `sessionId` is the communication id the association needs (reference
   * §3.6, UNCONFIRMED; the emulator's behaviour). When false the engine reads
   * `GET /api/v2/conversations/{id}` for each conversation's communication id.
   */
  sessionIdIsCommunicationId?: boolean;
  /** Tunables; every one has a default (`DEFAULT_ENGINE_OPTIONS`). */
  options?: EngineOptionsInput;
}

/** The engine's tunables: call bounds of discovery, the confirmation backoff, retry bounds. */
export interface EngineOptions {
  discovery: DiscoveryOptions;
  confirm: ConfirmOptions;
  /** Merge POSTs after the first that a 409 (or an unknown outcome) may cause, each after re-reading. */
  maxConflictRetries: number;
  /** Association PUTs in flight at once for one merge (the client also bounds the org's concurrency and rate). */
  associateConcurrency: number;
}

/** {@link EngineOptions} with every part optional (merged over the defaults). */
export interface EngineOptionsInput {
  discovery?: Partial<DiscoveryOptions>;
  confirm?: Partial<ConfirmOptions>;
  maxConflictRetries?: number;
  associateConcurrency?: number;
}

/** The interaction an agent has open, its customer, and whether it was already merged. */
export type ConversationContext = Omit<ContextResponse, 'permissions'>;

/** The conversations to preview or merge. */
export interface Selection {
  conversationIds: string[];
  /** The interaction the agent has open (default: the first id). */
  anchorConversationId?: string;
}

/** A Genesys mutation or decision the engine made during a step, for the audit log. */
export interface EngineEvent {
  action: 'contacts_merged' | 'merge_skipped' | 'conversation_associated' | 'merge_confirmed' | 'replanned' | 'conflict_retried';
  outcome: 'ok' | 'failed';
  /** Ids only (contacts, conversations), never customer identifiers. */
  ids: Record<string, string | string[]>;
  detail?: string;
}

/**
 * The durable execution state of one merge: plain JSON, persisted by the job runner after every
 * step, so a crash resumes at the step it was in. `version` guards the shape.
 */
export interface ExecutionState {
  version: 1;
  plan: MergePlan;
  /** The step to run next; null when done. */
  next: MergeStep | null;
  /** The surviving (canonical) contact, once known. */
  contactId: string | null;
  /** Conversations whose association was confirmed sent. */
  associated: string[];
  /** Epoch ms the execution began (for mergeLatencyMs). */
  startedAt: number;
  /** Duration of each finished step, ms. */
  stepDurations: Partial<Record<MergeStep, number>>;
  /** Genesys calls made so far (all steps), and how many were retries. */
  apiCalls: number;
  retries: number;
  /** How many times a 409 made the engine re-plan. */
  replans: number;
  result: MergeResult | null;
  /** The contacts the merge consumed, after any re-plan (set by `merge_contacts`; [] when none was needed). */
  mergedFromContactIds?: string[];
  /** The session timeline reconciled from the confirmed records (set by `reconcile`). */
  timeline?: Timeline | null;
}

/** How the job runner calls a step. */
export interface RunStepOptions {
  /**
   * True when this step may already have run, in part or in full, without its outcome being saved:
   * the state was loaded from the store (a restart after a crash, a lease taken over, a retry after
   * an error), not handed over by the previous `runStep` of this process. The engine then reads
   * before it writes: `merge_contacts` re-reads the contacts and, when they already resolve to one
   * merged contact (`mergedTo`), adopts it instead of posting the merge again; `associate` skips
   * the conversations Genesys already shows associated. Passing true is always safe; it costs k
   * contact GETs (merge) or one batch GET (associate), outside the budget of a clean run.
   */
  resumed?: boolean;
}

/** What one `runStep` did: the state to persist, the step, whether the merge is done, and its events. */
export interface StepOutcome {
  state: ExecutionState;
  /** The step that just ran. */
  step: MergeStep;
  done: boolean;
  events: EngineEvent[];
}

/** The engine's use cases for one tenant (see `createInteractionMerger`). */
export interface InteractionMerger {
  context(conversationId: string): Promise<ConversationContext>;
  /** Related interactions, scored, with auto-selection and reasons. */
  candidates(conversationId: string): Promise<Candidate[]>;
  /** Interactions matching an identifier or a conversation id the agent typed. */
  search(conversationId: string, query: string): Promise<Candidate[]>;
  /** The plan with its `planHash`; never mutates anything. */
  preview(selection: Selection): Promise<MergePlan>;
  /** A durable execution of a previewed plan (no I/O). Throws when the plan is not valid. */
  beginExecution(plan: MergePlan): ExecutionState;
  /**
   * Runs `state.next` and returns the new state (persist it before the next call). The steps:
   * - `validate`: re-reads the selection (one batch GET, the plan's k contacts) and rebuilds the
   *   plan; throws `plan_changed` (409) when its hash differs from the previewed one. Read-only, so
   *   `POST /api/v1/merges` can run it synchronously before accepting the job.
   * - `merge_contacts`: `POST …/contacts/merge` with the plan's `valueOverride`, or nothing when the
   *   conversations already share one contact; a 409 (or an unknown outcome) re-reads the contacts,
   *   adopts the merged contact when they already resolve to one (`mergedTo`), else re-plans and
   *   posts again (at most `maxConflictRetries` times; then `merge_conflict`, retryable).
   * - `associate`: one PUT per planned association, concurrently (bounded).
   * - `confirm`: reads back until Genesys agrees, with bounded backoff on the clock (`confirm_timeout`, retryable).
   * - `reconcile`: the session timeline from the confirmed records (no call in the same process).
   * - `record`: the `MergeResult` (in `state.result`); `done` is then true.
   * Every step may be run again from the state saved before it (see `RunStepOptions.resumed`);
   * a finished state returns `done` without calls. Throws `AppError`s (see `engineErrorOutcome`
   * for what to retry) and `GenesysApiError`s; `signal` stops it between calls.
   */
  runStep(state: ExecutionState, signal?: AbortSignal, options?: RunStepOptions): Promise<StepOutcome>;
  /** Preview then every step, in process (library and CLI use). */
  merge(selection: Selection): Promise<MergeResult>;
  /** The one-call entry point: `merge({ conversationIds })`. */
  mergeInteractions(conversationIds: string[]): Promise<MergeResult>;
}

export type { Candidate, MergePlan, MergeResult };
