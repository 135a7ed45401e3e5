import { createManualClock } from '../../../server/src/clock/index.js';
import type { ManualClock } from '../../../server/src/clock/index.js';
import { createMemoryOutbox, createOutboxRelay } from '../../../server/src/crm/index.js';
import type { MemoryOutbox, OutboxRelay, OutboxRelayOptions } from '../../../server/src/crm/index.js';
import { createMetrics } from '../../../server/src/metrics/index.js';
import type { Metrics } from '../../../server/src/metrics/index.js';
import { captureLogger } from '../../logging/support.js';
import { sampleOutboxMessage } from './fixtures.js';
import { startReceiver } from './receiver.js';
import type { Receiver, Responder } from './receiver.js';

// The Standard Webhooks spec's example secret.
export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const START = Date.parse('2026-11-20T12:00:00Z');

export interface Harness {
  receiver: Receiver;
  clock: ManualClock;
  store: MemoryOutbox;
  metrics: Metrics;
  relay: OutboxRelay;
  logText(): string;
  /** Enqueues a sample `interaction.merged` message now and returns it. */
  enqueue(tenantId?: string, jobId?: string): ReturnType<typeof sampleOutboxMessage>;
  /** Runs rounds, moving the clock to each next attempt, until the event is no longer pending. */
  runUntilSettled(eventId: string, maxRounds?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A relay over an in-memory outbox and a loopback receiver, on a manual clock, with jitter fixed
 * at 5 % (random 0.5), metrics on their own registry and logs captured.
 */
export async function createHarness(
  options: { responder?: Responder; relay?: Partial<OutboxRelayOptions>; clock?: ManualClock } = {},
): Promise<Harness> {
  const receiver = await startReceiver(options.responder);
  const clock = options.clock ?? createManualClock(START);
  const store = createMemoryOutbox();
  store.setEndpoint({ tenantId: 'tenant-1', url: receiver.url, secret: SECRET, enabled: true });
  const log = captureLogger();
  const metrics = createMetrics({ defaultMetrics: false });
  const relay = createOutboxRelay({
    store,
    clock,
    logger: log.logger,
    metrics,
    ownerId: 'relay-a',
    allowLoopback: true,
    random: () => 0.5,
    ...options.relay,
  });
  return {
    receiver,
    clock,
    store,
    metrics,
    relay,
    logText: log.text,
    enqueue(tenantId = 'tenant-1', jobId = 'job-1') {
      const message = sampleOutboxMessage(tenantId, jobId, clock.now());
      store.enqueue(message, clock.now());
      return message;
    },
    async runUntilSettled(eventId, maxRounds = 30) {
      for (let round = 0; round < maxRounds; round++) {
        await relay.runOnce();
        const event = store.get(eventId);
        if (!event || event.status !== 'pending') return;
        clock.set(Math.max(clock.now(), event.nextAttemptAt));
      }
      throw new Error(`event ${eventId} still pending after ${maxRounds} rounds`);
    },
    async close() {
      await relay.stop();
      await receiver.close();
    },
  };
}

/** The value of a counter or histogram series in a harness's metrics, by labels. */
export async function metricValue(metrics: Metrics, name: string, labels: Record<string, string> = {}, suffix = ''): Promise<number> {
  const metric = metrics.registry.getSingleMetric(`interaction_merger_${name}`);
  if (!metric) throw new Error(`no metric ${name}`);
  const values = (await metric.get()).values as Array<{ value: number; labels: Record<string, unknown>; metricName?: string }>;
  return values
    .filter((v) => (suffix === '' || v.metricName?.endsWith(suffix)) && Object.entries(labels).every(([k, val]) => v.labels[k] === val))
    .reduce((sum, v) => sum + v.value, 0);
}
