export { createStore } from './store.js';
export type { Store, StoreOptions, Repositories } from './store.js';
export { storeOptionsFromConfig } from './options.js';
export { createOutboxStore } from './outbox-store.js';
export type { WebhookEndpointSource } from './outbox-store.js';
export { toAlreadyMerged } from './markers.js';
export { STORE_TABLES } from './schema.js';
export type { Database } from './schema.js';
export type { TenantRepository, TenantPatch, KeyRingRepository } from './tenants.js';
export type { IdempotencyRepository, IdempotencyRecord } from './idempotency.js';
export type { JobRepository, NewJob, LeaseGuard } from './jobs.js';
export type { MarkerRepository } from './markers.js';
export type { OutboxRepository, StoredEndpoint } from './outbox.js';
export type { AuditRepository } from './audit.js';
export type { FeedbackRepository } from './feedback.js';
export type {
  StoreDialect,
  TenantRecord,
  TenantSecretField,
  KeyRingEntry,
  JobActor,
  JobError,
  JobRecord,
  MergedConversationMarker,
  NewOutboxEvent,
  AgentFeedback,
  ShownSelection,
  AuditEntryRecord,
  AuditChainRecord,
} from './types.js';
