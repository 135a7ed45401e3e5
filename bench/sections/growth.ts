/**
 * How costs grow: with the conversations per merge (the merge-engine section's controlled merges
 * of N = 2…25, and the load section's merges grouped by N, both read from this report), and with
 * the org's size: 1× = 2,000 customers and 10× = 20,000 through the whole stack (the emulator and
 * the service as child processes: dataset load time and memory, candidates, preview and merge
 * latency, Genesys calls per request), and 1×, 10× and 100× on the pure functions (candidate
 * scoring: the merge-pure section's figures; timeline reconciliation of every segment of the
 * org at once: measured here in a child process). Each figure beside its ratio to 1×. Quick mode
 * runs the same factors on a 500-customer 1× org.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_TENANT_SETTINGS } from '../../server/src/tenants/index.js';
import { mintToken, REPO_ROOT } from '../../test/support/server.js';
import { benchStore, startEmulatorChild, startServerChild } from '../lib/children.js';
import { writeGeneratedDataset, type DatasetFile } from '../lib/datasets.js';
import type { CandidatesResponse, Job, MergePlan } from '../../server/src/http/index.js';
import { apiRequest, type ByConversations, followJob, loadAgents, loadCustomers, selectedSet } from '../lib/load-driver.js';
import { mb, readProcessMemory, sampleProcessMemory } from '../lib/memory.js';
import { fmt, median, percentile } from '../lib/stats.js';
import type { BenchContext, BenchOutput, BenchSection, BenchTable } from '../lib/types.js';

const run = promisify(execFile);
const RATE_LIMIT_PER_MINUTE = 100_000;
const TIMELINE_ENTRY = relative(REPO_ROOT, join(import.meta.dirname, '../lib/timeline-child.ts'));

interface Sizes {
  /** Customers of the 1× org. */
  base: number;
  /** Factors through the whole stack. */
  stack: number[];
  /** Factors on reconcileTimeline. */
  timeline: number[];
  /** Customers whose candidates and preview are timed per org (after 3 warm-up ones). */
  anchors: number;
}

const FULL: Sizes = { base: 2_000, stack: [1, 10], timeline: [1, 10, 100], anchors: 40 };
/** Quick: the same factors on a 500-customer 1× org (10× = 5,000), fewer customers timed. */
const QUICK: Sizes = { base: 500, stack: [1, 10], timeline: [1, 10, 100], anchors: 10 };
const WARM_UP = 5;

const ratio = (value: number, base: number) => (base > 0 ? `${fmt(value / base, 2)}×` : '–');

/** What one org size costs through the whole stack. */
interface StackFigures {
  factor: number;
  customers: number;
  conversations: number;
  contacts: number;
  datasetMb: number;
  generateMs: number;
  emulatorLoadMs: number;
  emulatorRssMb: number;
  emulatorPeakMb: number;
  candidatesP50: number;
  candidatesP99: number;
  callsPerCandidates: number;
  previewP50: number;
  previewP99: number;
  callsPerPreview: number;
  /** `POST /api/v1/merges` until the job's `done` event. */
  mergeP50: number;
  mergeP99: number;
  /** Every Genesys call from the POST to the done event (the emulator's count). */
  callsPerMerge: number;
  servicePeakMb: number;
  /** Customers timed (after the warm-up ones), previews among them, merges among those. */
  timed: number;
  previews: number;
  merges: number;
}

/** Genesys API calls the emulator answered so far (`/api/v2/`, token grants excluded as they are not under it). */
async function apiCalls(emulatorUrl: string): Promise<number> {
  const counts = (await (await fetch(`${emulatorUrl}/__emulator/requests`)).json()) as { entries: Array<{ path: string; count: number }> };
  return counts.entries.filter((e) => e.path.startsWith('/api/v2/')).reduce((n, e) => n + e.count, 0);
}

async function stackAt(ctx: BenchContext, sizes: Sizes, factor: number, generated: DatasetFile): Promise<StackFigures> {
  const customers = sizes.base * factor;
  ctx.progress(`${factor}×: loading ${customers} customers into an emulator child`);
  const emulator = await startEmulatorChild({ datasetFile: generated.file, rateLimitPerMinute: RATE_LIMIT_PER_MINUTE, latencyMs: { min: 0, max: 0 } });
  const data = benchStore('sqlite', `growth-${factor}`);
  try {
    const loaded = await readProcessMemory(emulator.pid);
    const emulatorMemory = sampleProcessMemory(emulator.pid);
    const server = await startServerChild({ emulatorUrl: emulator.url, store: data, genesysPerMinute: RATE_LIMIT_PER_MINUTE, webhook: null });
    try {
      const token = await mintToken(emulator.url, loadAgents(generated.dataset, 1)[0]!);
      const all = loadCustomers(generated.dataset, { lookBackDays: DEFAULT_TENANT_SETTINGS.lookBackDays, seed: 5 });
      // One agent, one customer at a time, so every Genesys call the emulator counts between two
      // readings belongs to the request in between: latency and calls, not throughput.
      const candidatesMs: number[] = [];
      const previewMs: number[] = [];
      const mergeMs: number[] = [];
      const calls = { candidates: 0, preview: 0, merge: 0 };
      const call = <T>(path: string, init: Parameters<typeof apiRequest>[3] = {}) =>
        apiRequest<T>(server.url, token, path, { timeoutMs: 120_000, ...init });
      let seen = 0;
      for (const customer of all) {
        if (seen >= WARM_UP + sizes.anchors) break;
        const timed = seen++ >= WARM_UP;
        let before = await apiCalls(emulator.url);
        let started = performance.now();
        const candidates = await call<CandidatesResponse>(`/api/v1/candidates?conversationId=${encodeURIComponent(customer.anchorConversationId)}`);
        let ms = performance.now() - started;
        let after = await apiCalls(emulator.url);
        if (timed) {
          candidatesMs.push(ms);
          calls.candidates += after - before;
        }
        const conversationIds = selectedSet(customer.anchorConversationId, candidates.body);
        if (conversationIds.length < 2) continue;
        before = after;
        started = performance.now();
        const plan = await call<MergePlan>('/api/v1/merges/preview', { method: 'POST', body: { conversationIds } });
        ms = performance.now() - started;
        after = await apiCalls(emulator.url);
        if (timed) {
          previewMs.push(ms);
          calls.preview += after - before;
        }
        if (!plan.body.valid) continue;
        before = after;
        started = performance.now();
        const accepted = await call<Job>('/api/v1/merges', {
          method: 'POST', body: { conversationIds: plan.body.conversationIds, planHash: plan.body.planHash }, headers: { 'idempotency-key': randomBytes(12).toString('hex') },
        });
        const job = accepted.body.status === 'succeeded' || accepted.body.status === 'failed' ? accepted.body : await followJob(server.url, token, accepted.body.id, 120_000);
        ms = performance.now() - started;
        if (job.status !== 'succeeded') throw new Error(`growth ${factor}×: merge job ${job.status}: ${job.error?.code ?? ''}`);
        after = await apiCalls(emulator.url);
        if (timed) {
          mergeMs.push(ms);
          calls.merge += after - before;
        }
      }
      const emulatorSeen = await emulatorMemory.stop();
      const serverPeak = (await readProcessMemory(server.process.pid!)).peakBytes;
      const per = (total: number, n: number) => (n > 0 ? total / n : 0);
      return {
        factor, customers, conversations: generated.dataset.conversations.length, contacts: generated.dataset.externalContacts.length,
        datasetMb: generated.bytes / 1_048_576, generateMs: generated.generateMs, emulatorLoadMs: emulator.loadMs,
        emulatorRssMb: loaded.rssBytes / 1_048_576, emulatorPeakMb: emulatorSeen.peakBytes / 1_048_576,
        candidatesP50: median(candidatesMs), candidatesP99: percentile(candidatesMs, 99), callsPerCandidates: per(calls.candidates, candidatesMs.length),
        previewP50: median(previewMs), previewP99: percentile(previewMs, 99), callsPerPreview: per(calls.preview, previewMs.length),
        mergeP50: median(mergeMs), mergeP99: percentile(mergeMs, 99), callsPerMerge: per(calls.merge, mergeMs.length),
        servicePeakMb: serverPeak / 1_048_576, timed: candidatesMs.length, previews: previewMs.length, merges: mergeMs.length,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await emulator.close();
    await data.destroy();
  }
}

interface TimelineFigures {
  factor: number;
  conversations: number;
  segments: number;
  ms: number;
  runs: number;
}

async function timelineGrowth(ctx: BenchContext, sizes: Sizes, file: string): Promise<{ rows: TimelineFigures[]; maxRssBytes: number }> {
  ctx.progress(`reconcileTimeline over ${sizes.timeline.join('×, ')}× the ${sizes.base}-customer org (child process)`);
  const { stdout } = await run(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', TIMELINE_ENTRY, file, sizes.timeline.join(','), '3'], {
    cwd: REPO_ROOT, maxBuffer: 1 << 20,
  });
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const rows = lines.filter((l) => 'factor' in l).map((l) => ({
    factor: l.factor as number, conversations: l.conversations as number, segments: l.segments as number,
    ms: median(l.runsMs as number[]), runs: (l.runsMs as number[]).length,
  }));
  return { rows, maxRssBytes: (lines.find((l) => 'maxRssBytes' in l)?.maxRssBytes as number | undefined) ?? 0 };
}

/** The figures of an earlier section of this report, or null when it did not run or failed. */
function earlier<T>(ctx: BenchContext, name: string, pick: (figures: Record<string, unknown>) => T | undefined): T | null {
  const result = ctx.results?.[name];
  if (!result || 'error' in result) return null;
  return pick(result.figures) ?? null;
}

function perMergeTable(ctx: BenchContext): { table: BenchTable; figures: unknown } {
  type Growth = Record<string, { engineCalls: number; engineMs: number; naiveCalls: number | null; naiveMs: number | null }>;
  const growth = earlier<Growth>(ctx, 'merge-engine', (f) => f.growth as Growth | undefined);
  const latency = earlier<number>(ctx, 'merge-engine', (f) => f.latencyMs as number | undefined);
  const columns = ['N conversations', 'Genesys calls', '× (vs N=2)', 'budget N+k+4', 'wall ms', '× (vs N=2)', 'ms per conversation'];
  if (!growth) {
    return {
      table: { title: 'Cost by conversations per merge', columns, rows: [], notes: ['The merge-engine section did not run in this report (run it with --only merge-engine,growth).'] },
      figures: null,
    };
  }
  const entries = Object.entries(growth).map(([n, g]) => ({ n: Number(n), ...g })).sort((a, b) => a.n - b.n);
  const first = entries[0]!;
  return {
    table: {
      title: `Cost by conversations per merge (k = 2 contacts, ${latency ?? '?'} ms added per Genesys call; figures of the merge-engine section)`,
      columns,
      rows: entries.map((e) => [
        e.n, e.engineCalls, ratio(e.engineCalls, first.engineCalls), e.n + 2 + 4, fmt(e.engineMs, 0), ratio(e.engineMs, first.engineMs), fmt(e.engineMs / e.n, 0),
      ]),
      notes: [`Ratios are to the N = ${first.n} merge. Calls grow by one per conversation (its association PUT); wall time grows with the rounds of concurrent calls, not their number.`],
    },
    figures: entries,
  };
}

/** The same growth with the conversations per merge, from the sustained load (the generated org's own mix, through the whole stack). */
function perMergeUnderLoad(ctx: BenchContext): { table: BenchTable; figures: unknown } {
  type Stores = Record<string, { byConversations?: Record<string, ByConversations> }>;
  const stores = earlier<Stores>(ctx, 'load', (f) => f.stores as Stores | undefined);
  const latency = earlier<{ min: number; max: number }>(ctx, 'load', (f) => f.latencyMs as { min: number; max: number } | undefined);
  const columns = ['store', 'N conversations', 'merges', 'k contacts p50', 'job calls p50 / max', 'N+k+4 (largest)', 'over budget', '202 → done p50 ms', 'p99 ms', 'end to end p50 ms'];
  const rows: Array<Array<string | number>> = [];
  for (const [store, figures] of Object.entries(stores ?? {})) {
    for (const [n, g] of Object.entries(figures.byConversations ?? {})) {
      rows.push([
        store === 'sqlite' ? 'SQLite' : store === 'postgres' ? 'PostgreSQL' : store, Number(n), g.merges, g.contactsP50, `${g.jobCallsP50} / ${g.jobCallsMax}`,
        g.budgetMax, g.overBudget, fmt(g.jobMsP50, 0), fmt(g.jobMsP99, 0), fmt(g.endToEndP50, 0),
      ]);
    }
  }
  return {
    table: {
      title: `Cost by conversations per merge under sustained load (the load section's merges, ${latency ? `${latency.min}–${latency.max}` : '?'} ms added per Genesys call)`,
      columns,
      rows,
      notes: [stores
        ? 'The generated org\'s own mix of customers (N is what the service auto-selected for them), through the HTTP API with other agents working at once; job calls are the job\'s own count (result.metrics.apiCalls: validate at the request, then the steps).'
        : 'The load section did not run in this report (run it with --only load,growth).'],
    },
    figures: stores ? Object.fromEntries(Object.entries(stores).map(([k, v]) => [k, v.byConversations ?? null])) : null,
  };
}

function pureTable(ctx: BenchContext, timeline: TimelineFigures[], sizes: Sizes): BenchTable {
  type ScoringGrowth = Array<{ factor: number; customers: number; conversations: number; scoringMs: number }>;
  const scoring = earlier<ScoringGrowth>(ctx, 'merge-pure', (f) => f.growth as ScoringGrowth | undefined) ?? [];
  const baseCustomers = earlier<number>(ctx, 'merge-pure', (f) => f.customers as number | undefined);
  const rows: Array<Array<string | number>> = [];
  const t1 = timeline.find((t) => t.factor === 1);
  for (const t of timeline) {
    rows.push([
      'reconcileTimeline (every segment of the org at once)', `${t.factor}× (${(sizes.base * t.factor).toLocaleString('en-US')} customers)`,
      `${t.segments.toLocaleString('en-US')} segments`, fmt(t.ms, 0), t1 ? ratio(t.ms, t1.ms) : '–',
      fmt((t.ms * 1000) / t.segments, 2), t1 ? ratio(t.ms / t.segments, t1.ms / t1.segments) : '–',
    ]);
  }
  const s1 = scoring.find((s) => s.factor === 1);
  for (const s of scoring) {
    rows.push([
      'scoreCandidates (every conversation against one anchor, paged)', `${s.factor}× (${s.customers.toLocaleString('en-US')} customers)`,
      `${s.conversations.toLocaleString('en-US')} conversations`, fmt(s.scoringMs, 0), s1 ? ratio(s.scoringMs, s1.scoringMs) : '–',
      fmt((s.scoringMs * 1000) / s.conversations, 2), s1 ? ratio(s.scoringMs / s.conversations, s1.scoringMs / s1.conversations) : '–',
    ]);
  }
  const notes = [
    `Timeline: ${sizes.timeline.join('×, ')}× copies of the generated ${sizes.base.toLocaleString('en-US')}-customer org (new ids, the same segments), reconciled as one list in a child process (8 GB heap); p50 of 3 runs, the largest once. A merge reconciles only its own conversations: this is the worst case, to show the growth.`,
  ];
  notes.push(scoring.length > 0
    ? `Scoring: the merge-pure section's growth figures (its org: ${baseCustomers?.toLocaleString('en-US') ?? '?'} customers, scored one 10-copy page at a time).`
    : 'Scoring: the merge-pure section did not run in this report (run it with --only merge-pure,growth).');
  return {
    title: 'Pure functions with the org\'s size',
    columns: ['function', 'org', 'input', 'ms', '× (vs 1×)', 'µs per item', 'per item × (vs 1×)'],
    rows,
    notes,
  };
}

async function runGrowth(ctx: BenchContext): Promise<BenchOutput> {
  const sizes = ctx.quick ? QUICK : FULL;
  const tables: BenchTable[] = [];
  const figures: Record<string, unknown> = { sizes };

  const perMerge = perMergeTable(ctx);
  tables.push(perMerge.table);
  figures.perMerge = perMerge.figures;
  const underLoad = perMergeUnderLoad(ctx);
  tables.push(underLoad.table);
  figures.perMergeUnderLoad = underLoad.figures;

  const stack: StackFigures[] = [];
  let timeline: { rows: TimelineFigures[]; maxRssBytes: number } = { rows: [], maxRssBytes: 0 };
  for (const factor of sizes.stack) {
    ctx.progress(`${factor}×: generating ${sizes.base * factor} customers`);
    const generated = await writeGeneratedDataset({ customers: sizes.base * factor, seed: 'growth' });
    try {
      stack.push(await stackAt(ctx, sizes, factor, generated));
      if (factor === 1) timeline = await timelineGrowth(ctx, sizes, generated.file);
    } finally {
      await generated.remove();
    }
  }
  figures.stack = stack;
  const one = stack[0]!;
  const measures: Array<[string, (s: StackFigures) => number, number]> = [
    ['conversations', (s) => s.conversations, 0],
    ['contacts', (s) => s.contacts, 0],
    ['dataset JSON (MB)', (s) => s.datasetMb, 1],
    ['generation (s)', (s) => s.generateMs / 1000, 1],
    ['emulator: load and validate (s)', (s) => s.emulatorLoadMs / 1000, 1],
    ['emulator: resident after load (MB)', (s) => s.emulatorRssMb, 1],
    ['emulator: peak resident (MB)', (s) => s.emulatorPeakMb, 1],
    ['GET /candidates p50 (ms)', (s) => s.candidatesP50, 0],
    ['GET /candidates p99 (ms)', (s) => s.candidatesP99, 0],
    ['Genesys calls per GET /candidates', (s) => s.callsPerCandidates, 1],
    ['POST /merges/preview p50 (ms)', (s) => s.previewP50, 0],
    ['POST /merges/preview p99 (ms)', (s) => s.previewP99, 0],
    ['Genesys calls per preview', (s) => s.callsPerPreview, 1],
    ['merge: POST /merges → done p50 (ms)', (s) => s.mergeP50, 0],
    ['merge: POST /merges → done p99 (ms)', (s) => s.mergeP99, 0],
    ['Genesys calls per merge (POST → done)', (s) => s.callsPerMerge, 1],
    ['service: peak resident (MB)', (s) => s.servicePeakMb, 1],
  ];
  tables.push({
    title: 'Whole stack with the org\'s size (emulator and service as child processes, SQLite, no added latency)',
    columns: ['measure', ...stack.flatMap((s) => (s.factor === 1 ? [`1× (${s.customers.toLocaleString('en-US')} customers)`] : [`${s.factor}× (${s.customers.toLocaleString('en-US')})`, `× (vs 1×)`]))],
    rows: measures.map(([label, value, decimals]) => [
      label,
      ...stack.flatMap((s) => (s.factor === 1 ? [fmt(value(s), decimals)] : [fmt(value(s), decimals), ratio(value(s), value(one))])),
    ]),
    notes: [
      `Per org: ${stack.map((s) => `${s.factor}×: ${s.timed} customers, ${s.previews} previews, ${s.merges} merges`).join('; ')}, after ${WARM_UP} warm-up customers. Customers with 2+ interactions in the look-back, seeded order, opened one at a time by one agent: GET /api/v1/candidates on the latest interaction, POST /api/v1/merges/preview of it with the auto-selected ones (when any), then the merge (POST /api/v1/merges, followed to its done event) when the plan is valid. One at a time, so the emulator's count of Genesys calls between two requests is that request's.`,
      `Rate limit raised to ${RATE_LIMIT_PER_MINUTE.toLocaleString('en-US')}/min in the emulator and the service; no latency added, so the times are the service's and the emulator's own work.`,
    ],
  });

  tables.push(pureTable(ctx, timeline.rows, sizes));
  figures.timeline = { rows: timeline.rows, childMaxRssBytes: timeline.maxRssBytes };
  figures.timelineChildPeakMb = mb(timeline.maxRssBytes);
  return { tables, figures };
}

export const section: BenchSection = {
  name: 'growth',
  title: 'Growth: cost with the conversations per merge and with the org\'s size (1×, 10×, 100×)',
  order: 110,
  run: runGrowth,
};
