/**
 * The widget's public surface for other code (tests, the bench): element classes (importing
 * them defines no tag), the pure modules, and the dependency type. The page entry is `main.ts`.
 */
export {
  ImWidget, ImMergePanel, ImCandidateList, ImCandidateSearch, ImMergePreview, ImTimeline, ImConfirmDialog,
  ImMergeProgress, ImProblemNotice, ImSetupHelp, WIDGET_PATH, CANDIDATES_VISIBLE_MARK,
} from './components/index.js';
export type { WidgetDeps } from './runtime.js';
export { parseWidgetContext, suggestedQuery } from './context/index.js';
export type { ContextResult, WidgetContext } from './context/index.js';
export { createApiClient, ApiError } from './api/index.js';
export type { ApiClient, ApiFailure } from './api/index.js';
export { createHostBridge, disconnectedBridge } from './host/index.js';
export type { HostBridge } from './host/index.js';
