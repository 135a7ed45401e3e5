export { ApiError, badRequest, conflict, missingAnyPermissions, notAuthorized, notFound, unauthorized } from './errors.js';
export type { ApiErrorExtras, ErrorDetail, GenesysErrorBody } from './errors.js';
export {
  apiErrorMiddleware, correlationMiddleware, countingMiddleware, mountApiRoutes, unknownApiPath,
} from './api-router.js';
export type { ApiCall, ApiPipelineDeps, ApiResult, ApiRoute } from './api-router.js';
export { createFaultInjector, NO_FAULTS, parseFaultSettings, seededRandom } from './faults.js';
export type { FaultInjector, FaultSettings } from './faults.js';
export { createRateLimiter, rateLimitHeaders } from './rate-limit.js';
export type { RateLimitDecision, RateLimiter } from './rate-limit.js';
export { createRequestCounter } from './request-counts.js';
export type { RequestCountEntry, RequestCounter, RequestCounts } from './request-counts.js';
