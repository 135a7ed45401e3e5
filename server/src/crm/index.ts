export type {
  DeliveryAttempt,
  OutboxEvent,
  OutboxStatus,
  OutboxStore,
  WebhookEndpoint,
} from './types.js';
export {
  buildMergedEvent,
  DEFAULT_MAX_PAYLOAD_BYTES,
  MERGED_EVENT_SCHEMA_VERSION,
  MERGED_EVENT_TYPE,
  mergedEventId,
  serializeEvent,
  toOutboxMessage,
} from './event.js';
export type {
  CustomerIdentifier,
  CustomerIdentifierType,
  MergedEvent,
  MergedEventInput,
  TimelineThinning,
} from './event.js';
export {
  assertWebhookSecret,
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  WEBHOOK_TOLERANCE_MS,
} from './signing.js';
export type { WebhookHeaders, WebhookVerification } from './signing.js';
export {
  assertWebhookUrlAllowed,
  classifyAddress,
  isCategoryAllowed,
  systemResolve,
} from './ssrf.js';
export type {
  AddressCategory,
  AllowedWebhookUrl,
  ResolvedAddress,
  Resolve,
  WebhookUrlPolicy,
  WebhookUrlRefusal,
} from './ssrf.js';
export {
  classifyStatus,
  MAX_RETRY_AFTER_MS,
  nextRetryDelay,
  parseRetryAfter,
  WEBHOOK_RETRY_JITTER,
  WEBHOOK_RETRY_SCHEDULE_MS,
} from './retry.js';
export type { DeliveryClass } from './retry.js';
export { createPinnedFetch } from './transport.js';
export type { PinnedFetch, WebhookFetch, WebhookRequestInit, WebhookResponse } from './transport.js';
export { deliver, DEFAULT_WEBHOOK_TIMEOUT_MS } from './deliver.js';
export type { DeliverOptions, DeliveryResult } from './deliver.js';
export { createOutboxRelay } from './relay.js';
export type { OutboxRelay, OutboxRelayOptions, RelayMetrics, RelayRunSummary } from './relay.js';
export { createMemoryOutbox } from './memory-outbox.js';
export type { MemoryOutbox } from './memory-outbox.js';
export { default as interactionMergedSchema } from './interaction-merged.schema.json' with { type: 'json' };
