/**
 * The merge engine: the use cases of the merge over Genesys I/O (discovery, search, preview, the
 * resumable merge steps), for the HTTP API, the job runner, the CLI and integrators.
 */
export { createInteractionMerger, DEFAULT_ENGINE_OPTIONS } from './merger.js';
export { engineErrorOutcome, ENGINE_RETRY_AFTER_MS, type EngineErrorCode, type EngineErrorOutcome } from './errors.js';
export { MERGED_OUTSIDE_APP } from './discovery.js';
export { DEFAULT_DISCOVERY_OPTIONS, type DiscoveryOptions } from './workspace.js';
export { DEFAULT_CONFIRM_OPTIONS, type ConfirmOptions } from './confirm.js';
export { MAX_SELECTION } from './selection.js';
export { liveToAnalytics } from './live.js';
export type {
  Candidate, ConversationContext, EngineDeps, EngineEvent, EngineOptions, EngineOptionsInput, ExecutionState, InteractionMerger,
  MergedMarkerLookup, MergePlan, MergeResult, RunStepOptions, Selection, StepOutcome,
} from './types.js';
