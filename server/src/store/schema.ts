/**
 * The tables, as Kysely sees them. Times are epoch milliseconds (BIGINT on PostgreSQL,
 * INTEGER on SQLite); JSON is stored as TEXT on both, so the outbox keeps the exact bytes it
 * signs; flags are 0/1 integers. Private to the store: other modules use the repositories.
 */

/** One row per tenant (Genesys org). */
export interface TenantsTable {
  /** The Genesys organisation id. */
  id: string;
  name: string;
  region: string | null;
  api_base_url: string | null;
  login_base_url: string | null;
  backend_client_id: string;
  /** Ciphertext `v1:<dataKeyId>:…` (server/src/tenants/keyring.ts). */
  backend_client_secret: string;
  widget_client_id: string;
  crm_webhook_url: string | null;
  /** Ciphertext `v1:<dataKeyId>:…` (server/src/tenants/keyring.ts). */
  crm_webhook_secret: string | null;
  crm_webhook_enabled: number;
  crm_webhook_disabled_reason: string | null;
  settings: string;
  created_at: number;
  updated_at: number;
}

/** Data keys wrapped under master keys. */
export interface KeyRingTable {
  id: string;
  purpose: string;
  generation: number;
  /** JSON `{ [masterKeyId]: wrappedKey }`. */
  wraps: string;
  created_at: number;
  updated_at: number;
}

/** Remembered `Idempotency-Key`s (tenant, user, key). */
export interface IdempotencyKeysTable {
  tenant_id: string;
  user_id: string;
  key: string;
  request_hash: string;
  job_id: string;
  created_at: number;
  expires_at: number;
}

/** Durable merge jobs with their plan, step state and lease. */
export interface MergeJobsTable {
  id: string;
  tenant_id: string;
  actor_user_id: string;
  actor_name: string | null;
  status: string;
  step: string | null;
  completed_steps: number;
  conversation_ids: string;
  plan: string;
  plan_hash: string;
  state: string | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  run_after: number;
  attempts: number;
  result: string | null;
  error: string | null;
  correlation_id: string | null;
  version: number;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
}

/** Merged-conversation markers. */
export interface MergedConversationsTable {
  tenant_id: string;
  conversation_id: string;
  job_id: string;
  contact_id: string;
  merged_at: number;
  merged_by_user_id: string;
  merged_by_name: string | null;
}

/** CRM webhook events (the transactional outbox). */
export interface OutboxEventsTable {
  id: string;
  tenant_id: string;
  type: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  delivered_at: number | null;
  last_status: number | null;
  last_error: string | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
}

/** Each delivery attempt of an outbox event. */
export interface DeliveryAttemptsTable {
  event_id: string;
  tenant_id: string;
  attempt: number;
  at: number;
  duration_ms: number;
  http_status: number | null;
  error: string | null;
  outcome: string;
  next_attempt_at: number | null;
}

/** Audit entries, chained per tenant by `prev_hash`. */
export interface AuditEntriesTable {
  tenant_id: string;
  seq: number;
  id: string;
  at: number;
  actor_type: string;
  actor_id: string;
  action: string;
  outcome: string;
  correlation_id: string | null;
  /** JSON. */
  ids: string;
  /** JSON: pseudonymised identifiers. */
  identifiers: string;
  /** JSON. */
  details: string;
  prev_hash: string;
  hash: string;
  mac: string;
}

/** Head and retention anchor of each audit chain, sealed with the audit key. */
export interface AuditChainsTable {
  tenant_id: string;
  head_seq: number;
  head_hash: string;
  head_mac: string;
  anchor_seq: number;
  anchor_hash: string;
  anchor_mac: string;
  purged_count: number;
  updated_at: number;
}

/** What agents kept, removed or added per merge. */
export interface AgentFeedbackTable {
  job_id: string;
  tenant_id: string;
  user_id: string;
  at: number;
  kept: string;
  removed: string;
  added: string;
}

/** The auto-selection last shown to an agent for an anchor conversation (ids only), until `expires_at`. */
export interface ShownSelectionsTable {
  tenant_id: string;
  user_id: string;
  anchor_conversation_id: string;
  /** JSON array of the auto-selected conversation ids. */
  conversation_ids: string;
  shown_at: number;
  expires_at: number;
}

/** The whole schema, for `Kysely<Database>`. */
export interface Database {
  tenants: TenantsTable;
  key_ring: KeyRingTable;
  idempotency_keys: IdempotencyKeysTable;
  merge_jobs: MergeJobsTable;
  merged_conversations: MergedConversationsTable;
  outbox_events: OutboxEventsTable;
  delivery_attempts: DeliveryAttemptsTable;
  audit_entries: AuditEntriesTable;
  audit_chains: AuditChainsTable;
  agent_feedback: AgentFeedbackTable;
  shown_selections: ShownSelectionsTable;
}

/** Every table the store owns (the migration tables aside), e.g. for a full scan in tests. */
export const STORE_TABLES: ReadonlyArray<keyof Database> = Object.freeze([
  'tenants',
  'key_ring',
  'idempotency_keys',
  'merge_jobs',
  'merged_conversations',
  'outbox_events',
  'delivery_attempts',
  'audit_entries',
  'audit_chains',
  'agent_feedback',
  'shown_selections',
]);
