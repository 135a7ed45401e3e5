/**
 * Genesys Cloud rate limits the org for a moment (the emulator answers every API call with 429
 * and `Retry-After`): the service and the widget wait it out, and the agent ends up with the
 * candidates without clicking anything.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { buildClient } from '../browser/support/client-build.js';
import { launchChromium } from '../support/chromium.js';
import {
  emulatorRequests, listedCandidates, openDesktop, PEOPLE, setEmulatorFaults, signInAs, startDemoServer,
  type DemoServer, type Desktop,
} from './support/index.js';

const C = DEMO_IDS.conversations;
/** How many 429s the burst lasts: as many as the service's own attempts at one call. */
const BURST = 3;

interface RequestCounts {
  entries: Array<{ method: string; path: string; status: number; count: number }>;
}

let browser: Browser;
let server: DemoServer;
let desktop: Desktop | null = null;

beforeAll(async () => {
  const [clientDir, launched] = await Promise.all([buildClient(), launchChromium()]);
  browser = launched;
  server = await startDemoServer({ clientDir });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(async () => {
  await desktop?.close();
  desktop = null;
  await setEmulatorFaults(server.emulatorUrl, {});
});

const answered = async (status: number) =>
  ((await emulatorRequests(server.emulatorUrl)) as RequestCounts).entries
    .filter((entry) => entry.status === status && entry.path.startsWith('/api/v2/'))
    .reduce((sum, entry) => sum + entry.count, 0);

// Browser steps against a real service wait on the page, never on a clock: allow them time on a busy machine.
describe('a burst of 429s from Genesys Cloud', { timeout: 60_000 }, () => {
  it('when every Genesys call answers 429 for a while after sign-in, then it is waited out and the candidates appear without the agent doing anything', async () => {
    desktop = await openDesktop(browser, server, { conversationId: C.janeActiveCall });
    const widgetAnswers: number[] = [];
    desktop.page.on('response', (response) => {
      if (response.url().startsWith(`${server.widgetOrigin}/api/v1/`)) widgetAnswers.push(response.status());
    });
    await desktop.widget.locator(`button[data-user-id="${PEOPLE.mergeAgent.id}"]`).waitFor();
    const before = await answered(429);
    await setEmulatorFaults(server.emulatorUrl, { errorRates: { '429': 1 } });
    await signInAs(desktop, PEOPLE.mergeAgent);

    await expect.poll(() => answered(429), { timeout: 20_000 }).toBeGreaterThanOrEqual(before + BURST);
    await setEmulatorFaults(server.emulatorUrl, {});

    await desktop.widget.locator('im-candidate-list li.item').first().waitFor({ timeout: 20_000 });
    expect(await listedCandidates(desktop)).toEqual([
      { conversationId: C.janeWebMessage, selected: true },
      { conversationId: C.janeEmail, selected: true },
    ]);
    expect(await desktop.widget.locator('im-problem-notice').count()).toBe(0);
    // Whatever reached the widget in the meantime was something to wait for, never a failure.
    expect(widgetAnswers.filter((status) => status >= 400 && status !== 429 && status !== 503)).toEqual([]);
    expect(widgetAnswers.at(-1)).toBe(200);
  });
});
