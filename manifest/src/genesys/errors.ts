/** A Platform API call that failed, classified for retries and messages. */
export class GenesysError extends Error {
  override readonly name = 'GenesysError';
  constructor(
    /** What was being done, e.g. `create the role`. */
    readonly operation: string,
    /** HTTP status; null when no answer came (network, timeout). */
    readonly status: number | null,
    /** The platform's error code (`missing.any.permissions`, `conflict`, …) or `network`. */
    readonly code: string,
    message: string,
    /** From `Retry-After` (seconds), when the answer carried it. */
    readonly retryAfterMs: number | null = null,
    /** The permissions a 403 names (`messageParams.permissions`, or the bracketed list in its message). */
    readonly missingPermissions: readonly string[] = [],
  ) {
    super(`${operation}: ${status === null ? '' : `${status} `}${message}`);
  }

  /** 429, 502, 503, 504 and no answer at all: worth another try for an idempotent call. */
  get retryable(): boolean {
    return this.status === null || this.status === 429 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

interface ExtendedRejection {
  status?: unknown;
  headers?: Record<string, unknown>;
  body?: unknown;
  error?: unknown;
  message?: unknown;
  code?: unknown;
}

function permissionsOf(body: Record<string, unknown>): string[] {
  const params = body.messageParams as Record<string, unknown> | undefined;
  const listed = typeof params?.permissions === 'string' ? params.permissions : /\[([^\]]+)\]/.exec(String(body.message ?? ''))?.[1];
  return listed ? listed.split(',').map((p) => p.trim()).filter((p) => /^[A-Za-z0-9*]+:[A-Za-z0-9*]+:[A-Za-z0-9*]+$/.test(p)) : [];
}

/**
 * Turns what the SDK rejected with (extended responses: `{status, headers, body, error}`; or a
 * plain error body; or a network error) into a {@link GenesysError}.
 */
export function toGenesysError(operation: string, raw: unknown): GenesysError {
  if (raw instanceof GenesysError) return raw;
  // The SDK's login calls reject with the HTTP client's error, whose answer is under `response`.
  const axiosResponse = (raw as { response?: { status?: unknown; headers?: Record<string, unknown>; data?: unknown } } | null)?.response;
  const rejection = (axiosResponse ? { status: axiosResponse.status, headers: axiosResponse.headers, body: axiosResponse.data } : (raw ?? {})) as ExtendedRejection;
  const status = typeof rejection.status === 'number' && rejection.status > 0 ? rejection.status : null;
  const body = (typeof rejection.body === 'object' && rejection.body !== null ? rejection.body : rejection) as Record<string, unknown>;
  if (status === null) {
    const cause = rejection.error instanceof Error ? rejection.error.message : raw instanceof Error ? raw.message : String(rejection.message ?? 'no answer');
    return new GenesysError(operation, null, 'network', `Genesys Cloud did not answer (${cause})`);
  }
  const retryAfter = Number(rejection.headers?.['retry-after']);
  return new GenesysError(
    operation,
    status,
    typeof body.code === 'string' ? body.code : `http.${status}`,
    typeof body.message === 'string' ? body.message : typeof body.error_description === 'string' ? body.error_description : `HTTP ${status}`,
    Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : null,
    status === 403 ? permissionsOf(body) : [],
  );
}
