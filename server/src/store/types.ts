import type { ErrorBody, JobStatus, MergeStep } from '../http/contract.js';
import type { MergePlan, MergeResult } from '../merge/types.js';

/** Which database the store runs on. */
export type StoreDialect = 'sqlite' | 'postgres';

/** A tenant as stored: secrets are ciphertexts (see `server/src/tenants`). */
export interface TenantRecord {
  /** The Genesys organisation id. */
  id: string;
  name: string;
  /** SDK region key, or null when `apiBaseUrl` is explicit. */
  region: string | null;
  apiBaseUrl: string | null;
  loginBaseUrl: string | null;
  backendClientId: string;
  backendClientSecretCiphertext: string;
  widgetClientId: string;
  crmWebhook: {
    url: string;
    secretCiphertext: string;
    enabled: boolean;
    disabledReason: string | null;
  } | null;
  /** `TenantSettings` as JSON text; validated by the tenant service. */
  settings: string;
  createdAt: number;
  updatedAt: number;
}

/** A secret column of the tenants table, for key rotation. */
export type TenantSecretField = 'backend_client_secret' | 'crm_webhook_secret';

/** A key of the key ring, wrapped under one or more master keys. */
export interface KeyRingEntry {
  id: string;
  purpose: string;
  generation: number;
  /** masterKeyId → wrapped key (opaque text). */
  wraps: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

/** Who asked for a merge. */
export interface JobActor {
  userId: string;
  /** Display name, shown as "merged by" in the widget; null when unknown. */
  name: string | null;
}

/** A job's error, as the HTTP API shows it. */
export type JobError = ErrorBody['error'];

/** One durable merge job. */
export interface JobRecord {
  id: string;
  tenantId: string;
  actor: JobActor;
  status: JobStatus;
  /** The last step completed (null before the first). */
  step: MergeStep | null;
  completedSteps: number;
  conversationIds: string[];
  plan: MergePlan;
  planHash: string;
  /** The engine's step state (JSON), persisted after every step; null before the first. */
  state: unknown;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  /** Not claimable before this time (retry back-off). */
  runAfter: number;
  /** How many times the job was claimed. */
  attempts: number;
  result: MergeResult | null;
  error: JobError | null;
  correlationId: string | null;
  /** Incremented on every change, so watchers can tell a new state from one already seen. */
  version: number;
  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** "This conversation was merged by us": the widget shows it as already merged. */
export interface MergedConversationMarker {
  tenantId: string;
  conversationId: string;
  jobId: string;
  /** The canonical contact the conversation now points at. */
  contactId: string;
  mergedAt: number;
  mergedBy: JobActor;
}

/** A new outbox event, written in the transaction that completes a job. */
export interface NewOutboxEvent {
  id: string;
  tenantId: string;
  type: string;
  /** The exact JSON bytes to sign and send. */
  payload: string;
  createdAt: number;
}

/** What an agent did with the auto-selection of one merge (for dedup precision and recall). */
export interface AgentFeedback {
  jobId: string;
  tenantId: string;
  userId: string;
  at: number;
  /** Auto-selected and merged. */
  kept: string[];
  /** Auto-selected, but deselected by the agent. */
  removed: string[];
  /** Not auto-selected, but added by the agent. */
  added: string[];
}

/**
 * The auto-selection shown to an agent for an anchor conversation: conversation ids only (no
 * customer identifier), kept until `expiresAt` (epoch ms).
 */
export interface ShownSelection {
  tenantId: string;
  userId: string;
  anchorConversationId: string;
  /** The auto-selected conversations (the anchor excluded). */
  conversationIds: string[];
  shownAt: number;
  expiresAt: number;
}

/** A stored audit entry (built and checked by `server/src/audit`). */
export interface AuditEntryRecord {
  tenantId: string;
  seq: number;
  id: string;
  at: number;
  actorType: string;
  actorId: string;
  action: string;
  outcome: string;
  correlationId: string | null;
  /** JSON text. */
  ids: string;
  /** JSON text. */
  identifiers: string;
  /** JSON text. */
  details: string;
  prevHash: string;
  hash: string;
  mac: string;
}

/** The head and the retention anchor of one tenant's audit chain. */
export interface AuditChainRecord {
  tenantId: string;
  headSeq: number;
  headHash: string;
  headMac: string;
  /** The last purged entry (0 and the genesis hash when nothing was purged). */
  anchorSeq: number;
  anchorHash: string;
  anchorMac: string;
  purgedCount: number;
  updatedAt: number;
}
