export {
  createGenesysClient,
  DEFAULT_ANALYTICS_LIMITS,
  GENESYS_ENDPOINTS,
  type AnalyticsConversation,
  type AnalyticsLimits,
  type CallCounter,
  type Conversation,
  type ConversationAssociation,
  type ConversationQuery,
  type ExternalContact,
  type GenesysApi,
  type GenesysClient,
  type GenesysClientOptions,
  type JourneySession,
  type OrgSettings,
} from './client.js';
export { createAgentClientFactory, type AgentGenesysClient, type AgentIdentity } from './agent-client.js';
export type { GenesysCallEvent, GenesysCallObserver } from './caller.js';
export { GenesysApiError, isGenesysStatus, type CallOutcome, type GenesysErrorBody } from './errors.js';
export { createCallLimiter, type CallLimiter } from './limiter.js';
export { splitInterval, type ConversationSearch } from './paging.js';
export { classifyAttempt, rateLimitWaitMs, retryDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export { regionHost, targetUrls, REGION_HOSTS, type GenesysTarget } from './sdk.js';
