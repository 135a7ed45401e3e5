/**
 * Webhook dispatch throughput: the outbox relay (claim, SSRF guard, Standard Webhooks signing,
 * POST, record, metrics) against a loopback receiver, beside a baseline in the same process that
 * only POSTs the same payloads unsigned, one after another, over the same keep-alive transport.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { systemClock } from '../../server/src/clock/index.js';
import {
  buildMergedEvent, createMemoryOutbox, createOutboxRelay, createPinnedFetch, generateWebhookSecret,
  signWebhook, toOutboxMessage,
} from '../../server/src/crm/index.js';
import type { WebhookFetch } from '../../server/src/crm/index.js';
import { createLogger } from '../../server/src/logging/index.js';
import type { Channel, MergeResult, TimelineEvent } from '../../server/src/merge/types.js';
import { createMetrics } from '../../server/src/metrics/index.js';
import { fmt, median, percentile } from '../lib/stats.js';
import type { BenchSection } from '../lib/types.js';

interface Run {
  label: string;
  events: number;
  wallMs: number;
  latencies: number[];
}

export const section: BenchSection = {
  name: 'webhooks',
  title: 'CRM webhook dispatch (loopback receiver)',
  order: 80,
  async run(ctx) {
    const events = ctx.quick ? 200 : 2_000;
    const receiver = await startReceiver();
    const payloads = Array.from({ length: events + 50 }, (_, i) => samplePayload(i));
    const runs: Run[] = [];
    try {
      ctx.progress(`baseline: ${events} sequential unsigned POSTs`);
      runs.push(await baseline(receiver.url, payloads.slice(0, 50), 'warm-up'));
      runs.push(await baseline(receiver.url, payloads.slice(50), 'baseline: sequential unsigned POST'));
      for (const [concurrency, batchSize] of [[1, 20], [8, 50], [16, 100]] as const) {
        ctx.progress(`relay: concurrency ${concurrency}, batch ${batchSize}`);
        runs.push(await relayRun(receiver.url, payloads.slice(50), concurrency, batchSize));
      }
    } finally {
      await receiver.close();
    }

    const secret = generateWebhookSecret();
    const payload = payloads[0]!;
    const signSamples: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      const start = performance.now();
      signWebhook({ id: `msg_${i}`, payload: payload.payload, secret, at: Date.now() });
      signSamples.push(performance.now() - start);
    }

    const measured = runs.filter((run) => run.label !== 'warm-up');
    const baselineRate = measured[0]!.events / (measured[0]!.wallMs / 1000);
    const rows = measured.map((run) => {
      const rate = run.events / (run.wallMs / 1000);
      return [run.label, run.events, fmt(rate, 0), fmt(rate / baselineRate, 2), fmt(median(run.latencies), 2), fmt(percentile(run.latencies, 99), 2)];
    });
    const payloadBytes = Buffer.byteLength(payload.payload);
    return {
      tables: [
        {
          title: 'Dispatch throughput and per-request latency',
          columns: ['run', 'events', 'events/s', 'vs baseline', 'p50 ms', 'p99 ms'],
          rows,
          notes: [
            `Payload: interaction.merged for 5 conversations × 6 timeline events, ${payloadBytes} bytes. Receiver: node:http on 127.0.0.1 in a worker thread, answering 204.`,
            'Relay runs use the in-memory outbox and the real clock; latency is per POST (request start to response headers), as the relay\'s transport sees it.',
            `Signing alone: p50 ${fmt(median(signSamples) * 1000, 1)} µs, p99 ${fmt(percentile(signSamples, 99) * 1000, 1)} µs per event (standardwebhooks, HMAC-SHA256).`,
          ],
        },
      ],
      figures: {
        payloadBytes,
        signP50Us: median(signSamples) * 1000,
        runs: measured.map((run) => ({
          label: run.label,
          events: run.events,
          eventsPerSecond: run.events / (run.wallMs / 1000),
          p50Ms: median(run.latencies),
          p99Ms: percentile(run.latencies, 99),
        })),
      },
      budgets: [
        {
          name: 'interaction.merged payload (5 conversations)',
          measured: `${payloadBytes} B`,
          budget: '< 20 kB',
          ok: payloadBytes < 20_000,
        },
      ],
    };
  },
};

async function baseline(url: string, payloads: Array<{ payload: string }>, label: string): Promise<Run> {
  const send = createPinnedFetch();
  const target = new URL(url);
  const address = { address: target.hostname, family: 4 as const };
  const latencies: number[] = [];
  const started = performance.now();
  try {
    for (const { payload } of payloads) {
      const t0 = performance.now();
      const response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
        signal: AbortSignal.timeout(15_000),
        redirect: 'manual',
        address,
      });
      latencies.push(performance.now() - t0);
      if (response.status !== 204) throw new Error(`receiver answered ${response.status}`);
    }
  } finally {
    send.close();
  }
  return { label, events: payloads.length, wallMs: performance.now() - started, latencies };
}

async function relayRun(
  url: string,
  payloads: Array<{ id: string; tenantId: string; type: string; payload: string }>,
  concurrency: number,
  batchSize: number,
): Promise<Run> {
  const store = createMemoryOutbox();
  store.setEndpoint({ tenantId: 'tenant-bench', url, secret: generateWebhookSecret(), enabled: true });
  const now = systemClock.now();
  for (const message of payloads) store.enqueue(message, now);
  const pinned = createPinnedFetch({ maxSockets: concurrency });
  const latencies: number[] = [];
  const timed: WebhookFetch = async (target, init) => {
    const t0 = performance.now();
    const response = await pinned(target, init);
    latencies.push(performance.now() - t0);
    return response;
  };
  const relay = createOutboxRelay({
    store,
    clock: systemClock,
    fetch: timed,
    logger: createLogger({ level: 'info', destination: { write: () => undefined } }),
    metrics: createMetrics({ defaultMetrics: false }),
    ownerId: 'bench',
    allowLoopback: true,
    concurrency,
    batchSize,
    leaseMs: Math.ceil(batchSize / concurrency) * 15_000 + 60_000,
  });
  const started = performance.now();
  try {
    let delivered = 0;
    while (delivered < payloads.length) {
      const summary = await relay.runOnce();
      if (summary.claimed === 0) throw new Error('relay stalled before delivering every event');
      if (summary.delivered !== summary.claimed) throw new Error(`relay did not deliver: ${JSON.stringify(summary)}`);
      delivered += summary.delivered;
    }
  } finally {
    await relay.stop();
    pinned.close();
  }
  return { label: `relay: signed, concurrency ${concurrency}, batch ${batchSize}`, events: payloads.length, wallMs: performance.now() - started, latencies };
}

/** The receiver runs in a worker thread, so it does not share the relay's event loop. */
const RECEIVER_SOURCE = `
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(204).end());
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

async function startReceiver(): Promise<{ url: string; close: () => Promise<void> }> {
  const worker = new Worker(RECEIVER_SOURCE, { eval: true });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (value: number) => resolve(value));
    worker.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}/crm/webhooks`,
    close: async () => {
      await worker.terminate();
    },
  };
}

const CHANNELS: Channel[] = ['voice', 'webmessaging', 'email', 'sms', 'whatsapp'];

/** A realistic `interaction.merged` outbox message: 5 conversations with 6 events each. */
function samplePayload(index: number) {
  const start = Date.parse('2026-11-20T09:00:00Z');
  const conversationIds = CHANNELS.map((_, c) => `00000000-0000-4000-8000-${String(index * 10 + c).padStart(12, '0')}`);
  const events: TimelineEvent[] = conversationIds.flatMap((conversationId, c) =>
    Array.from({ length: 6 }, (_, e) => ({
      conversationId,
      channel: CHANNELS[c]!,
      mediaType: c === 0 ? 'voice' : c === 2 ? 'email' : 'message',
      messageType: c === 0 || c === 2 ? null : CHANNELS[c]!,
      segmentType: e % 2 === 0 ? 'interact' : 'wrapup',
      participant: e % 2 === 0 ? ('customer' as const) : ('agent' as const),
      start: new Date(start + c * 3_600_000 + e * 60_000).toISOString(),
      end: new Date(start + c * 3_600_000 + e * 60_000 + 45_000).toISOString(),
    })),
  );
  const result: MergeResult = {
    contactId: `contact-${index}`,
    mergedFromContactIds: [`contact-${index}-a`, `contact-${index}-b`, `contact-${index}-c`],
    conversationIds,
    channelSequence: [...CHANNELS],
    timeline: {
      sessionStart: events[0]!.start,
      sessionEnd: events.at(-1)!.end,
      channelSequence: [...CHANNELS],
      authoritativeConversationId: conversationIds[0]!,
      priorityScore: 10,
      events,
      deduplicatedCount: 0,
    },
    metrics: { mergeLatencyMs: 640, apiCalls: 14, priorityScore: 10, retries: 0 },
  };
  return toOutboxMessage(buildMergedEvent({
    tenant: { id: 'tenant-bench', name: 'Bench' },
    jobId: `job-${index}`,
    result,
    customer: {
      displayName: 'Sam Example',
      identifiers: [
        { type: 'phone', value: '+15550100000' },
        { type: 'email', value: 'sam@example.com' },
        { type: 'messagingId', value: 'wa-15550100000' },
      ],
    },
    occurredAt: Date.parse('2026-11-20T12:00:00Z'),
  }));
}
