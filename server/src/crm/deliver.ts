import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock/index.js';
import { AppError } from '../errors/index.js';
import type { WebhookStatusClass } from '../metrics/index.js';
import { classifyStatus } from './retry.js';
import { assertWebhookSecret, signWebhook } from './signing.js';
import { assertWebhookUrlAllowed } from './ssrf.js';
import type { AllowedWebhookUrl, WebhookUrlPolicy } from './ssrf.js';
import { createPinnedFetch } from './transport.js';
import type { WebhookFetch } from './transport.js';

/** The request timeout (Standard Webhooks suggests 15–30 s; Svix uses 15 s). */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 15_000;

/** How `deliver` sends: the clock for the signed timestamp, the sender, the timeout, the SSRF policy. */
export interface DeliverOptions extends WebhookUrlPolicy {
  clock: Clock;
  /** Default: a pinned `node:http(s)` sender created for this call and closed after it. */
  fetch?: WebhookFetch;
  /** Limit for the whole attempt: resolve, connect, send, response headers (default 15 s). */
  timeoutMs?: number;
  /** Makes the timeout signal (default `AbortSignal.timeout`); tests pass one they abort. */
  timeoutSignal?: (ms: number) => AbortSignal;
  /** `user-agent` header (default `interaction-merger-webhooks/1`). */
  userAgent?: string;
}

interface Common {
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  statusClass: WebhookStatusClass;
  /** Epoch ms (clock) when the attempt started: the signed `webhook-timestamp`. */
  attemptedAt: number;
  durationMs: number;
}

/**
 * The outcome of one attempt (STYLE.md: remote outcomes are values):
 * - `ok`: 2xx.
 * - `retryable`: 429, 5xx, 3xx and 4xx other than 410, timeouts, network errors, a name that no
 *   longer resolves or now resolves to a refused address; `afterMs` is the receiver's
 *   `Retry-After` when it sent one.
 * - `permanent`: 410 (`reason` `gone`: disable the endpoint), an invalid secret
 *   (`invalid_secret`), or a URL the guard refuses whatever DNS says (`scheme`,
 *   `insecure_http`, `credentials`, `metadata_host`, `invalid_url`).
 */
export type DeliveryResult =
  | (Common & { kind: 'ok' })
  | (Common & { kind: 'retryable'; error: string; afterMs: number | null })
  | (Common & { kind: 'permanent'; reason: string; error: string });

/**
 * Sends one attempt of an event: checks the secret, runs the SSRF guard again (DNS may have
 * changed since registration), signs with the attempt time, POSTs the exact payload bytes to
 * the checked address with a timeout, and classifies the result. Never throws for a remote
 * outcome.
 */
export async function deliver(
  event: { id: string; payload: string },
  endpoint: { url: string; secret: string },
  options: DeliverOptions,
): Promise<DeliveryResult> {
  const attemptedAt = options.clock.now();
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const signal = (options.timeoutSignal ?? ((ms: number) => AbortSignal.timeout(ms)))(timeoutMs);
  const common = (status: number | null, statusClass: WebhookStatusClass): Common => ({
    status,
    statusClass,
    attemptedAt,
    durationMs: performance.now() - started,
  });

  try {
    assertWebhookSecret(endpoint.secret);
  } catch (error) {
    return { ...common(null, 'none'), kind: 'permanent', reason: 'invalid_secret', error: messageOf(error) };
  }

  let target: AllowedWebhookUrl;
  try {
    target = await abortable(assertWebhookUrlAllowed(endpoint.url, options), signal);
  } catch (error) {
    if (signal.aborted) return { ...common(null, 'timeout'), kind: 'retryable', error: `timed out after ${timeoutMs} ms resolving the host`, afterMs: null };
    const reason = error instanceof AppError ? (error.details as { reason?: string } | undefined)?.reason : undefined;
    if (reason === 'unresolvable') return { ...common(null, 'network'), kind: 'retryable', error: messageOf(error), afterMs: null };
    if (reason === 'address') return { ...common(null, 'refused'), kind: 'retryable', error: messageOf(error), afterMs: null };
    return { ...common(null, 'refused'), kind: 'permanent', reason: reason ?? 'invalid_url', error: messageOf(error) };
  }

  const headers = {
    ...signWebhook({ id: event.id, payload: event.payload, secret: endpoint.secret, at: attemptedAt }),
    'content-type': 'application/json',
    'user-agent': options.userAgent ?? 'interaction-merger-webhooks/1',
  };
  const ownFetch = options.fetch ? null : createPinnedFetch({ maxSockets: 1 });
  const send = options.fetch ?? ownFetch!;
  try {
    const response = await send(target.url.href, {
      method: 'POST',
      headers,
      body: event.payload,
      signal,
      redirect: 'manual',
      ...(target.addresses[0] ? { address: target.addresses[0] } : {}),
    });
    const status = response.status;
    const statusClass = statusClassOf(status);
    const verdict = classifyStatus(status, response.headers.get('retry-after'), options.clock.now());
    if (verdict.kind === 'ok') return { ...common(status, statusClass), kind: 'ok' };
    if (verdict.kind === 'permanent') {
      return { ...common(status, statusClass), kind: 'permanent', reason: verdict.reason, error: `receiver answered ${status}` };
    }
    return { ...common(status, statusClass), kind: 'retryable', error: `receiver answered ${status}`, afterMs: verdict.afterMs };
  } catch (error) {
    if (signal.aborted) return { ...common(null, 'timeout'), kind: 'retryable', error: `timed out after ${timeoutMs} ms`, afterMs: null };
    return { ...common(null, 'network'), kind: 'retryable', error: messageOf(error), afterMs: null };
  } finally {
    ownFetch?.close();
  }
}

function statusClassOf(status: number): WebhookStatusClass {
  if (status >= 200 && status < 300) return '2xx';
  if (status >= 300 && status < 400) return '3xx';
  if (status >= 400 && status < 500) return '4xx';
  return '5xx';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** Rejects when `signal` aborts first (the resolver cannot be cancelled; its answer is dropped). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
