/**
 * The widget's weight and speed: its JavaScript gzipped (budget 60 KB) and the time from the
 * iframe starting to load to the candidates on screen, in Chromium, with the agent's token
 * already in the tab (budget 500 ms).
 *
 * By default the widget runs against the in-test fake backend (test/browser/support), which
 * answers at once: the figure is the widget's own cost. Point it at a real server instead with
 * `BENCH_WIDGET_SERVER_URL` (the desktop harness origin, e.g. `http://localhost:3000` in demo
 * mode) and `BENCH_WIDGET_TOKEN` (an agent token that server accepts, e.g. minted by the
 * emulator's `POST /__emulator/tokens`).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../test/support/chromium.js';
import { buildClient } from '../../test/browser/support/client-build.js';
import { startFakeBackend } from '../../test/browser/support/fake-backend.js';
import { desktopInteractions } from '../../test/browser/support/fixtures.js';
import { fmt, median, percentile } from '../lib/stats.js';
import type { BenchContext, BenchOutput, BenchSection } from '../lib/types.js';

const JS_BUDGET_KB = 60;
const VISIBLE_BUDGET_MS = 500;
/** Set by the candidate list when the first candidates are on screen (client/widget). */
const MARK = 'im-candidates-visible';

/** Where the bench runs the widget: the fake backend, or a real server named by the environment. */
export interface WidgetBenchOptions {
  serverUrl: string | null;
  token: string | null;
}

/** Reads `BENCH_WIDGET_SERVER_URL` and `BENCH_WIDGET_TOKEN`. */
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

/** Opens the harness on an interaction and returns the widget's mark time (ms since its navigation start). */
async function timeToCandidates(page: Page, harness: string, conversationId: string): Promise<number> {
  await page.goto(harness);
  const element = await page.locator(`iframe[data-conversation-id="${conversationId}"]`).elementHandle({ timeout: 15_000 });
  const frame = (await element!.contentFrame())!;
  await frame.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, MARK, { timeout: 15_000 });
  return frame.evaluate((mark) => performance.getEntriesByName(mark)[0]!.startTime, MARK);
}

async function runTimings(browser: Browser, ctx: BenchContext, target: {
  harnessOrigin: string; widgetOrigin: string; clientId: string; conversationId: string; token: () => { accessToken: string; expiresAt: number };
}) {
  const runs = ctx.quick ? 5 : 20;
  const samples: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const context = await browser.newContext();
    await context.addInitScript(({ origin, key, value }) => {
      if (location.origin === origin) sessionStorage.setItem(key, value);
    }, { origin: target.widgetOrigin, key: `interaction-merger.token.${target.clientId}`, value: JSON.stringify(target.token()) });
    const page = await context.newPage();
    const harness = `${target.harnessOrigin}/desktop?open=${encodeURIComponent(target.conversationId)}`;
    const ms = await timeToCandidates(page, harness, target.conversationId);
    if (i > 0) samples.push(ms); // the first run warms Chromium itself, not the widget
    await context.close();
    ctx.progress(`run ${i}/${runs}: ${fmt(ms)} ms`);
  }
  return samples;
}

export const section: BenchSection = {
  name: 'widget',
  title: 'Widget: JavaScript size and time to candidates',
  order: 90,
  async run(ctx): Promise<BenchOutput> {
    const options = widgetBenchOptions();
    ctx.progress('building the client');
    const clientDir = await buildClient();
    const sizes = await widgetSizes(clientDir);
    const kb = (bytes: number) => bytes / 1024;
    const oneAgentKb = kb(sizes.initial + sizes.largestLocale);

    const browser = await launchChromium();
    const fake = options.serverUrl ? null : await startFakeBackend(clientDir);
    let samples: number[];
    let against: string;
    try {
      if (fake) {
        against = 'in-test fake backend (answers at once; no Genesys latency)';
        samples = await runTimings(browser, ctx, {
          harnessOrigin: fake.desktopOrigin, widgetOrigin: fake.widgetOrigin, clientId: 'widget-client-0001',
          conversationId: desktopInteractions()[0]!.conversationId, token: () => fake.issueToken(),
        });
      } else {
        const server = options.serverUrl!.replace(/\/+$/, '');
        const config = (await (await fetch(`${server}/desktop/api/config`)).json()) as { widgetOrigin: string; widgetClientId: string };
        const interactions = (await (await fetch(`${server}/desktop/api/interactions`)).json()) as Array<{ conversationId: string }>;
        against = `server at ${server}`;
        samples = await runTimings(browser, ctx, {
          harnessOrigin: server, widgetOrigin: config.widgetOrigin, clientId: config.widgetClientId,
          conversationId: interactions[0]!.conversationId,
          token: () => ({ accessToken: options.token!, expiresAt: Date.now() + 3_600_000 }),
        });
      }
    } finally {
      await fake?.close();
      await browser.close();
    }
    const p50 = median(samples);
    const p95 = percentile(samples, 95);
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
          title: 'Iframe navigation start → candidates on screen (token already in the tab, fresh browser context each run)',
          columns: ['against', 'runs', 'median ms', 'p95 ms', 'min ms', 'max ms'],
          rows: [[against, samples.length, fmt(p50), fmt(p95), fmt(Math.min(...samples)), fmt(Math.max(...samples))]],
          notes: [
            'Measured in the widget frame with performance.mark when the candidate list first renders.',
            'Set BENCH_WIDGET_SERVER_URL and BENCH_WIDGET_TOKEN to measure against a running server instead.',
          ],
        },
      ],
      figures: {
        initialGzipBytes: sizes.initial,
        largestLocaleGzipBytes: sizes.largestLocale,
        allLocalesGzipBytes: sizes.allLocales,
        timeToCandidatesMs: { median: p50, p95, samples },
        against,
      },
      budgets: [
        { name: 'widget JavaScript gzipped (initial + one translation)', measured: `${fmt(oneAgentKb)} KB`, budget: `< ${JS_BUDGET_KB} KB`, ok: oneAgentKb < JS_BUDGET_KB },
        { name: `time to candidates, p95 (${fake ? 'fake backend' : 'server'})`, measured: `${fmt(p95)} ms`, budget: `< ${VISIBLE_BUDGET_MS} ms`, ok: p95 < VISIBLE_BUDGET_MS },
      ],
    };
  },
};
