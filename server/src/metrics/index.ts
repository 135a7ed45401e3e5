export {
  createMetrics,
  GENESYS_RETRY_REASONS,
  MERGE_OUTCOMES,
  MERGE_STEPS,
  QUEUES,
  STEP_FAILURE_KINDS,
  WEBHOOK_OUTCOMES,
  WEBHOOK_STATUS_CLASSES,
} from './metrics.js';
export type {
  GenesysRetryReason,
  MergeOutcome,
  Metrics,
  MetricsOptions,
  QueueDepthSource,
  QueueName,
  StepFailureKind,
  WebhookAttemptOutcome,
  WebhookStatusClass,
} from './metrics.js';
export { toEndpointTemplate, toMethodLabel, toRouteTemplate, toStatusLabel } from './labels.js';
export type { HttpMethodLabel } from './labels.js';
