export { parseWidgetContext, suggestedQuery, isLoopbackHost, CONTEXT_PARAMS } from './url-context.js';
export type { ContextParam, ContextProblem, ContextResult, ThemePreference, WidgetContext } from './url-context.js';
