export { createApiClient } from './api-client.js';
export type { ApiClient, ApiClientDeps, MergeStreamEvent } from './api-client.js';
export {
  ApiError, failureFromResponse, missingPermissions, parseRetryAfter, DEFAULT_RETRY_AFTER_SECONDS,
} from './api-error.js';
export type { ApiFailure } from './api-error.js';
export { readServerSentEvents } from './sse.js';
export type { ServerSentEvent } from './sse.js';
