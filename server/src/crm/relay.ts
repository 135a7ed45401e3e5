import type { Clock } from '../clock/index.js';
import { AppError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import type { Metrics, WebhookStatusClass } from '../metrics/index.js';
import { DEFAULT_WEBHOOK_TIMEOUT_MS, deliver } from './deliver.js';
import type { DeliveryResult } from './deliver.js';
import { WEBHOOK_RETRY_SCHEDULE_MS, nextRetryDelay } from './retry.js';
import type { WebhookUrlPolicy } from './ssrf.js';
import { createPinnedFetch } from './transport.js';
import type { WebhookFetch } from './transport.js';
import type { DeliveryAttempt, OutboxEvent, OutboxStore, WebhookEndpoint } from './types.js';

/** The metrics the relay records. */
export type RelayMetrics = Pick<Metrics, 'recordWebhookAttempt' | 'recordWebhookDeadLetter'>;

/** Dependencies and tuning of `createOutboxRelay`; `allowPrivate`/`allowLoopback`/`resolve` are the SSRF policy. */
export interface OutboxRelayOptions extends WebhookUrlPolicy {
  store: OutboxStore;
  clock: Clock;
  logger: Logger;
  metrics: RelayMetrics;
  /** This replica's id, the lease owner. */
  ownerId: string;
  /** Default: a pinned `node:http(s)` sender owned by the relay (closed by `stop`). */
  fetch?: WebhookFetch;
  /** How long claimed events stay leased (default 120 s); must outlast a batch's attempts. */
  leaseMs?: number;
  /** Events claimed per round (default 20). */
  batchSize?: number;
  /** Attempts in flight at once (default 8). */
  concurrency?: number;
  /** Wait between rounds that found less than a full batch (default 1 s). */
  pollIntervalMs?: number;
  /** Per-attempt timeout (default 15 s). */
  timeoutMs?: number;
  /** See `DeliverOptions.timeoutSignal`. */
  timeoutSignal?: (ms: number) => AbortSignal;
  /** Retry delays (default `WEBHOOK_RETRY_SCHEDULE_MS`); its length is the attempt limit. */
  schedule?: readonly number[];
  /** Jitter source in [0, 1) (default `Math.random`). */
  random?: () => number;
}

/** What one round did. `failed`: events whose attempt could not be recorded (lease will expire). */
export interface RelayRunSummary {
  claimed: number;
  delivered: number;
  retried: number;
  dead: number;
  disabled: number;
  failed: number;
}

/** The running relay of one replica. */
export interface OutboxRelay {
  /** Claims due events once and attempts each; resolves when every attempt is recorded. */
  runOnce(): Promise<RelayRunSummary>;
  /** Starts polling on the injected clock; a full batch is followed at once by the next round. */
  start(): void;
  /** Stops polling and waits for in-flight attempts to be recorded. */
  stop(): Promise<void>;
}

/**
 * Creates the relay that delivers outbox events to each tenant's CRM endpoint. For every claimed
 * event, one attempt (`deliver`) whose result becomes the event's outcome: `delivered` on 2xx;
 * `retry` at the next scheduled time (jittered, and not before the receiver's `Retry-After`);
 * `dead` when the schedule is exhausted or the failure is permanent; `disabled` on 410, which
 * also disables the tenant's endpoint. An event claimed while its tenant has no endpoint or a
 * disabled one (stores skip those, but a 410 may land mid-batch) is parked as `disabled` without
 * sending; a replay brings it back with the same id. Attempt numbers keep counting across
 * replays; each replay gets a fresh schedule. Every attempt is recorded on the store, counted in
 * the metrics and logged without the URL's path, the payload or the secret.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const leaseMs = options.leaseMs ?? 120_000;
  const batchSize = options.batchSize ?? 20;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const schedule = options.schedule ?? WEBHOOK_RETRY_SCHEDULE_MS;
  const random = options.random ?? Math.random;
  const rounds = Math.ceil(batchSize / concurrency);
  if (leaseMs <= rounds * timeoutMs) {
    throw new AppError('invalid_configuration', 500, `leaseMs: must exceed ${rounds * timeoutMs} ms (a batch's attempts), got ${leaseMs}`);
  }
  const { store, clock, metrics } = options;
  const logger = options.logger.child({ component: 'crm-relay' });
  const ownedFetch = options.fetch ? null : createPinnedFetch();
  const send = options.fetch ?? ownedFetch!;

  let running = false;
  let loop: Promise<void> | null = null;
  let stopSignal = new AbortController();

  async function attemptOne(
    event: OutboxEvent,
    endpointOf: (tenantId: string) => Promise<WebhookEndpoint | null>,
    disabledTenants: Set<string>,
  ): Promise<DeliveryAttempt['outcome']> {
    const attempt = event.attempts + 1;
    const endpoint = await endpointOf(event.tenantId);
    if (!endpoint || !endpoint.enabled || disabledTenants.has(event.tenantId)) {
      const error = endpoint ? 'endpoint disabled' : 'no endpoint configured';
      await record(event, attempt, { outcome: 'disabled', httpStatus: null, error, durationMs: 0, nextAttemptAt: null }, 'none');
      return 'disabled';
    }

    const result = await deliver(event, endpoint, {
      clock,
      fetch: send,
      timeoutMs,
      ...(options.timeoutSignal ? { timeoutSignal: options.timeoutSignal } : {}),
      ...(options.allowPrivate !== undefined ? { allowPrivate: options.allowPrivate } : {}),
      ...(options.allowLoopback !== undefined ? { allowLoopback: options.allowLoopback } : {}),
      ...(options.resolve ? { resolve: options.resolve } : {}),
    });
    const { outcome, nextAttemptAt } = decide(result, result.kind === 'retryable' ? await attemptsSinceReplay(event, attempt) : attempt);
    if (outcome === 'disabled') {
      disabledTenants.add(event.tenantId);
      await store.disableEndpoint(event.tenantId, `receiver answered ${result.status ?? 'nothing'} (${hostOf(endpoint.url)})`);
    }
    await record(
      event,
      attempt,
      {
        outcome,
        httpStatus: result.status,
        error: result.kind === 'ok' ? null : result.error,
        durationMs: Math.round(result.durationMs),
        nextAttemptAt,
      },
      result.statusClass,
      hostOf(endpoint.url),
    );
    return outcome;
  }

  /**
   * This attempt's position in the retry schedule. Attempt numbers keep counting across replays
   * (they key the attempt history), but a replayed event starts a fresh schedule: the position
   * counts from the last attempt that ended the previous run (dead or disabled).
   */
  async function attemptsSinceReplay(event: OutboxEvent, attempt: number): Promise<number> {
    if (event.attempts === 0) return attempt;
    const history = await store.attempts(event.id);
    const lastStop = history.filter((entry) => entry.outcome === 'dead' || entry.outcome === 'disabled').at(-1);
    return lastStop && lastStop.attempt < attempt ? attempt - lastStop.attempt : attempt;
  }

  function decide(result: DeliveryResult, position: number): { outcome: DeliveryAttempt['outcome']; nextAttemptAt: number | null } {
    if (result.kind === 'ok') return { outcome: 'delivered', nextAttemptAt: null };
    if (result.kind === 'permanent') return { outcome: result.reason === 'gone' ? 'disabled' : 'dead', nextAttemptAt: null };
    const delay = nextRetryDelay(position, random, schedule);
    if (delay === null) return { outcome: 'dead', nextAttemptAt: null };
    return { outcome: 'retry', nextAttemptAt: clock.now() + Math.max(delay, result.afterMs ?? 0) };
  }

  async function record(
    event: OutboxEvent,
    attempt: number,
    result: Pick<DeliveryAttempt, 'outcome' | 'httpStatus' | 'error' | 'durationMs' | 'nextAttemptAt'>,
    statusClass: WebhookStatusClass,
    host?: string,
  ): Promise<void> {
    const entry: DeliveryAttempt = { eventId: event.id, attempt, at: clock.now(), ...result };
    await store.recordAttempt(entry);
    metrics.recordWebhookAttempt({ outcome: result.outcome, statusClass, durationMs: result.durationMs });
    if (result.outcome === 'dead') metrics.recordWebhookDeadLetter();
    const fields = {
      eventId: event.id,
      tenantId: event.tenantId,
      attempt,
      outcome: result.outcome,
      httpStatus: result.httpStatus,
      ...(host ? { host } : {}),
      ...(result.error ? { error: result.error } : {}),
      ...(result.nextAttemptAt !== null ? { nextAttemptAt: new Date(result.nextAttemptAt).toISOString() } : {}),
    };
    if (result.outcome === 'delivered') logger.debug(fields, 'webhook delivered');
    else if (result.outcome === 'retry') logger.warn(fields, 'webhook attempt failed; will retry');
    else if (result.outcome === 'dead') logger.error(fields, 'webhook dead-lettered');
    else logger.warn(fields, 'webhook parked: endpoint disabled');
  }

  async function runOnce(): Promise<RelayRunSummary> {
    const events = await store.claimDue({ now: clock.now(), limit: batchSize, leaseMs, owner: options.ownerId });
    const summary: RelayRunSummary = { claimed: events.length, delivered: 0, retried: 0, dead: 0, disabled: 0, failed: 0 };
    const endpoints = new Map<string, Promise<WebhookEndpoint | null>>();
    const endpointOf = (tenantId: string) => {
      let endpoint = endpoints.get(tenantId);
      if (!endpoint) {
        endpoint = store.getEndpoint(tenantId);
        endpoints.set(tenantId, endpoint);
      }
      return endpoint;
    };
    const disabledTenants = new Set<string>();
    let next = 0;
    const worker = async () => {
      while (next < events.length) {
        const event = events[next++]!;
        try {
          const outcome = await attemptOne(event, endpointOf, disabledTenants);
          if (outcome === 'delivered') summary.delivered += 1;
          else if (outcome === 'retry') summary.retried += 1;
          else if (outcome === 'dead') summary.dead += 1;
          else summary.disabled += 1;
        } catch (error) {
          // The lease expires and another round retries the event with the same id.
          summary.failed += 1;
          logger.error({ err: error, eventId: event.id, tenantId: event.tenantId }, 'webhook attempt could not be recorded');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, events.length) }, worker));
    return summary;
  }

  async function poll(): Promise<void> {
    while (running) {
      let full = false;
      try {
        full = (await runOnce()).claimed >= batchSize;
      } catch (error) {
        logger.error({ err: error }, 'outbox relay round failed');
      }
      if (!running) break;
      if (!full) {
        try {
          await clock.sleep(pollIntervalMs, stopSignal.signal);
        } catch {
          break;
        }
      }
      // Let I/O run between rounds even when the clock does not really wait (a manual clock).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  return {
    runOnce,
    start() {
      if (running) return;
      running = true;
      stopSignal = new AbortController();
      loop = poll();
    },
    async stop() {
      running = false;
      stopSignal.abort(new Error('relay stopped'));
      await loop;
      loop = null;
      ownedFetch?.close();
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid-url';
  }
}
