/**
 * The widget's weight and speed: its JavaScript gzipped (budget 60 KB) and the time from the
 * widget's iframe starting to load to the candidates on screen, in Chromium, with the agent's
 * token already in the tab (budget 500 ms).
 *
 * The target by default is the real service in demo mode, started in this process against the
 * Genesys Cloud emulator with the demo org (the wiring of `npm start`; test/e2e/support), the
 * widget opened in the desktop harness on Jane Doe's call. Two figures: a token the service has
 * not seen (it checks it with Genesys first: the first widget an agent opens), and the same token
 * again (its verdict cached by the service: the next widgets within a minute). Beside them, as a
 * baseline, the in-test fake backend that answers at once (the widget's own cost).
 *
 * To measure another running server instead of the in-process one, set
 * `BENCH_WIDGET_SERVER_URL` (its desktop harness origin, e.g. `http://localhost:3000`) and
 * `BENCH_WIDGET_TOKEN` (an agent token that server accepts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { buildClient } from '../../test/browser/support/client-build.js';
import { startFakeBackend } from '../../test/browser/support/fake-backend.js';
import { desktopInteractions, WIDGET_CLIENT_ID } from '../../test/browser/support/fixtures.js';
import { resetEmulator, startDemoServer, type DemoServer } from '../../test/e2e/support/index.js';
import { launchChromium } from '../../test/support/chromium.js';
import { mintToken } from '../../test/support/server.js';
import { fmt, median, percentile } from '../lib/stats.js';
import type { BenchContext, BenchOutput, BenchSection } from '../lib/types.js';

const JS_BUDGET_KB = 60;
const VISIBLE_BUDGET_MS = 500;
/** Set by the candidate list when the first candidates are on screen (client/widget). */
const MARK = 'im-candidates-visible';

/** An external server to measure instead of the in-process demo (both from the environment). */
export interface WidgetBenchOptions {
  serverUrl: string | null;
  token: string | null;
}

/** Reads `BENCH_WIDGET_SERVER_URL` and `BENCH_WIDGET_TOKEN` (both or neither). */
export function widgetBenchOptions(env: NodeJS.ProcessEnv = process.env): WidgetBenchOptions {
  const serverUrl = env.BENCH_WIDGET_SERVER_URL?.trim() || null;
  const token = env.BENCH_WIDGET_TOKEN?.trim() || null;
  if (serverUrl && !token) throw new Error('BENCH_WIDGET_SERVER_URL needs BENCH_WIDGET_TOKEN (an agent token that server accepts)');
  return { serverUrl, token };
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** Gzipped sizes (level 9) of the widget's JavaScript, from the build manifest. */
async function widgetSizes(clientDir: string) {
  const manifest = JSON.parse(await readFile(join(clientDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const gz = async (file: string) => gzipSync(await readFile(join(clientDir, file)), { level: 9 }).length;
  const staticKeys = new Set<string>();
  const visit = (key: string) => {
    if (staticKeys.has(key)) return;
    staticKeys.add(key);
    for (const dep of manifest[key]?.imports ?? []) visit(dep);
  };
  visit('widget/index.html');
  const lazyKeys = new Set([...staticKeys].flatMap((key) => manifest[key]?.dynamicImports ?? []).filter((key) => !staticKeys.has(key)));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const initial = sum(await Promise.all([...staticKeys].map((key) => gz(manifest[key]!.file))));
  const lazy = await Promise.all([...lazyKeys].map((key) => gz(manifest[key]!.file)));
  return { initial, largestLocale: Math.max(0, ...lazy), allLocales: sum(lazy), files: staticKeys.size };
}

/** Where the widget runs for one row of the timing table. */
interface Target {
  label: string;
  harnessOrigin: string;
  widgetOrigin: string;
  clientId: string;
  conversationId: string;
  /** The token put in the tab before the widget loads, for run `i` (0 is the warm-up run). */
  token(run: number): Promise<{ accessToken: string; expiresAt: number }>;
  /** Called before each run (the demo resets the emulator's org and rate-limit window). */
  beforeRun?(): Promise<void>;
  /** Called after each run (the demo counts the Genesys calls it made). */
  afterRun?(): Promise<void>;
}

/** One widget load, in ms from the widget frame's navigation start. */
interface Sample {
  /** The candidates on screen (the budget's figure). */
  visible: number;
  /** The widget sent `GET /api/v1/candidates` (its own start-up before asking). */
  asked: number;
  /** How long that request took, from the browser's side (the service's share). */
  answeredIn: number;
}

/** Opens the harness on an interaction and reads the widget's timings. */
async function timeToCandidates(page: Page, harness: string, conversationId: string): Promise<Sample> {
  await page.goto(harness);
  const element = await page.locator(`iframe[data-conversation-id="${conversationId}"]`).elementHandle({ timeout: 15_000 });
  const frame = (await element!.contentFrame())!;
  try {
    await frame.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, MARK, { timeout: 15_000 });
  } catch (error) {
    // Say what the agent would have seen instead (a sign-in prompt, a notice…).
    // No named inner functions: the bench runs through tsx, whose helpers do not exist in the page.
    const shown = await frame.evaluate(() => {
      const text: string[] = [];
      const roots: Array<Document | ShadowRoot> = [document];
      for (let root = roots.pop(); root; root = roots.pop()) {
        for (const el of root.querySelectorAll('*')) {
          if (el.shadowRoot) roots.push(el.shadowRoot);
          else if (el.children.length === 0 && el.textContent?.trim()) text.push(el.textContent.trim());
        }
      }
      return text.join(' | ').slice(0, 600);
    }).catch(() => 'unreadable');
    throw new Error(`no candidates within 15 s; the widget showed: ${shown}`, { cause: error });
  }
  const candidates = await frame.locator('im-candidate-list li.item').count();
  if (candidates === 0) throw new Error(`the widget showed no candidates for ${conversationId}: the figure would not be the budget's`);
  return frame.evaluate((mark) => {
    const request = performance.getEntriesByType('resource').find((entry) => entry.name.includes('/api/v1/candidates?')) as PerformanceResourceTiming | undefined;
    return {
      visible: performance.getEntriesByName(mark)[0]!.startTime,
      asked: request?.startTime ?? Number.NaN,
      answeredIn: request ? request.responseEnd - request.startTime : Number.NaN,
    };
  }, MARK);
}

/** Runs the harness `runs + 1` times in fresh browser contexts (the first run warms Chromium and is dropped). */
async function runTimings(browser: Browser, ctx: BenchContext, target: Target): Promise<Sample[]> {
  const runs = ctx.quick ? 5 : 20;
  const samples: Sample[] = [];
  for (let i = 0; i < runs + 1; i++) {
    await target.beforeRun?.();
    const context = await browser.newContext();
    const token = await target.token(i);
    await context.addInitScript(({ origin, key, value }) => {
      if (location.origin === origin) sessionStorage.setItem(key, value);
    }, { origin: target.widgetOrigin, key: `interaction-merger.token.${target.clientId}`, value: JSON.stringify(token) });
    const page = await context.newPage();
    const harness = `${target.harnessOrigin}/desktop?open=${encodeURIComponent(target.conversationId)}`;
    const sample = await timeToCandidates(page, harness, target.conversationId);
    if (i > 0) samples.push(sample);
    await context.close();
    await target.afterRun?.();
    ctx.progress(`${target.label}: run ${i}/${runs}: ${fmt(sample.visible)} ms (asked at ${fmt(sample.asked)}, answered in ${fmt(sample.answeredIn)})`);
  }
  return samples;
}

/** Genesys API calls the emulator answered since the last reset of its counts: all, and those on the backend's token. */
async function emulatorApiCalls(emulatorUrl: string): Promise<{ all: number; backend: number }> {
  const counts = (await (await fetch(`${emulatorUrl}/__emulator/requests`)).json()) as {
    entries: Array<{ method: string; path: string; caller: 'user' | 'client' | null; count: number }>;
  };
  const api = counts.entries.filter((entry) => entry.path.startsWith('/api/v2/'));
  const sum = (entries: typeof api) => entries.reduce((total, entry) => total + entry.count, 0);
  // The agent's own token serves the service's checks (who they are, what they may see); the rest is the backend's.
  return { all: sum(api), backend: sum(api.filter((entry) => entry.caller === 'client')) };
}

const hourFromNow = () => Date.now() + 3_600_000;

/** The Genesys rate budget of a client-credentials token (reference genesys-api.md), and the bench's raised one. */
const GENESYS_CALLS_PER_MINUTE = 300;
const BENCH_CALL_BUDGET = { perWindow: 100_000, windowMs: 60_000 };

/**
 * The in-process demo: a fresh token per run, and one token reused (plus Genesys calls per open).
 * Each run is one agent opening one widget, so each starts from a reset emulator, and the demo
 * service is started with a raised call budget ({@link BENCH_CALL_BUDGET}): the bench's 40-odd
 * opens a minute would otherwise spend the backend token's 300 Genesys calls a minute (each open
 * costs about 17) and measure the rate limit rather than the widget. The org-wide ceiling that
 * budget implies is reported beside the figures.
 */
async function measureDemo(
  browser: Browser, ctx: BenchContext, demo: DemoServer,
): Promise<{ cold: Sample[]; warm: Sample[]; callsPerOpen: number; backendCallsPerOpen: number }> {
  let calls = 0;
  let backendCalls = 0;
  let opens = 0;
  const base = {
    harnessOrigin: demo.hostOrigin,
    widgetOrigin: demo.widgetOrigin,
    clientId: DEMO_IDS.clients.widget.id,
    conversationId: DEMO_IDS.conversations.janeActiveCall,
    beforeRun: () => resetEmulator(demo.emulatorUrl),
    afterRun: async () => {
      const counted = await emulatorApiCalls(demo.emulatorUrl);
      calls += counted.all;
      backendCalls += counted.backend;
      opens++;
    },
  };
  const newToken = async () => ({ accessToken: await mintToken(demo.emulatorUrl, 'mergeAgent'), expiresAt: hourFromNow() });
  const cold = await runTimings(browser, ctx, { ...base, label: 'demo, new token', token: newToken });
  const callsPerOpen = calls / opens;
  const backendCallsPerOpen = backendCalls / opens;
  const shared = await newToken();
  const warm = await runTimings(browser, ctx, { ...base, label: 'demo, same token', token: async () => shared });
  return { cold, warm, callsPerOpen, backendCallsPerOpen };
}

const visible = (samples: readonly Sample[]) => samples.map((sample) => sample.visible);

/** Timing row: label, runs, median, p95, min, max of `visible`, then the medians of the two shares. */
function row(label: string, samples: readonly Sample[]): Array<string | number> {
  const ms = visible(samples);
  return [
    label, ms.length, fmt(median(ms)), fmt(percentile(ms, 95)), fmt(Math.min(...ms)), fmt(Math.max(...ms)),
    fmt(median(samples.map((sample) => sample.asked))), fmt(median(samples.map((sample) => sample.answeredIn))),
  ];
}

/** The figures of one row for `bench/results.json`. */
function figures(samples: readonly Sample[]) {
  const ms = visible(samples);
  return { median: median(ms), p95: percentile(ms, 95), samples: ms, askedAtMedian: median(samples.map((s) => s.asked)), answeredInMedian: median(samples.map((s) => s.answeredIn)) };
}

export const section: BenchSection = {
  name: 'widget',
  title: 'Widget: JavaScript size and time to candidates',
  order: 90,
  async run(ctx): Promise<BenchOutput> {
    const external = widgetBenchOptions();
    ctx.progress('building the client');
    const clientDir = await buildClient();
    const sizes = await widgetSizes(clientDir);
    const kb = (bytes: number) => bytes / 1024;
    const oneAgentKb = kb(sizes.initial + sizes.largestLocale);

    const browser = await launchChromium();
    const rows: Array<Array<string | number>> = [];
    let real: { label: string; samples: Sample[] };
    let demoFigures: { sameToken: ReturnType<typeof figures>; genesysCallsPerOpen: number; backendCallsPerOpen: number } | null = null;
    let baseline: Sample[];
    let ceiling: string | null = null;
    try {
      if (external.serverUrl) {
        const server = external.serverUrl.replace(/\/+$/, '');
        const config = (await (await fetch(`${server}/desktop/api/config`)).json()) as { widgetOrigin: string; widgetClientId: string };
        const interactions = (await (await fetch(`${server}/desktop/api/interactions`)).json()) as Array<{ conversationId: string }>;
        const label = `server at ${server} (BENCH_WIDGET_SERVER_URL), token from BENCH_WIDGET_TOKEN`;
        const samples = await runTimings(browser, ctx, {
          label: 'external server',
          harnessOrigin: server,
          widgetOrigin: config.widgetOrigin,
          clientId: config.widgetClientId,
          conversationId: interactions[0]!.conversationId,
          token: async () => ({ accessToken: external.token!, expiresAt: hourFromNow() }),
        });
        real = { label, samples };
        rows.push(row(label, samples));
      } else {
        ctx.progress('starting the demo service and its emulator');
        const demo = await startDemoServer({ clientDir, genesys: { rateLimit: BENCH_CALL_BUDGET } });
        try {
          const { cold, warm, callsPerOpen, backendCallsPerOpen } = await measureDemo(browser, ctx, demo);
          real = { label: 'demo service + emulator, new token', samples: cold };
          demoFigures = { sameToken: figures(warm), genesysCallsPerOpen: callsPerOpen, backendCallsPerOpen };
          rows.push(row(`demo service + emulator, token new to the service (checked with Genesys) · ${fmt(callsPerOpen)} Genesys calls per open`, cold));
          ceiling = `Of the ${fmt(callsPerOpen)} Genesys calls per widget open, ${fmt(backendCallsPerOpen)} use the backend's token (the rest check the agent's own): its ${GENESYS_CALLS_PER_MINUTE} calls a minute allow about ${fmt(GENESYS_CALLS_PER_MINUTE / backendCallsPerOpen, 0)} widget opens a minute for a whole org.`;
          rows.push(row('demo service + emulator, same token again (verdict cached by the service)', warm));
        } finally {
          await demo.close();
        }
      }
      const fake = await startFakeBackend(clientDir);
      try {
        baseline = await runTimings(browser, ctx, {
          label: 'fake backend',
          harnessOrigin: fake.desktopOrigin,
          widgetOrigin: fake.widgetOrigin,
          clientId: WIDGET_CLIENT_ID,
          conversationId: desktopInteractions()[0]!.conversationId,
          token: async () => fake.issueToken(),
        });
        rows.push(row('baseline: in-test fake backend (answers at once; the widget alone)', baseline));
      } finally {
        await fake.close();
      }
    } finally {
      await browser.close();
    }
    const realP95 = percentile(visible(real.samples), 95);
    return {
      tables: [
        {
          title: 'Widget JavaScript (gzip -9)',
          columns: ['what', 'KB gzipped'],
          rows: [
            [`initial load (${sizes.files} files: the widget with the Client App SDK and oauth4webapi, and Lit)`, fmt(kb(sizes.initial))],
            ['+ one translation (largest of es/fr/de, loaded on demand)', fmt(kb(sizes.largestLocale))],
            ['= what one agent downloads', fmt(oneAgentKb)],
            ['all widget JavaScript (initial + every translation)', fmt(kb(sizes.initial + sizes.allLocales))],
          ],
        },
        {
          title: "Widget iframe navigation start → candidates on screen (Jane Doe's call in the desktop harness, agent's token already in the tab, fresh browser context each run)",
          columns: ['against', 'runs', 'median ms', 'p95 ms', 'min ms', 'max ms', 'widget asks at (median ms)', 'service answers in (median ms)'],
          rows,
          notes: [
            'Measured in the widget frame with performance.mark when the candidate list first renders (performance.now() of the frame, from its navigation start).',
            '"Widget asks at": when the frame sent GET /api/v1/candidates (its HTML, JavaScript and start-up); "service answers in": that request\'s duration as the browser saw it.',
            'The demo service runs in the bench process with the demo wiring of npm start (embedded emulator, SQLite), like test/e2e. Each run is one agent opening one widget: the emulator is reset before it and the service\'s own Genesys call budget is raised, since back to back the runs would spend the backend token\'s 300 calls a minute.',
            'Set BENCH_WIDGET_SERVER_URL and BENCH_WIDGET_TOKEN to measure a running server instead of the in-process demo.',
            ...(ceiling ? [ceiling] : []),
          ],
        },
      ],
      figures: {
        initialGzipBytes: sizes.initial,
        largestLocaleGzipBytes: sizes.largestLocale,
        allLocalesGzipBytes: sizes.allLocales,
        timeToCandidatesMs: { against: real.label, ...figures(real.samples) },
        ...(demoFigures ? { demo: demoFigures } : {}),
        baselineFakeBackendMs: figures(baseline),
      },
      budgets: [
        { name: 'widget JavaScript gzipped (initial + one translation)', measured: `${fmt(oneAgentKb)} KB`, budget: `< ${JS_BUDGET_KB} KB`, ok: oneAgentKb < JS_BUDGET_KB },
        { name: `time to candidates, p95 (${real.label})`, measured: `${fmt(realP95)} ms`, budget: `< ${VISIBLE_BUDGET_MS} ms`, ok: realP95 < VISIBLE_BUDGET_MS },
      ],
    };
  },
};
