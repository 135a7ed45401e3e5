/**
 * The engine's merge against the emulator: Genesys API calls per merge of N conversations over k
 * contacts (budget N + k + 4), wall time of a 5-conversation merge with 100 ms added per call
 * (budget under 1 s), and how both grow with the conversations per merge, each beside the naive
 * flow run in the same process (one GET per conversation and per contact, the merge, one PUT
 * each, sequentially, then fixed 2 s polling of every conversation until consistent).
 */
import { createManualClock, systemClock, type Clock } from '../../server/src/clock/index.js';
import { DEMO_IDS, NO_FAULTS, loadDataset, demoDatasetPath, startEmulator, type AnalyticsConversation, type Dataset, type ExternalContact, type RunningEmulator } from '../../emulator/src/index.js';
import { createGenesysClient, type GenesysClient } from '../../server/src/genesys/index.js';
import { createInteractionMerger } from '../../server/src/engine/index.js';
import { DEFAULT_TENANT_SETTINGS } from '../../server/src/tenants/index.js';
import { median, percentile } from '../lib/stats.js';
import type { BenchOutput, BenchSection, BenchTable } from '../lib/types.js';

const LATENCY_MS = 100;
const WALL_BUDGET_MS = 1000;
const NAIVE_POLL_MS = 2000;
const SHAPES: Array<[n: number, k: number]> = [[2, 2], [3, 3], [5, 2], [5, 3], [10, 4], [25, 5]];
const GROWTH = [2, 5, 10, 25];
const HOME = DEMO_IDS.divisions.home;

/** One synthetic customer per shape: k ephemeral contacts holding one mobile, N calls/SMS/WhatsApp linked round-robin. */
interface Customer {
  conversationIds: string[];
  contactIds: string[];
}

const id = (kind: number, customer: number, n: number) =>
  `b0000000-0000-4000-8${kind.toString(16)}00-${customer.toString(16).padStart(4, '0')}${n.toString(16).padStart(8, '0')}`;

function addCustomer(dataset: Dataset, index: number, n: number, k: number): Customer {
  const reference = Date.parse(dataset.referenceTime!);
  const e164 = `+1212555${(1000 + index).toString().slice(-4)}`;
  const contactIds = Array.from({ length: k }, (_, c) => id(1, index, c));
  contactIds.forEach((contactId, c) => {
    const created = new Date(reference - (40 - c) * 86_400_000).toISOString();
    dataset.externalContacts.push({ id: contactId, type: 'Ephemeral', division: { id: HOME }, cellPhone: { e164 }, createDate: created, modifyDate: created } as ExternalContact);
  });
  const conversationIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const start = reference - (30 - i) * 3_600_000 * 20;
    const end = start + 8 * 60_000;
    const kind = i % 3;
    const session = (role: number) => ({
      sessionId: id(3 + role, index, i),
      direction: 'inbound' as const,
      ...(kind === 0 ? { mediaType: 'voice' as const, ani: `tel:${e164}`, dnis: 'tel:+18005550100' }
        : { mediaType: 'message' as const, messageType: kind === 1 ? 'sms' as const : 'whatsapp' as const, addressFrom: kind === 1 ? e164 : e164.slice(1), addressTo: '+18005550111' }),
      segments: [{ segmentStart: new Date(start).toISOString(), segmentEnd: new Date(end).toISOString(), segmentType: 'interact' as const }],
    });
    const conversationId = id(2, index, i);
    conversationIds.push(conversationId);
    dataset.conversations.push({
      conversationId, conversationStart: new Date(start).toISOString(), conversationEnd: new Date(end).toISOString(),
      originatingDirection: 'inbound', divisionIds: [HOME],
      participants: [
        { participantId: id(5, index, i), purpose: 'customer', externalContactId: contactIds[i % k]!, sessions: [session(0)] },
        { participantId: id(6, index, i), purpose: 'agent', userId: DEMO_IDS.users.mergeAgent, participantName: 'Alex Agent', sessions: [session(1)] },
      ],
    } as AnalyticsConversation);
    dataset.truth[conversationId] = `bench-${index}`;
  }
  return { conversationIds, contactIds };
}

interface Harness {
  running: RunningEmulator;
  genesys: GenesysClient;
  clock: Clock;
}

async function harness(dataset: Dataset, clock: Clock): Promise<Harness> {
  const running = await startEmulator({ dataset, clock, limits: { rateLimitPerWindow: 1_000_000 } });
  const genesys = createGenesysClient({
    target: { baseUrl: running.url },
    credentials: { clientId: DEMO_IDS.clients.backend.id, clientSecret: DEMO_IDS.clients.backend.secret },
    clock, random: () => 0, rateLimit: { perWindow: 1_000_000, windowMs: 60_000 },
  });
  await genesys.orgSettings();
  return { running, genesys, clock };
}

/** Genesys API calls the emulator answered since the last clear (token and org settings excluded). */
function apiCalls(running: RunningEmulator): number {
  return running.emulator.requestCounts().entries
    .filter((e) => e.path.startsWith('/api/v2/') && !e.path.startsWith('/api/v2/organizations/') && !e.path.startsWith('/api/v2/analytics/dataretention'))
    .reduce((n, e) => n + e.count, 0);
}

/** The engine's merge steps (the preview is done and not counted, as with `POST /api/v1/merges`). */
async function engineMerge(h: Harness, customer: Customer): Promise<{ calls: number; ms: number; previewMs: number }> {
  const merger = createInteractionMerger({ genesys: h.genesys, settings: DEFAULT_TENANT_SETTINGS, clock: h.clock });
  const previewStart = performance.now();
  const plan = await merger.preview({ conversationIds: customer.conversationIds });
  const previewMs = performance.now() - previewStart;
  if (!plan.valid) throw new Error(`bench plan is not valid: ${JSON.stringify(plan.problems)}`);
  h.running.emulator.clearRequestCounts();
  const started = performance.now();
  let state = merger.beginExecution(plan);
  for (;;) {
    const outcome = await merger.runStep(state);
    state = outcome.state;
    if (outcome.done) break;
  }
  return { calls: apiCalls(h.running), ms: performance.now() - started, previewMs };
}

/** The naive flow, written as a first attempt would: every call awaited in turn, fixed 2 s polls. */
async function naiveMerge(h: Harness, customer: Customer): Promise<{ calls: number; ms: number }> {
  h.running.emulator.clearRequestCounts();
  const started = performance.now();
  const api = h.genesys;
  const records: AnalyticsConversation[] = [];
  for (const conversationId of customer.conversationIds) records.push(await api.getAnalyticsConversation(conversationId) as AnalyticsConversation);
  for (const contactId of customer.contactIds) await api.getContact(contactId);
  const merged = await api.mergeContacts({ contactIds: customer.contactIds });
  for (const record of records) {
    const session = record.participants.find((p) => p.purpose === 'customer')!.sessions[0]!;
    await api.associateConversation({
      conversationId: record.conversationId, communicationId: session.sessionId,
      mediaType: session.mediaType === 'voice' ? 'CALL' : 'MESSAGE', externalContactId: merged.id!,
    });
  }
  for (let pending = [...customer.conversationIds]; pending.length > 0;) {
    await h.clock.sleep(NAIVE_POLL_MS);
    const next: string[] = [];
    for (const conversationId of pending) {
      const record = await api.getAnalyticsConversation(conversationId);
      if (record.participants?.find((p) => p.purpose === 'customer')?.externalContactId !== merged.id) next.push(conversationId);
    }
    pending = next;
  }
  return { calls: apiCalls(h.running), ms: performance.now() - started };
}

function reset(h: Harness, latencyMs = 0): void {
  h.running.emulator.reset();
  h.running.emulator.setFaults({ ...NO_FAULTS, latencyMs });
  h.running.emulator.clearRequestCounts();
}

export const section: BenchSection = {
  name: 'merge-engine',
  title: 'Merge engine: Genesys API calls and wall time per merge, beside the naive flow',
  order: 40,
  async run(ctx) {
    const base = await loadDataset(demoDatasetPath);
    const dataset = structuredClone(base) as Dataset;
    const shapes = new Map<string, Customer>();
    let index = 0;
    for (const [n, k] of [...SHAPES, ...GROWTH.map((n): [number, number] => [n, 2])]) {
      if (!shapes.has(`${n}/${k}`)) shapes.set(`${n}/${k}`, addCustomer(dataset, index++, n, k));
    }
    const budgets: NonNullable<BenchOutput['budgets']> = [];
    const figures: Record<string, unknown> = { latencyMs: LATENCY_MS, naivePollMs: NAIVE_POLL_MS };
    const tables: BenchTable[] = [];

    // 1. Calls per merge (manual clock: the naive 2 s polls cost no time here).
    ctx.progress('API calls per merge');
    const counting = await harness(dataset, createManualClock(Date.parse(dataset.referenceTime!)));
    const callRows: Array<Array<string | number>> = [];
    const callFigures: Record<string, unknown> = {};
    try {
      for (const [n, k] of SHAPES) {
        const customer = shapes.get(`${n}/${k}`)!;
        reset(counting);
        const engine = await engineMerge(counting, customer);
        reset(counting);
        const naive = await naiveMerge(counting, customer);
        const budget = n + k + 4;
        callRows.push([n, k, engine.calls, budget, naive.calls, (naive.calls / engine.calls).toFixed(2)]);
        callFigures[`${n}/${k}`] = { engine: engine.calls, naive: naive.calls, budget };
        budgets.push({ name: `API calls, merge of ${n} conversations over ${k} contacts`, measured: String(engine.calls), budget: `≤ ${budget} (N + k + 4)`, ok: engine.calls <= budget });
      }
    } finally {
      await counting.running.close();
    }
    figures.calls = callFigures;
    tables.push({
      title: 'Genesys API calls per merge (token and cached org settings excluded; confirmation reads included)',
      columns: ['N conversations', 'k contacts', 'engine', 'budget N+k+4', 'naive', 'naive / engine'],
      rows: callRows,
      notes: ['Engine: validate (1 batch GET + k contact GETs), merge (1 POST), associate (N PUTs, concurrent), confirm (1 contact GET + 1 batch GET).', 'Naive: N GETs + k GETs + 1 POST + N PUTs, then every conversation read again after each fixed 2 s wait until consistent.'],
    });

    // 2. Wall time with 100 ms added per call (system clock: real waits).
    ctx.progress('wall time with 100 ms latency');
    const timing = await harness(dataset, systemClock);
    const runs = ctx.quick ? 3 : 7;
    const growthRows: Array<Array<string | number>> = [];
    const growthFigures: Record<string, unknown> = {};
    try {
      const five = shapes.get('5/2')!;
      const engineMs: number[] = [];
      const previewMs: number[] = [];
      for (let i = 0; i < runs; i++) {
        reset(timing, LATENCY_MS);
        const run = await engineMerge(timing, five);
        engineMs.push(run.ms);
        previewMs.push(run.previewMs);
      }
      reset(timing, LATENCY_MS);
      const naive = await naiveMerge(timing, five);
      const p50 = median(engineMs);
      budgets.push({ name: `wall time, merge of 5 conversations, ${LATENCY_MS} ms per call (p50 of ${runs})`, measured: `${p50.toFixed(0)} ms`, budget: `< ${WALL_BUDGET_MS} ms`, ok: p50 < WALL_BUDGET_MS });
      tables.push({
        title: `Merge of 5 conversations over 2 contacts, ${LATENCY_MS} ms added to every Genesys call`,
        columns: ['flow', 'runs', 'p50 ms', 'max ms', 'API calls'],
        rows: [
          ['engine (steps validate → record)', runs, p50.toFixed(0), percentile(engineMs, 100).toFixed(0), 5 + 2 + 4],
          ['engine preview (before, not part of the merge)', runs, median(previewMs).toFixed(0), percentile(previewMs, 100).toFixed(0), 1 + 2],
          ['naive (sequential, 2 s polling)', 1, naive.ms.toFixed(0), naive.ms.toFixed(0), naive.calls],
        ],
      });
      figures.fiveConversations = { engineMs, previewMs, naiveMs: naive.ms, naiveCalls: naive.calls };

      ctx.progress('growth with conversations per merge');
      for (const n of GROWTH) {
        const customer = shapes.get(`${n}/2`)!;
        reset(timing, LATENCY_MS);
        const engine = await engineMerge(timing, customer);
        let naiveRun: { calls: number; ms: number } | null = null;
        if (!ctx.quick || n <= 5) {
          reset(timing, LATENCY_MS);
          naiveRun = await naiveMerge(timing, customer);
        }
        growthRows.push([n, engine.calls, n + 2 + 4, engine.ms.toFixed(0), naiveRun?.calls ?? '–', naiveRun ? naiveRun.ms.toFixed(0) : '– (quick)']);
        growthFigures[String(n)] = { engineCalls: engine.calls, engineMs: engine.ms, naiveCalls: naiveRun?.calls ?? null, naiveMs: naiveRun?.ms ?? null };
      }
    } finally {
      await timing.running.close();
    }
    figures.growth = growthFigures;
    tables.push({
      title: `Cost by conversations per merge (k = 2 contacts, ${LATENCY_MS} ms per call)`,
      columns: ['N', 'engine calls', 'budget', 'engine ms', 'naive calls', 'naive ms'],
      rows: growthRows,
      notes: ['Engine time grows with the rounds of calls, not their number: the association PUTs run concurrently (8 at once per org by default).'],
    });
    return { tables, figures, budgets };
  },
};
