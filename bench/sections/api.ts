/**
 * The HTTP API's own overhead per request, Genesys time excluded: the service in this process
 * against the emulator (no added latency), one request at a time. For each request the server
 * time (request in → response finished) is measured, and so is the wall time during which at
 * least one Genesys call of that request was on the wire (outgoing HTTP requests seen through
 * `diagnostics_channel`, attributed to the request by `AsyncLocalStorage`); the overhead is the
 * difference: routing, auth (cached), validation, the engine's and our own work, the store.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import dc from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ClientRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_IDS, demoDatasetPath, loadDataset, startEmulator } from '../../emulator/src/index.js';
import { createService } from '../../server/src/app/index.js';
import { generateMasterKey, parseConfig } from '../../server/src/config/index.js';
import { demoTenantRegistration } from '../../server/src/demo/index.js';
import type { MergePlan } from '../../server/src/http/index.js';
import { createLogger } from '../../server/src/logging/index.js';
import { fmt, percentile } from '../lib/stats.js';
import type { BenchSection } from '../lib/types.js';

/** Outgoing-call intervals of one request, [start, end] in performance.now() ms. */
type Spans = Array<[number, number]>;

interface Sample {
  totalMs: number;
  genesysMs: number;
}

/** Length of the union of intervals. */
function covered(spans: Spans): number {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [start, end] = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const [s, e] of sorted) {
    if (s > end) {
      if (end > start) total += end - start;
      [start, end] = [s, e];
    } else if (e > end) end = e;
  }
  if (end > start) total += end - start;
  return total;
}

export const section: BenchSection = {
  name: 'api',
  title: 'HTTP API overhead per request (Genesys time excluded)',
  order: 60,
  async run(ctx) {
    const runs = ctx.quick ? 30 : 200;
    const warmup = ctx.quick ? 5 : 20;
    const als = new AsyncLocalStorage<Spans>();
    const onStart = ({ request }: { request: ClientRequest }) => {
      const spans = als.getStore();
      if (!spans) return;
      const started = performance.now();
      request.once('response', (response: IncomingMessage) => response.once('end', () => spans.push([started, performance.now()])));
      request.once('error', () => spans.push([started, performance.now()]));
    };
    dc.subscribe('http.client.request.start', onStart as (message: unknown) => void);

    const dataDir = mkdtempSync(join(tmpdir(), 'im-bench-api-'));
    const emulator = await startEmulator({ dataset: await loadDataset(demoDatasetPath), limits: { rateLimitPerWindow: 10_000_000 } });
    const config = parseConfig({
      DATA_DIR: dataDir, MASTER_KEY: generateMasterKey(), PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000',
    });
    // The org's client-side rate budget (300 calls a minute) would queue calls after a few hundred
    // requests; that wait is Genesys's budget, not our overhead, so it is lifted here.
    const service = await createService({
      config,
      logger: createLogger({ level: 'silent' }),
      demoGenesysUrl: emulator.url,
      genesys: { rateLimit: { perWindow: 10_000_000, windowMs: 60_000 } },
    });
    await service.tenants.ensure(demoTenantRegistration({ genesysUrl: emulator.url, webhook: null }));
    const samples = new Map<string, Sample[]>();
    let current: string | null = null;
    const server: Server = createServer((req, res) => {
      const spans: Spans = [];
      const started = performance.now();
      res.once('finish', () => {
        if (current) samples.get(current)!.push({ totalMs: performance.now() - started, genesysMs: covered(spans) });
      });
      als.run(spans, () => service.app(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const token = emulator.emulator.mintUserToken({ userId: DEMO_IDS.users.mergeAgent, clientId: DEMO_IDS.clients.widget.id });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const C = DEMO_IDS.conversations;
    const jane = [C.janeActiveCall, C.janeWebMessage, C.janeEmail];
    const plan = (await (await fetch(`${base}/api/v1/merges/preview`, { method: 'POST', headers, body: JSON.stringify({ conversationIds: jane }) })).json()) as MergePlan;
    let keys = 0;
    let jobId = '';
    const routes: Array<{ label: string; call: () => Promise<Response> }> = [
      { label: 'GET /api/v1/auth-config (public)', call: () => fetch(`${base}/api/v1/auth-config`) },
      { label: 'GET /api/v1/context', call: () => fetch(`${base}/api/v1/context?conversationId=${C.janeActiveCall}`, { headers }) },
      { label: 'GET /api/v1/candidates', call: () => fetch(`${base}/api/v1/candidates?conversationId=${C.janeActiveCall}`, { headers }) },
      { label: 'GET /api/v1/candidates/search', call: () => fetch(`${base}/api/v1/candidates/search?conversationId=${C.janeActiveCall}&q=jane.doe`, { headers }) },
      { label: 'POST /api/v1/merges/preview', call: () => fetch(`${base}/api/v1/merges/preview`, { method: 'POST', headers, body: JSON.stringify({ conversationIds: jane }) }) },
      {
        label: 'POST /api/v1/merges (validate + queue)',
        call: async () => {
          const response = await fetch(`${base}/api/v1/merges`, {
            method: 'POST',
            headers: { ...headers, 'idempotency-key': `bench-${keys++}` },
            body: JSON.stringify({ conversationIds: plan.conversationIds, planHash: plan.planHash }),
          });
          jobId = ((await response.clone().json()) as { id: string }).id;
          return response;
        },
      },
      { label: 'GET /api/v1/merges/{id}', call: () => fetch(`${base}/api/v1/merges/${jobId}`, { headers }) },
    ];

    try {
      for (const route of routes) {
        ctx.progress(`${route.label}: ${warmup} warm-up + ${runs} requests`);
        samples.set(route.label, []);
        current = null;
        for (let i = 0; i < warmup; i++) await (await route.call()).arrayBuffer();
        current = route.label;
        for (let i = 0; i < runs; i++) {
          const response = await route.call();
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`${route.label} answered ${response.status}`);
        }
        current = null;
      }
    } finally {
      dc.unsubscribe('http.client.request.start', onStart as (message: unknown) => void);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service.close({ graceMs: 0 });
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    }

    const figures: Record<string, unknown> = {};
    const rows = routes.map(({ label }) => {
      const list = samples.get(label)!.slice(0, runs);
      const overhead = list.map((s) => Math.max(0, s.totalMs - s.genesysMs));
      const row = {
        p50: percentile(overhead, 50),
        p99: percentile(overhead, 99),
        genesysP50: percentile(list.map((s) => s.genesysMs), 50),
        totalP50: percentile(list.map((s) => s.totalMs), 50),
      };
      figures[label] = { runs: list.length, overheadP50Ms: row.p50, overheadP99Ms: row.p99, genesysP50Ms: row.genesysP50, totalP50Ms: row.totalP50 };
      return [label, list.length, fmt(row.p50, 2), fmt(row.p99, 2), fmt(row.genesysP50, 2), fmt(row.totalP50, 2)];
    });
    return {
      tables: [
        {
          title: 'Server time minus time on the wire to Genesys (emulator, no added latency), sequential requests, ms',
          columns: ['route', 'requests', 'overhead p50', 'overhead p99', 'Genesys p50', 'total p50'],
          rows,
          notes: [
            'Overhead = time from request in to response finished, minus the union of the intervals during which an outgoing Genesys call of that request was in flight.',
            'The agent token check is cached (60 s), so it costs Genesys time only in the warm-up; the SDK\'s own serialisation counts as overhead.',
            'POST /merges runs the engine\'s validate step (Genesys reads, excluded) and writes the job, idempotency key and audit entry (included); the job runner is not started.',
          ],
        },
      ],
      figures,
    };
  },
};
