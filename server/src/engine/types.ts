/**
 * The engine's contract: the use cases of the merge over Genesys I/O, used by the HTTP API,
 * the durable job runner, the CLI and integrators (the library surface).
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock/index.js';
import type { GenesysClient } from '../genesys/index.js';
import type { ContextResponse, MergeStep } from '../http/contract.js';
import type { AlreadyMerged, Candidate, MergePlan, MergeResult, TenantSettings } from '../merge/types.js';

/** Our own record of merges (the store): "already merged", with when and by whom. */
export type MergedMarkerLookup = (conversationIds: readonly string[]) => Promise<Map<string, AlreadyMerged>>;

export interface EngineDeps {
  /** The tenant's backend client (client credentials). */
  genesys: GenesysClient;
  settings: TenantSettings;
  clock: Clock;
  logger?: Logger;
  mergedMarkers?: MergedMarkerLookup;
  /**
   * Whether the analytics `sessionId` is the communication id the association needs (reference
   * §3.6, UNCONFIRMED; the emulator's behaviour). When false the engine reads
   * `GET /api/v2/conversations/{id}` for each conversation's communication id.
   */
  sessionIdIsCommunicationId?: boolean;
}

/** The interaction an agent has open, its customer, and whether it was already merged. */
export type ConversationContext = Omit<ContextResponse, 'permissions'>;

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
}

export interface StepOutcome {
  state: ExecutionState;
  /** The step that just ran. */
  step: MergeStep;
  done: boolean;
  events: EngineEvent[];
}

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
  /** Runs the next step. Idempotent: running a step again after a crash does no harm. */
  runStep(state: ExecutionState, signal?: AbortSignal): Promise<StepOutcome>;
  /** Preview then every step, in process (library and CLI use). */
  merge(selection: Selection): Promise<MergeResult>;
  /** The one-call entry point: `merge({ conversationIds })`. */
  mergeInteractions(conversationIds: string[]): Promise<MergeResult>;
}

export type { Candidate, MergePlan, MergeResult };
