export { createApp } from './app.js';
export type {
  AdminApi, AgentApi, AppDeps, HttpOptions, JobStreamEvent, ReadinessReport, RequestContext, WebhookDeliveryView,
} from './deps.js';
export { AUTH_REALM, CORRELATION_HEADER, errorMiddleware, mapGenesysError, notFoundHandler } from './errors.js';
export { assertVisible, authenticate, correlationIdOf, permit, sessionOf } from './guards.js';
export { buildOpenApiDocument, renderDocsPage } from './openapi.js';
export { createClockStore, createLimiter, addressKey } from './rate-limit.js';
export type { LimiterOptions } from './rate-limit.js';
export { corsAllowlist, frameAncestorsFor, genesysAppOrigins, genesysLoginOrigins, securityHeaders } from './security.js';
export type { SecurityOptions } from './security.js';
export { streamEvents } from './sse.js';
export type { SseMessage } from './sse.js';
export { parseInput } from './validate.js';
export type { InputSource } from './validate.js';
export {
  MAX_MERGE_CONVERSATIONS, auditQuery, authConfigResponse, candidate, candidatesResponse, contextResponse, conversationQuery,
  deliveriesQuery, errorBody, genesysId, idempotencyKey, job as jobSchema, jobParams, jobProgressEvent, mergePlan, mergeRequest,
  mergeResult, previewRequest, replayRequest, searchQuery,
} from './schemas.js';
export { AGENT_BODY_LIMIT } from './routes/agent.js';
export { ADMIN_BODY_LIMIT } from './routes/admin.js';
export type { PageName } from './routes/pages.js';
export type {
  AlreadyMerged, AuthConfigResponse, Candidate, CandidatesResponse, Channel, ContextResponse, ErrorBody, Job, JobProgressEvent,
  JobStatus, MergePlan, MergeRequest, MergeResult, MergeStep, PreviewRequest, PreviewResponse,
} from './contract.js';
