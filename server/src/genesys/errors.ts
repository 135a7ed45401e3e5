/**
 * How a Genesys call ended, as a value (STYLE.md "Errors"): the retry loop, the metrics and the
 * engine decide from it.
 */
export type CallOutcome =
  | { kind: 'ok'; status: number }
  | { kind: 'retryable'; status: number | null; afterMs: number | null; reason: string }
  | { kind: 'permanent'; status: number | null; reason: string };

/** The parsed Genesys error body (reference §5.1), as far as it arrived. */
export interface GenesysErrorBody {
  message?: string;
  code?: string;
  status?: number;
  contextId?: string;
  messageParams?: Record<string, string>;
  details?: unknown[];
  errors?: unknown[];
}

/**
 * A Genesys call that failed for good: a permanent answer (400, 401, 403, 404, 409, …) or a
 * retryable one after the attempts ran out. `status` is null when no response arrived.
 */
export class GenesysApiError extends Error {
  override readonly name = 'GenesysApiError';
  readonly status: number | null;
  /** Genesys's dotted code (`not.found`, `conflict`, …) when the body carried one. */
  readonly code: string | null;
  /** `inin-correlation-id` / `contextId`, for support tickets. */
  readonly correlationId: string | null;
  /** The endpoint template, e.g. `GET /api/v2/conversations/{conversationId}`. */
  readonly endpoint: string;
  readonly attempts: number;
  /** True when the last outcome was retryable (the attempts ran out). */
  readonly exhausted: boolean;
  readonly body: GenesysErrorBody | null;
  /**
   * How long Genesys asked us to wait on its last answer (429 or 503: `Retry-After`, else
   * `inin-ratelimit-reset`), ms; null when it named no time.
   */
  readonly retryAfterMs: number | null;

  constructor(init: {
    endpoint: string;
    status: number | null;
    reason: string;
    body: GenesysErrorBody | null;
    correlationId: string | null;
    attempts: number;
    exhausted: boolean;
    retryAfterMs?: number | null;
  }) {
    super(`${init.endpoint} failed${init.status ? ` with ${init.status}` : ''}: ${init.reason}`);
    this.status = init.status;
    this.code = init.body?.code ?? null;
    this.correlationId = init.correlationId;
    this.endpoint = init.endpoint;
    this.attempts = init.attempts;
    this.exhausted = init.exhausted;
    this.body = init.body;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

/** True when `error` is a Genesys answer with this HTTP status. */
export function isGenesysStatus(error: unknown, status: number): error is GenesysApiError {
  return error instanceof GenesysApiError && error.status === status;
}
