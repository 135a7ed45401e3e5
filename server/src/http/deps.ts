import type { Router } from 'express';
import type { Logger } from 'pino';
import type { AuditEntry, AuditVerification } from '../audit/index.js';
import type { AgentAuthenticator, AgentSession } from '../auth/index.js';
import type { Clock } from '../clock/index.js';
import type { DeliveryAttempt, OutboxStatus } from '../crm/index.js';
import type { TenantSettings } from '../merge/types.js';
import type { Metrics } from '../metrics/index.js';
import type { Tenant, TenantRemoval } from '../tenants/index.js';
import type {
  AuthConfigResponse, CandidatesResponse, ContextResponse, Job, JobProgressEvent, MergeRequest, PreviewResponse,
} from './contract.js';

/** One message of a job's event stream. */
export type JobStreamEvent = { type: 'progress'; data: JobProgressEvent } | { type: 'done'; data: Job };

/** Who asked, for audit entries and job records. */
export interface RequestContext {
  /** The request id (`x-request-id`), used as the audit correlation id. */
  correlationId: string;
}

/** The agent's use cases (the widget's API). Permissions and visibility are checked before these run. */
export interface AgentApi {
  context(session: AgentSession, conversationId: string): Promise<ContextResponse>;
  candidates(session: AgentSession, conversationId: string): Promise<CandidatesResponse>;
  search(session: AgentSession, conversationId: string, query: string): Promise<CandidatesResponse>;
  preview(session: AgentSession, conversationIds: string[]): Promise<PreviewResponse>;
  /**
   * Validates the previewed plan (409 `plan_changed` when it no longer matches) and queues the
   * merge; the same `idempotencyKey` and body return the same job (`created: false`), another
   * body 422.
   */
  submitMerge(
    session: AgentSession,
    input: { request: MergeRequest; idempotencyKey: string } & RequestContext,
  ): Promise<{ job: Job; created: boolean }>;
  /** A job of the agent's tenant that the agent asked for (or any, for an admin); 404 otherwise. */
  job(session: AgentSession, jobId: string): Promise<Job>;
  /** Progress then `done`; ends after `done` or when `signal` aborts. Checks access like `job`. */
  watchJob(session: AgentSession, jobId: string, signal: AbortSignal): AsyncIterable<JobStreamEvent>;
}

/** A webhook event as the admin API lists it (without its payload, which holds customer data). */
export interface WebhookDeliveryView {
  eventId: string;
  type: string;
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
}

/** The administrator's use cases, on the caller's own tenant. */
export interface AdminApi {
  tenant(session: AgentSession): Promise<Tenant>;
  updateTenant(session: AgentSession, body: unknown, context: RequestContext): Promise<Tenant>;
  removeTenant(session: AgentSession, context: RequestContext): Promise<TenantRemoval>;
  /**
   * Self-service registration of a new org: the bearer token must be an admin's of that org,
   * issued to the widget client being registered.
   */
  registerTenant(authorization: string | undefined, body: unknown, context: RequestContext): Promise<Tenant>;
  settings(session: AgentSession): Promise<TenantSettings>;
  /** `replace`: the body is the whole settings object (absent fields take defaults); else a partial update. */
  updateSettings(session: AgentSession, input: { replace: boolean; value: unknown }, context: RequestContext): Promise<TenantSettings>;
  auditEntries(
    session: AgentSession,
    query: { action?: string; from?: number; to?: number; beforeSeq?: number; limit: number },
  ): Promise<AuditEntry[]>;
  verifyAudit(session: AgentSession): Promise<AuditVerification>;
  deliveries(session: AgentSession, query: { status?: OutboxStatus; before?: number; limit: number }): Promise<WebhookDeliveryView[]>;
  deliveryAttempts(session: AgentSession, eventId: string): Promise<DeliveryAttempt[]>;
  replay(session: AgentSession, eventIds: string[] | undefined, context: RequestContext): Promise<{ replayed: number }>;
}

/** Readiness of the process's dependencies. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

/** Options of the HTTP layer (from the configuration). */
export interface HttpOptions {
  mode: 'demo' | 'genesys';
  /** Origins allowed to call the API from a browser (CORS); `scheme://host:*` allows any port. */
  corsOrigins: readonly string[];
  trustProxy: boolean | number | string[];
  /** API requests per agent per minute. */
  rateLimitPerMinute: number;
  /** Built client pages (`dist/client`), or null when not built. */
  clientDir: string | null;
  /** Origins that may frame the widget (`frame-ancestors`). */
  frameAncestors: readonly string[];
  /** Login hosts the widget talks to (CSP `connect-src`, `frame-src`), read per response. */
  loginOrigins(): readonly string[];
  /** Extra origins the pages may frame (demo: the widget's origin, for the desktop harness). */
  frameOrigins: readonly string[];
  /** How often an idle event stream sends a comment to keep proxies from closing it (ms). */
  sseKeepAliveMs?: number;
}

/** Everything `createApp` needs: services built by the composition root (`server/src/app`). */
export interface AppDeps {
  options: HttpOptions;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  auth: AgentAuthenticator;
  agent: AgentApi;
  admin: AdminApi;
  authConfig(): AuthConfigResponse;
  ready(): Promise<ReadinessReport>;
  /** Routers mounted at the root before the API (demo mode: CRM receiver, desktop endpoints). */
  extraRouters?: readonly Router[];
}
