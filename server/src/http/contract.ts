/**
 * The HTTP API's wire types (DESIGN.md, "HTTP API"). The server's zod schemas satisfy these;
 * the widget imports them with `import type` only. Keep stable: the README documents them.
 */
import type { AlreadyMerged, Candidate, Channel, MergePlan, MergeResult } from '../merge/types.js';

export type { AlreadyMerged, Candidate, Channel, MergePlan, MergeResult };
export type {
  FieldDecision, PlannedContact, Reason, ReasonCode, Timeline, TimelineEvent, ValidationProblem,
  ValidationCode, TenantSettings, ConflictPolicy,
} from '../merge/types.js';

/** Every error: `{error: {code, message, details}}` (details may name the field or permission). */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; correlationId?: string };
}

/** `GET /api/v1/auth-config` (public). */
export interface AuthConfigResponse {
  /** Login base URL when it is not the region's (e.g. the emulator); null otherwise. */
  loginBaseUrl: string | null;
  /** API base URL when it is not the region's; null otherwise. */
  apiBaseUrl: string | null;
}

/** `GET /api/v1/context?conversationId=` */
export interface ContextResponse {
  conversation: {
    conversationId: string;
    mediaType: string;
    messageType: string | null;
    channel: Channel;
    startTime: string;
    endTime: string | null;
    maskedAddress: string | null;
  };
  customer: { contactId: string | null; displayName: string | null; contactType: string | null };
  alreadyMerged: AlreadyMerged | null;
  /** What the signed-in agent may do here, from their Genesys role. */
  permissions: { canMerge: boolean; missing: string[] };
}

/** `GET /api/v1/candidates?conversationId=` and `GET /api/v1/candidates/search?conversationId=&q=` */
export interface CandidatesResponse {
  candidates: Candidate[];
}

/** `POST /api/v1/merges/preview` body. */
export interface PreviewRequest {
  conversationIds: string[];
}

/** `POST /api/v1/merges/preview` response: the plan, with its `planHash`. */
export type PreviewResponse = MergePlan;

/** `POST /api/v1/merges` body (with header `Idempotency-Key`). */
export interface MergeRequest {
  conversationIds: string[];
  planHash: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** The merge steps, in order. */
export type MergeStep = 'validate' | 'merge_contacts' | 'associate' | 'confirm' | 'reconcile' | 'record';

/** `GET /api/v1/merges/{id}`; `POST /api/v1/merges` answers 202 with this. */
export interface Job {
  id: string;
  status: JobStatus;
  step: MergeStep | null;
  conversationIds: string[];
  createdAt: string;
  updatedAt: string;
  result: MergeResult | null;
  error: ErrorBody['error'] | null;
}

/**
 * `GET /api/v1/merges/{id}/events`: server-sent events. `event: progress` with `JobProgressEvent`
 * data after each step; `event: done` with the final `Job`.
 */
export interface JobProgressEvent {
  jobId: string;
  status: JobStatus;
  step: MergeStep | null;
  completedSteps: number;
  totalSteps: number;
}
