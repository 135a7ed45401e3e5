import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MergeStep } from '../http/contract.js';
import {
  enumLabel, toEndpointTemplate, toMethodLabel, toRouteTemplate, toStatusLabel,
} from './labels.js';

/** The merge steps, the only values of the `step` label. */
export const MERGE_STEPS: readonly MergeStep[] = [
  'validate', 'merge_contacts', 'associate', 'confirm', 'reconcile', 'record',
];
/** How a merge or a step ended. */
export const MERGE_OUTCOMES = ['succeeded', 'failed'] as const;
export type MergeOutcome = (typeof MERGE_OUTCOMES)[number];

/** How a merge step that did not complete ended: run again later, or the job failed there. */
export const STEP_FAILURE_KINDS = ['retried', 'failed'] as const;
export type StepFailureKind = (typeof STEP_FAILURE_KINDS)[number];

/** Why a Genesys call was retried. */
export const GENESYS_RETRY_REASONS = ['rate_limited', 'server_error', 'timeout', 'network', 'conflict'] as const;
export type GenesysRetryReason = (typeof GENESYS_RETRY_REASONS)[number];

/** The queues whose depth is reported. */
export const QUEUES = ['merge_jobs', 'webhooks'] as const;
export type QueueName = (typeof QUEUES)[number];

/** The outcome of one webhook attempt, as recorded on the outbox (`DeliveryAttempt.outcome`). */
export const WEBHOOK_OUTCOMES = ['delivered', 'retry', 'dead', 'disabled'] as const;
export type WebhookAttemptOutcome = (typeof WEBHOOK_OUTCOMES)[number];

/**
 * What the receiver answered: a status class, or why there was no answer (`timeout`, `network`,
 * `refused`: the SSRF guard refused the destination, `none`: the event was parked unsent).
 */
export const WEBHOOK_STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', 'timeout', 'network', 'refused', 'none'] as const;
export type WebhookStatusClass = (typeof WEBHOOK_STATUS_CLASSES)[number];

/**
 * How a carrier line-type lookup of one number ended: answered `mobile` or `fixed`, `unclassified`
 * (the carrier data has no kind for it), `failed` (timeout, 429, 5xx, no answer), or served
 * from the cache (`cached`).
 */
export const LINE_TYPE_OUTCOMES = ['mobile', 'fixed', 'unclassified', 'failed', 'cached'] as const;
export type LineTypeOutcome = (typeof LINE_TYPE_OUTCOMES)[number];

/** Reads a queue's depth at scrape time. */
export type QueueDepthSource = () => number | Promise<number>;

/** Options of `createMetrics`. */
export interface MetricsOptions {
  /** Prefix of every metric name (default `interaction_merger_`). */
  prefix?: string;
  /** Also collect prom-client's default process metrics (default true). */
  defaultMetrics?: boolean;
  /** Depth sources per queue, read at scrape time (also settable later with `setQueueDepthSource`). */
  queueDepth?: Partial<Record<QueueName, QueueDepthSource>>;
}

/**
 * The product's metrics on a dedicated prom-client `Registry` (never the global default), with
 * typed recording helpers. Durations are passed in milliseconds and exported in seconds.
 * Recording never throws: a label value outside its enumeration becomes `other`, and paths become
 * templates (see `labels.ts`), so no customer identifier reaches a label.
 */
export interface Metrics {
  /** Serve with `registry.metrics()` and `registry.contentType` at `/metrics`. */
  readonly registry: Registry;
  /** A merge job finished (end-to-end latency, from submission to the final step). */
  observeMerge(input: { durationMs: number; outcome: MergeOutcome }): void;
  /** One step of a merge finished. */
  observeMergeStep(input: { step: MergeStep; durationMs: number; outcome: MergeOutcome }): void;
  /**
   * A merge step ran and did not complete: `retried` (the job runs it again later) or `failed`
   * (the job failed there). Counted by step and kind; its duration is observed as a `failed` step.
   */
  recordMergeStepFailure(input: { step: MergeStep; kind: StepFailureKind; durationMs: number }): void;
  /**
   * One Genesys API call answered (or failed without an answer: `status` null). `endpoint` is the
   * path template (a concrete path is mapped to one). A 429 also counts as rate-limited.
   */
  recordGenesysCall(input: { endpoint: string; method: string; status: number | null; durationMs?: number }): void;
  /** A Genesys call is about to be retried. */
  recordGenesysRetry(input: { endpoint: string; method: string; reason: GenesysRetryReason }): void;
  /** Where the depth of `queue` is read at scrape time; replaces an earlier source. */
  setQueueDepthSource(queue: QueueName, source: QueueDepthSource): void;
  /** One webhook delivery attempt was recorded on the outbox. */
  recordWebhookAttempt(input: { outcome: WebhookAttemptOutcome; statusClass: WebhookStatusClass; durationMs: number }): void;
  /** An event exhausted its retries (or was refused for good) and was dead-lettered. */
  recordWebhookDeadLetter(): void;
  /**
   * What an agent did with the auto-selection of one merge: `kept` auto-selected conversations,
   * `removed` auto-selected ones, `added` ones the auto-selection missed. Precision is
   * kept / (kept + removed) and recall kept / (kept + added) over everything recorded.
   */
  recordDedupFeedback(input: { kept: number; removed: number; added: number }): void;
  /** One number was asked of the carrier line-type lookup (no number is recorded). */
  recordLineTypeLookup(outcome: LineTypeOutcome): void;
  /** One HTTP request to this service finished; `route` is the route template. */
  observeHttpRequest(input: { method: string; route: string; status: number; durationMs: number }): void;
}

const seconds = (ms: number) => Math.max(0, ms) / 1000;
const count = (n: number) => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

/** Creates the product's metrics on a new registry. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const prefix = options.prefix ?? 'interaction_merger_';
  const registry = new Registry();
  const registers = [registry];
  const depthSources = new Map<QueueName, QueueDepthSource>(
    Object.entries(options.queueDepth ?? {}) as Array<[QueueName, QueueDepthSource]>,
  );

  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix });

  const mergeDuration = new Histogram({
    name: `${prefix}merge_duration_seconds`,
    help: 'End-to-end merge latency, from submission to the last step.',
    labelNames: ['outcome'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    registers,
  });
  const mergeStepDuration = new Histogram({
    name: `${prefix}merge_step_duration_seconds`,
    help: 'Latency of each merge step.',
    labelNames: ['step', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers,
  });
  const mergeStepFailures = new Counter({
    name: `${prefix}merge_step_failures_total`,
    help: 'Merge steps that did not complete, by step and kind (retried: run again later; failed: the job failed there).',
    labelNames: ['step', 'kind'] as const,
    registers,
  });
  const genesysRequests = new Counter({
    name: `${prefix}genesys_requests_total`,
    help: 'Genesys Cloud API calls by endpoint template, method and status (none: no response).',
    labelNames: ['endpoint', 'method', 'status'] as const,
    registers,
  });
  const genesysDuration = new Histogram({
    name: `${prefix}genesys_request_duration_seconds`,
    help: 'Genesys Cloud API call latency by endpoint template and method.',
    labelNames: ['endpoint', 'method'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const genesysRetries = new Counter({
    name: `${prefix}genesys_retries_total`,
    help: 'Genesys Cloud API calls retried, by endpoint template, method and reason.',
    labelNames: ['endpoint', 'method', 'reason'] as const,
    registers,
  });
  const genesysRateLimited = new Counter({
    name: `${prefix}genesys_rate_limited_total`,
    help: 'Genesys Cloud API calls answered 429, by endpoint template and method.',
    labelNames: ['endpoint', 'method'] as const,
    registers,
  });
  new Gauge({
    name: `${prefix}queue_depth`,
    help: 'Items waiting: merge jobs queued, webhook events pending.',
    labelNames: ['queue'] as const,
    registers,
    async collect() {
      this.reset();
      for (const [queue, source] of depthSources) {
        // A failing source (store unreachable) leaves its queue unreported rather than failing the scrape.
        const depth = await Promise.resolve().then(source).catch(() => null);
        if (typeof depth === 'number' && Number.isFinite(depth)) this.set({ queue }, depth);
      }
    },
  });
  const webhookAttempts = new Counter({
    name: `${prefix}webhook_attempts_total`,
    help: 'Webhook delivery attempts by outcome and receiver status class.',
    labelNames: ['outcome', 'status_class'] as const,
    registers,
  });
  const webhookDuration = new Histogram({
    name: `${prefix}webhook_delivery_duration_seconds`,
    help: 'Webhook delivery attempt latency (until the receiver answered or the attempt failed).',
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
    registers,
  });
  const deadLetters = new Counter({
    name: `${prefix}webhook_dead_letters_total`,
    help: 'Webhook events dead-lettered (retries exhausted or refused for good); replayable.',
    registers,
  });
  const lineTypeLookups = new Counter({
    name: `${prefix}line_type_lookups_total`,
    help: 'Numbers asked of the carrier line-type lookup, by outcome (cached answers included).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const dedupFeedback = new Counter({
    name: `${prefix}dedup_feedback_total`,
    help: 'Conversations agents kept or removed from the auto-selection, or added to it.',
    labelNames: ['kind'] as const,
    registers,
  });
  const feedbackTotals = async () => {
    const values = (await dedupFeedback.get()).values;
    const of = (kind: string) => values.find((v) => v.labels.kind === kind)?.value ?? 0;
    return { kept: of('kept'), removed: of('removed'), added: of('added') };
  };
  new Gauge({
    name: `${prefix}dedup_precision`,
    help: 'Auto-selection precision from agent feedback: kept / (kept + removed); NaN without feedback.',
    registers,
    async collect() {
      const { kept, removed } = await feedbackTotals();
      this.set(kept + removed === 0 ? Number.NaN : kept / (kept + removed));
    },
  });
  new Gauge({
    name: `${prefix}dedup_recall`,
    help: 'Auto-selection recall from agent feedback: kept / (kept + added); NaN without feedback.',
    registers,
    async collect() {
      const { kept, added } = await feedbackTotals();
      this.set(kept + added === 0 ? Number.NaN : kept / (kept + added));
    },
  });
  const httpDuration = new Histogram({
    name: `${prefix}http_request_duration_seconds`,
    help: 'HTTP requests to this service by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });

  return {
    registry,
    observeMerge({ durationMs, outcome }) {
      mergeDuration.observe({ outcome: enumLabel(outcome, MERGE_OUTCOMES) }, seconds(durationMs));
    },
    observeMergeStep({ step, durationMs, outcome }) {
      mergeStepDuration.observe(
        { step: enumLabel(step, MERGE_STEPS), outcome: enumLabel(outcome, MERGE_OUTCOMES) },
        seconds(durationMs),
      );
    },
    recordMergeStepFailure({ step, kind, durationMs }) {
      const stepLabel = enumLabel(step, MERGE_STEPS);
      mergeStepFailures.inc({ step: stepLabel, kind: enumLabel(kind, STEP_FAILURE_KINDS) });
      mergeStepDuration.observe({ step: stepLabel, outcome: 'failed' }, seconds(durationMs));
    },
    recordGenesysCall({ endpoint, method, status, durationMs }) {
      const labels = { endpoint: toEndpointTemplate(endpoint), method: toMethodLabel(method) };
      genesysRequests.inc({ ...labels, status: toStatusLabel(status) });
      if (durationMs !== undefined) genesysDuration.observe(labels, seconds(durationMs));
      if (status === 429) genesysRateLimited.inc(labels);
    },
    recordGenesysRetry({ endpoint, method, reason }) {
      genesysRetries.inc({
        endpoint: toEndpointTemplate(endpoint),
        method: toMethodLabel(method),
        reason: enumLabel(reason, GENESYS_RETRY_REASONS),
      });
    },
    setQueueDepthSource(queue, source) {
      if ((QUEUES as readonly string[]).includes(queue)) depthSources.set(queue, source);
    },
    recordWebhookAttempt({ outcome, statusClass, durationMs }) {
      const outcomeLabel = enumLabel(outcome, WEBHOOK_OUTCOMES);
      webhookAttempts.inc({ outcome: outcomeLabel, status_class: enumLabel(statusClass, WEBHOOK_STATUS_CLASSES) });
      webhookDuration.observe({ outcome: outcomeLabel }, seconds(durationMs));
    },
    recordWebhookDeadLetter() {
      deadLetters.inc();
    },
    recordDedupFeedback({ kept, removed, added }) {
      dedupFeedback.inc({ kind: 'kept' }, count(kept));
      dedupFeedback.inc({ kind: 'removed' }, count(removed));
      dedupFeedback.inc({ kind: 'added' }, count(added));
    },
    recordLineTypeLookup(outcome) {
      lineTypeLookups.inc({ outcome: enumLabel(outcome, LINE_TYPE_OUTCOMES) });
    },
    observeHttpRequest({ method, route, status, durationMs }) {
      httpDuration.observe(
        { method: toMethodLabel(method), route: toRouteTemplate(route), status: toStatusLabel(status) },
        seconds(durationMs),
      );
    },
  };
}
