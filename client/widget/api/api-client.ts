/**
 * The widget's calls to our backend (DESIGN.md "HTTP API"), on the widget's own origin, with the
 * agent's bearer token. Failures come back as `ApiError` (see `api-error.ts`).
 */
import type {
  AuthConfigResponse, CandidatesResponse, ContextResponse, Job, JobProgressEvent, MergeRequest,
  PreviewResponse,
} from '../../../server/src/http/contract.js';
import { ApiError, failureFromResponse } from './api-error.js';
import { readServerSentEvents } from './sse.js';

export interface ApiClientDeps {
  /** Origin of our backend: the widget's own origin. */
  baseUrl: string;
  /** The current token, or null when none is valid (expired or never signed in). */
  getToken(): string | null;
  /** Called when the backend answers 401 or no valid token is left: sign in again. */
  onUnauthorized(): void;
  fetch: typeof fetch;
  now(): number;
}

/** One message of the merge's event stream. */
export type MergeStreamEvent =
  | { type: 'progress'; progress: JobProgressEvent }
  | { type: 'done'; job: Job };

export interface ApiClient {
  /** `GET /api/v1/auth-config` (public). */
  authConfig(signal?: AbortSignal): Promise<AuthConfigResponse>;
  /** `GET /api/v1/context?conversationId=` */
  context(conversationId: string, signal?: AbortSignal): Promise<ContextResponse>;
  /** `GET /api/v1/candidates?conversationId=` */
  candidates(conversationId: string, signal?: AbortSignal): Promise<CandidatesResponse>;
  /** `GET /api/v1/candidates/search?conversationId=&q=` */
  searchCandidates(conversationId: string, query: string, signal?: AbortSignal): Promise<CandidatesResponse>;
  /** `POST /api/v1/merges/preview` */
  preview(conversationIds: string[], signal?: AbortSignal): Promise<PreviewResponse>;
  /** `POST /api/v1/merges` with `Idempotency-Key` (reuse the same key to retry the same merge). */
  startMerge(request: MergeRequest, idempotencyKey: string, signal?: AbortSignal): Promise<Job>;
  /** `GET /api/v1/merges/{id}` */
  job(jobId: string, signal?: AbortSignal): Promise<Job>;
  /**
   * `GET /api/v1/merges/{id}/events` read with `fetch`: yields progress, then `done` with the
   * final job. A stream that ends early is resumed (after reading the job, in case it finished).
   */
  mergeEvents(jobId: string, signal?: AbortSignal): AsyncGenerator<MergeStreamEvent>;
}

/** Reconnections of the event stream before giving up. */
const MAX_STREAM_RESUMES = 5;

/** Creates the client; it keeps no state of its own beyond its deps. */
export function createApiClient(deps: ApiClientDeps): ApiClient {
  const url = (path: string, query?: Record<string, string>) => {
    const target = new URL(path, deps.baseUrl);
    for (const [name, value] of Object.entries(query ?? {})) target.searchParams.set(name, value);
    return target.href;
  };

  async function send(path: string, init: RequestInit & { query?: Record<string, string>; auth?: boolean }) {
    const headers = new Headers(init.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    if (init.auth !== false) {
      const token = deps.getToken();
      if (!token) {
        deps.onUnauthorized();
        throw new ApiError({ kind: 'unauthorized' });
      }
      headers.set('authorization', `Bearer ${token}`);
    }
    let response: Response;
    try {
      response = await deps.fetch(url(path, init.query), { ...init, headers, credentials: 'omit' });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ApiError({ kind: 'offline' }, { cause: error });
    }
    if (!response.ok) {
      const failure = await failureFromResponse(response, deps.now());
      if (failure.kind === 'unauthorized') deps.onUnauthorized();
      throw new ApiError(failure);
    }
    return response;
  }

  async function json<T>(path: string, init: Parameters<typeof send>[1]): Promise<T> {
    const response = await send(path, init);
    try {
      return (await response.json()) as T;
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ApiError({ kind: 'offline' }, { cause: error });
    }
  }

  const post = (body: unknown, signal?: AbortSignal, headers?: Record<string, string>) => ({
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
    signal,
  });

  const client: ApiClient = {
    authConfig: (signal) => json('/api/v1/auth-config', { signal, auth: false }),
    context: (conversationId, signal) => json('/api/v1/context', { signal, query: { conversationId } }),
    candidates: (conversationId, signal) => json('/api/v1/candidates', { signal, query: { conversationId } }),
    searchCandidates: (conversationId, q, signal) =>
      json('/api/v1/candidates/search', { signal, query: { conversationId, q } }),
    preview: (conversationIds, signal) => json('/api/v1/merges/preview', post({ conversationIds }, signal)),
    startMerge: (request, idempotencyKey, signal) =>
      json('/api/v1/merges', post(request, signal, { 'idempotency-key': idempotencyKey })),
    job: (jobId, signal) => json(`/api/v1/merges/${encodeURIComponent(jobId)}`, { signal }),
    async *mergeEvents(jobId, signal) {
      const path = `/api/v1/merges/${encodeURIComponent(jobId)}/events`;
      for (let attempt = 0; attempt <= MAX_STREAM_RESUMES; attempt++) {
        if (attempt > 0) {
          const job = await client.job(jobId, signal);
          if (job.status === 'succeeded' || job.status === 'failed') {
            yield { type: 'done', job };
            return;
          }
        }
        const response = await send(path, { signal, headers: { accept: 'text/event-stream' } });
        if (!response.body) continue;
        try {
          for await (const message of readServerSentEvents(response.body)) {
            if (message.event === 'progress') {
              yield { type: 'progress', progress: JSON.parse(message.data) as JobProgressEvent };
            } else if (message.event === 'done') {
              yield { type: 'done', job: JSON.parse(message.data) as Job };
              return;
            }
          }
        } catch (error) {
          if (signal?.aborted) throw error;
          // The connection dropped mid-stream: resume below.
        }
      }
      throw new ApiError({ kind: 'offline' });
    },
  };
  return client;
}
