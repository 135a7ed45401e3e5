/**
 * Sustained load: 1,000 merges of 1,000 distinct customers through the HTTP API, as agents make
 * them (candidates, preview, `POST /api/v1/merges` with an `Idempotency-Key`, the job's event
 * stream to its end), against the Genesys Cloud emulator holding a generated 5,000-customer org
 * with 50–150 ms added to every call, on SQLite and on PostgreSQL. The service and the emulator
 * run as child processes, so their peak resident memory (`VmHWM`) is read on its own. Reports
 * throughput, p50/p99 end to end and per step, Genesys calls per merge, errors, steadiness over
 * the run, and the memory budgets.
 */
import { DEFAULT_TENANT_SETTINGS } from '../../server/src/tenants/index.js';
import { mintToken, startTestReceiver } from '../../test/support/server.js';
import { BENCH_DATABASE_URL, benchStore, parseServerTimings, postgresUnavailable, startEmulatorChild, startServerChild, type EmulatorChild } from '../lib/children.js';
import { writeGeneratedDataset } from '../lib/datasets.js';
import { loadAgents, loadCustomers, runLoad, type ByConversations, type LoadRun, type LoadSample } from '../lib/load-driver.js';
import { mb, readProcessMemory, readServiceHeap, sampleProcessMemory, sampleServiceHeap, type HeapSamples, type MemorySamples, type ServiceHeap } from '../lib/memory.js';
import { fmt, percentile } from '../lib/stats.js';
import type { BenchContext, BenchOutput, BenchSection, BenchTable } from '../lib/types.js';

/** Requests per minute allowed per token by the emulator, and the service's own budget for the org. */
const RATE_LIMIT_PER_MINUTE = 100_000;
/** Added to every Genesys call: uniform 50–150 ms, a mean of 100 ms as in DESIGN.md's merge budget (a same-region client; analytics queries are often slower on the platform). */
const LATENCY = { min: 50, max: 150 };
const SERVER_BUDGET_MB = 300;
const EMULATOR_BUDGET_MB = 500;
const STEPS = ['merge_contacts', 'associate', 'confirm', 'reconcile', 'record'] as const;

interface Plan {
  customers: number;
  merges: number;
  agents: number;
  stores: Array<'sqlite' | 'postgres'>;
}

const FULL: Plan = { customers: 5_000, merges: 1_000, agents: 16, stores: ['sqlite', 'postgres'] };
/** The same org (so the emulator's memory budget is measured), fewer merges. */
const QUICK: Plan = { customers: 5_000, merges: 60, agents: 8, stores: ['sqlite', 'postgres'] };

/** Everything measured for one store. */
interface StoreRun {
  store: 'sqlite' | 'postgres';
  run: LoadRun;
  emulator: { loadMs: number; memory: MemorySamples };
  server: { readyRssBytes: number; memory: MemorySamples; heapReady: ServiceHeap | null; heapEnd: ServiceHeap | null; heapSeen: HeapSamples };
  /** Job id → step → ms, and the job's time since it was created. */
  steps: Map<string, Map<string, number>>;
  jobTotals: Map<string, number>;
  /** Genesys API calls the emulator answered during the run, by `METHOD template`, and 429s. */
  calls: Map<string, number>;
  rateLimited: number;
  webhooksDelivered: number;
  webhooksDuplicated: number;
}

const LABELS: Record<StoreRun['store'], string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

async function emulatorCalls(emulator: EmulatorChild): Promise<{ calls: Map<string, number>; rateLimited: number }> {
  const counts = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as {
    entries: Array<{ method: string; path: string; status: number; count: number }>;
  };
  const calls = new Map<string, number>();
  let rateLimited = 0;
  for (const entry of counts.entries) {
    if (!entry.path.startsWith('/api/v2/')) continue;
    const key = `${entry.method} ${entry.path}`;
    calls.set(key, (calls.get(key) ?? 0) + entry.count);
    if (entry.status === 429) rateLimited += entry.count;
  }
  return { calls, rateLimited };
}

async function runStore(ctx: BenchContext, plan: Plan, datasetFile: string, dataset: Parameters<typeof loadCustomers>[0], store: StoreRun['store']): Promise<StoreRun> {
  ctx.progress(`${LABELS[store]}: starting the emulator child (${plan.customers} customers)`);
  const emulator = await startEmulatorChild({ datasetFile, rateLimitPerMinute: RATE_LIMIT_PER_MINUTE, latencyMs: LATENCY });
  const emulatorMemory = sampleProcessMemory(emulator.pid);
  const receiver = await startTestReceiver();
  const data = benchStore(store, `load-${store}`);
  try {
    const server = await startServerChild({
      emulatorUrl: emulator.url, store: data, genesysPerMinute: RATE_LIMIT_PER_MINUTE, webhook: { url: receiver.url, secret: receiver.secret },
    });
    try {
      const readyRssBytes = (await readProcessMemory(server.process.pid!)).rssBytes;
      const heapReady = await readServiceHeap(server.url);
      const heapSampler = sampleServiceHeap(server.url);
      const serverMemory = sampleProcessMemory(server.process.pid!);
      const tokens = await Promise.all(loadAgents(dataset, plan.agents).map((user) => mintToken(emulator.url, user)));
      await fetch(`${emulator.url}/__emulator/requests`, { method: 'DELETE' });
      const customers = loadCustomers(dataset, { lookBackDays: DEFAULT_TENANT_SETTINGS.lookBackDays, seed: 9 });
      ctx.progress(`${LABELS[store]}: ${plan.merges} merges by ${tokens.length} agents (${customers.length} customers with 2+ recent interactions)`);
      const step = Math.max(1, Math.round(plan.merges / 10));
      const run = await runLoad({
        serverUrl: server.url, tokens, customers, merges: plan.merges, timeoutMs: 120_000,
        onProgress: (submitted) => {
          if (submitted % step === 0) ctx.progress(`${LABELS[store]}: ${submitted}/${plan.merges} submitted`);
        },
      });
      const merged = run.samples.filter((s) => s.outcome === 'merged').length;
      // Every merged session is sent to the CRM; give the outbox a moment to finish.
      await Promise.race([receiver.waitFor(merged), new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
      const { calls, rateLimited } = await emulatorCalls(emulator);
      const heapEnd = await readServiceHeap(server.url);
      const heapSeen = await heapSampler.stop();
      const timings = parseServerTimings(server.lines);
      const steps = new Map<string, Map<string, number>>();
      for (const [jobId, list] of timings.steps) steps.set(jobId, new Map(list.map((s) => [s.step, s.ms])));
      const verified = receiver.received.filter((r) => r.verified).map((r) => r.webhookId);
      const result: StoreRun = {
        store,
        run,
        emulator: { loadMs: emulator.loadMs, memory: await emulatorMemory.stop() },
        server: { readyRssBytes, memory: await serverMemory.stop(), heapReady, heapEnd, heapSeen },
        steps,
        jobTotals: new Map([...timings.done].map(([id, d]) => [id, d.ms])),
        calls,
        rateLimited,
        webhooksDelivered: new Set(verified).size,
        webhooksDuplicated: verified.length - new Set(verified).size,
      };
      return result;
    } finally {
      await server.stop();
    }
  } finally {
    await emulatorMemory.stop();
    await emulator.close();
    await receiver.close();
    await data.destroy();
  }
}

const heap = (ready: ServiceHeap | null, end: ServiceHeap | null, seen: HeapSamples) =>
  ready && end
    ? `${mb(ready.heapUsedBytes)} → ${mb(end.heapUsedBytes)}; max ${mb(seen.maxHeapUsedBytes)} used, ${mb(Math.max(seen.maxHeapTotalBytes, end.heapTotalBytes))} total`
    : '–';
const p = (values: number[], q: number) => (values.length === 0 ? '–' : fmt(percentile(values, q), 0));
const present = (values: Array<number | null>) => values.filter((v): v is number => v !== null);

function stepValues(run: StoreRun): Record<string, number[]> {
  const merged = run.run.samples.filter((s) => s.outcome === 'merged');
  const out: Record<string, number[]> = {
    'GET /candidates': present(run.run.samples.map((s) => s.candidatesMs)),
    'POST /merges/preview': present(run.run.samples.map((s) => s.previewMs)),
    'POST /merges (validate + queue)': present(merged.map((s) => s.submitMs)),
  };
  const queueWait: number[] = [];
  for (const stepName of STEPS) out[`job step ${stepName}`] = [];
  for (const sample of merged) {
    const steps = run.steps.get(sample.jobId!);
    const total = run.jobTotals.get(sample.jobId!);
    if (!steps || total === undefined) continue;
    for (const stepName of STEPS) {
      const ms = steps.get(stepName);
      if (ms !== undefined) out[`job step ${stepName}`]!.push(ms);
    }
    // Created → finished, less the steps the runner ran: the validate step of the request and the wait for a runner.
    queueWait.push(Math.max(0, total - STEPS.reduce((sum, name) => sum + (steps.get(name) ?? 0), 0)));
  }
  out['job: created → claimed (validate, queue)'] = queueWait;
  out['job: 202 → done event'] = present(merged.map((s) => s.jobMs));
  out['end to end (candidates → done)'] = present(merged.map((s) => s.endToEndMs));
  return out;
}

/** Merged samples grouped by conversations per merge (N): the figures the growth section reads. */
function byConversations(merged: readonly LoadSample[]): Record<string, ByConversations> {
  const groups = new Map<number, LoadSample[]>();
  for (const sample of merged) {
    const list = groups.get(sample.conversations) ?? [];
    list.push(sample);
    groups.set(sample.conversations, list);
  }
  const out: Record<string, ByConversations> = {};
  for (const [n, list] of [...groups].sort((a, b) => a[0] - b[0])) {
    const calls = present(list.map((s) => s.jobApiCalls));
    out[String(n)] = {
      merges: list.length,
      contactsP50: percentile(present(list.map((s) => s.contacts)), 50),
      jobCallsP50: percentile(calls, 50),
      jobCallsMax: calls.length ? Math.max(...calls) : 0,
      budgetMax: Math.max(...list.map((s) => n + (s.contacts ?? 0) + 4)),
      overBudget: list.filter((s) => s.jobApiCalls !== null && s.jobApiCalls > n + (s.contacts ?? 0) + 4).length,
      jobMsP50: percentile(present(list.map((s) => s.jobMs)), 50),
      jobMsP99: percentile(present(list.map((s) => s.jobMs)), 99),
      endToEndP50: percentile(present(list.map((s) => s.endToEndMs)), 50),
    };
  }
  return out;
}

function outcomes(samples: readonly LoadSample[]) {
  const count = (o: LoadSample['outcome']) => samples.filter((s) => s.outcome === o).length;
  return {
    merged: count('merged'), failed: count('failed'), errors: count('error'), noCandidates: count('no_candidates'),
    invalidPlan: count('invalid_plan'), notSubmitted: count('not_submitted'),
  };
}

/** `BENCH_LOAD_MERGES` and `BENCH_LOAD_STORES` (`sqlite,postgres`) override the plan, for trying the load on its own. */
function planFor(quick: boolean): Plan {
  const plan = { ...(quick ? QUICK : FULL) };
  const merges = Number(process.env.BENCH_LOAD_MERGES);
  if (Number.isInteger(merges) && merges > 0) plan.merges = merges;
  const stores = process.env.BENCH_LOAD_STORES?.split(',').filter((x): x is 'sqlite' | 'postgres' => x === 'sqlite' || x === 'postgres');
  if (stores && stores.length > 0) plan.stores = stores;
  return plan;
}

async function run(ctx: BenchContext): Promise<BenchOutput> {
  const plan = planFor(ctx.quick);
  ctx.progress(`generating a ${plan.customers}-customer org`);
  const generated = await writeGeneratedDataset({ customers: plan.customers, seed: 'load' });
  const runs: StoreRun[] = [];
  const skipped: string[] = [];
  try {
    for (const store of plan.stores) {
      const unavailable = store === 'postgres' ? await postgresUnavailable() : null;
      if (unavailable) {
        skipped.push(`PostgreSQL skipped: ${BENCH_DATABASE_URL.replace(/\/\/[^@/]*@/, '//')} is not reachable (${unavailable}).`);
        ctx.progress(skipped.at(-1)!);
        continue;
      }
      runs.push(await runStore(ctx, plan, generated.file, generated.dataset, store));
    }
  } finally {
    await generated.remove();
  }

  const tables: BenchTable[] = [];
  const budgets: NonNullable<BenchOutput['budgets']> = [];
  const figures: Record<string, unknown> = {
    customersInOrg: plan.customers, conversationsInOrg: generated.dataset.conversations.length, mergesTarget: plan.merges,
    agents: plan.agents, latencyMs: LATENCY, rateLimitPerMinute: RATE_LIMIT_PER_MINUTE, datasetBytes: generated.bytes, generateMs: generated.generateMs,
  };

  const summaryRows: Array<Array<string | number>> = [];
  const stepTable = new Map<string, Array<string | number>>();
  const memoryRows: Array<Array<string | number>> = [];
  const steadyRows: Array<Array<string | number>> = [];
  const callRows = new Map<string, Array<string | number>>();
  const perStore: Record<string, unknown> = {};
  for (const r of runs) {
    const label = LABELS[r.store];
    const o = outcomes(r.run.samples);
    const merged = r.run.samples.filter((s) => s.outcome === 'merged');
    const submitted = r.run.samples.filter((s) => s.submitted).length;
    const totalCalls = [...r.calls.values()].reduce((a, b) => a + b, 0);
    const e2e = present(merged.map((s) => s.endToEndMs));
    const throughput = merged.length / (r.run.wallMs / 1000);
    const jobCalls = present(merged.map((s) => s.jobApiCalls));
    const overBudget = merged.filter((s) => s.jobApiCalls! > s.conversations + s.contacts! + 4);
    summaryRows.push([
      label, submitted, o.merged, o.failed, o.errors, `${o.noCandidates} / ${o.invalidPlan}`, fmt(r.run.wallMs / 1000, 1), fmt(throughput, 2),
      p(e2e, 50), p(e2e, 99), fmt(totalCalls / Math.max(1, merged.length), 1), `${p(jobCalls, 50)} / ${jobCalls.length ? Math.max(...jobCalls) : '–'}`,
      r.rateLimited, `${r.webhooksDelivered}${r.webhooksDuplicated ? ` (+${r.webhooksDuplicated} dup.)` : ''}`,
    ]);
    const values = stepValues(r);
    for (const [name, list] of Object.entries(values)) {
      const row = stepTable.get(name) ?? [name];
      row.push(p(list, 50), p(list, 99));
      stepTable.set(name, row);
    }
    memoryRows.push(
      ['service', label, mb(r.server.readyRssBytes), mb(r.server.memory.maxSampledRssBytes), mb(r.server.memory.lastRssBytes), mb(r.server.memory.peakBytes), heap(r.server.heapReady, r.server.heapEnd, r.server.heapSeen), r.store === 'sqlite' ? `< ${SERVER_BUDGET_MB} MB` : '–'],
      ['emulator', label, `${fmt(r.emulator.loadMs / 1000, 1)} s load`, mb(r.emulator.memory.maxSampledRssBytes), mb(r.emulator.memory.lastRssBytes), mb(r.emulator.memory.peakBytes), '–', `< ${EMULATOR_BUDGET_MB} MB`],
    );
    const quarter = r.run.wallMs / 4;
    for (let q = 0; q < 4; q++) {
      const inQuarter = merged.filter((s) => s.endedAtMs >= q * quarter && (s.endedAtMs < (q + 1) * quarter || q === 3));
      const rss = r.server.memory.series.filter((s) => s.atMs <= (q + 1) * quarter + 1000).at(-1)?.rssBytes ?? 0;
      steadyRows.push([label, `${q + 1}/4`, inQuarter.length, fmt(inQuarter.length / (quarter / 1000), 2), p(present(inQuarter.map((s) => s.endToEndMs)), 50), p(present(inQuarter.map((s) => s.endToEndMs)), 99), mb(rss)]);
    }
    for (const [endpoint, count] of [...r.calls].sort((a, b) => b[1] - a[1])) {
      const row = callRows.get(endpoint) ?? [endpoint, ...runs.map(() => '–')];
      row[1 + runs.indexOf(r)] = fmt(count / Math.max(1, merged.length), 2);
      callRows.set(endpoint, row);
    }

    if (r.store === 'sqlite') {
      const peak = r.server.memory.peakBytes / 1_048_576;
      budgets.push({ name: `service peak resident memory, ${submitted} merges under load (SQLite)`, measured: `${fmt(peak, 1)} MB`, budget: `< ${SERVER_BUDGET_MB} MB`, ok: peak < SERVER_BUDGET_MB });
    }
    const emulatorPeak = r.emulator.memory.peakBytes / 1_048_576;
    budgets.push({ name: `emulator peak resident memory holding ${plan.customers.toLocaleString('en-US')} customers under load (${label})`, measured: `${fmt(emulatorPeak, 1)} MB`, budget: `< ${EMULATOR_BUDGET_MB} MB`, ok: emulatorPeak < EMULATOR_BUDGET_MB });
    budgets.push({ name: `sustained load (${label}): Genesys calls of every merge within N + k + 4`, measured: `${merged.length - overBudget.length}/${merged.length}`, budget: 'all', ok: overBudget.length === 0 && merged.length > 0 });
    budgets.push({ name: `sustained load (${label}): submitted merges that succeeded, webhook delivered once`, measured: `${o.merged}/${submitted} merged, ${r.webhooksDelivered} webhooks, ${o.errors} errors`, budget: 'all, no error', ok: o.merged === submitted && o.errors === 0 && r.webhooksDelivered === o.merged && r.webhooksDuplicated === 0 });

    perStore[r.store] = {
      wallMs: r.run.wallMs, customersTaken: r.run.customersTaken, outcomes: o, submitted, mergesPerSecond: throughput,
      genesysCallsPerMerge: totalCalls / Math.max(1, merged.length), genesysCalls: Object.fromEntries(r.calls), rateLimited: r.rateLimited,
      jobApiCalls: { p50: percentile(jobCalls, 50), max: jobCalls.length ? Math.max(...jobCalls) : null, overBudget: overBudget.length },
      steps: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { p50: percentile(v, 50), p99: percentile(v, 99), count: v.length }])),
      memory: {
        server: { readyRssBytes: r.server.readyRssBytes, heapReady: r.server.heapReady, heapEnd: r.server.heapEnd, heapSeen: r.server.heapSeen, peakBytes: r.server.memory.peakBytes, maxSampledRssBytes: r.server.memory.maxSampledRssBytes, lastRssBytes: r.server.memory.lastRssBytes },
        emulator: { loadMs: r.emulator.loadMs, peakBytes: r.emulator.memory.peakBytes, maxSampledRssBytes: r.emulator.memory.maxSampledRssBytes, lastRssBytes: r.emulator.memory.lastRssBytes },
      },
      byConversations: byConversations(merged),
      webhooksDelivered: r.webhooksDelivered,
      webhooksDuplicated: r.webhooksDuplicated,
      errors: r.run.samples.filter((s) => s.error && (s.outcome === 'error' || s.outcome === 'failed')).slice(0, 20).map((s) => s.error),
    };
  }
  figures.stores = perStore;
  figures.skipped = skipped;

  const setting = `${plan.agents} agents at once, each with their own token, one customer after another (candidates → preview → merge → job done); ` +
    `emulator: ${plan.customers.toLocaleString('en-US')}-customer generated org (${generated.dataset.conversations.length.toLocaleString('en-US')} conversations), ` +
    `every Genesys call delayed ${LATENCY.min}–${LATENCY.max} ms (uniform), rate limit raised to ${RATE_LIMIT_PER_MINUTE.toLocaleString('en-US')} requests/min per token ` +
    `and the service's own Genesys budget for the org to the same; other settings the service's defaults (4 jobs at once, 8 Genesys calls in flight per org).`;
  tables.push({
    title: `Sustained load: ${plan.merges.toLocaleString('en-US')} merges of distinct customers through the HTTP API`,
    columns: ['store', 'submitted', 'merged', 'failed', 'errors', 'skipped (none / invalid)', 'wall s', 'merges/s', 'e2e p50 ms', 'e2e p99 ms', 'Genesys calls / merge', 'job calls p50 / max', '429s', 'webhooks'],
    rows: summaryRows,
    notes: [
      setting,
      ...skipped,
      '"skipped": customers for whom the service auto-selected nothing, or whose plan was not valid (not merged, not errors). "Genesys calls / merge": every API call the emulator answered during the run (candidates, previews, validation, the jobs, agent token checks; skipped customers included) divided by merges; "job calls": the job\'s own count (result.metrics.apiCalls).',
    ],
  });
  tables.push({
    title: 'Latency per step (ms)',
    columns: ['step', ...runs.flatMap((r) => [`${LABELS[r.store]} p50`, `${LABELS[r.store]} p99`])],
    rows: [...stepTable.values()],
    notes: ['Request steps are timed by the agents (client side, over loopback); job steps by the service (its job observer); "created → claimed" is the job\'s life less its steps: the validate step of the request and the wait for one of the 4 runners.'],
  });
  tables.push({
    title: 'Resident memory (MB, child processes, /proc/<pid>/status)',
    columns: ['process', 'store', 'ready', 'max RSS sampled', 'RSS at end', 'peak (VmHWM)', 'V8 heap used: ready → end; max sampled', 'budget'],
    rows: memoryRows,
    notes: [
      '"ready": the service once listening (before load); the emulator column shows its dataset load time instead. RSS sampled every 0.5 s; VmHWM is the kernel\'s high-water mark over the process\'s whole life, start-up (tsx compiling TypeScript) and dataset parsing included.',
      'V8 heap: the service\'s own /metrics (prom-client) when listening, every 2 s during the load, and after the last merge; "total" is the heap V8 has reserved. A heap used that returns near its start while RSS stays up is V8 keeping the pages of a busy moment, not data held.',
    ],
  });
  tables.push({
    title: 'Steadiness: merges finished per quarter of the run',
    columns: ['store', 'quarter', 'merges', 'merges/s', 'e2e p50 ms', 'e2e p99 ms', 'service RSS MB'],
    rows: steadyRows,
  });
  tables.push({
    title: 'Genesys calls per merge by endpoint (all calls during the run / merges)',
    columns: ['endpoint', ...runs.map((r) => LABELS[r.store])],
    rows: [...callRows.values()],
  });
  return { tables, figures, budgets };
}

export const section: BenchSection = {
  name: 'load',
  title: 'Sustained load: merges through the HTTP API on SQLite and PostgreSQL, with memory',
  order: 100,
  run,
};
