/**
 * The widget's look with the real service's data, in the harness at the panel widths agents use,
 * light and dark: nothing overflows sideways and every text reaches 4.5:1 on each screen of the
 * tour (candidates, search results, preview, confirmation, success). Screenshots go to
 * `test-results/e2e/`. A fresh service and emulator per case: each case merges.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { buildClient } from '../browser/support/client-build.js';
import { launchChromium } from '../support/chromium.js';
import {
  auditWidget, openDesktop, PEOPLE, searchFor, signInAs, startDemoServer, type DemoServer, type Desktop,
} from './support/index.js';

const C = DEMO_IDS.conversations;

/** Dark mode asked for through the widget's `theme` URL parameter, or the system's colour scheme. */
const cases = [
  { width: 360, theme: 'light', via: 'param' },
  { width: 360, theme: 'dark', via: 'param' },
  { width: 480, theme: 'light', via: 'system' },
  { width: 480, theme: 'dark', via: 'system' },
] as const;

let clientDir: string;
let browser: Browser;
let server: DemoServer | null = null;
let desktop: Desktop | null = null;

beforeAll(async () => {
  [clientDir, browser] = await Promise.all([buildClient(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  await desktop?.close();
  await server?.close();
  desktop = null;
  server = null;
});

async function expectReadable(open: Desktop, name: string): Promise<void> {
  const audit = await auditWidget(open, C.janeActiveCall, name);
  expect(audit.overflow.scrollWidth, `${name}: the page scrolls sideways`).toBeLessThanOrEqual(audit.overflow.viewportWidth);
  expect(audit.overflow.outside, `${name}: elements cut at the edge`).toEqual([]);
  expect(audit.samples.length, `${name}: no text audited`).toBeGreaterThan(5);
  expect(audit.failing, `${name}: text below 4.5:1`).toEqual([]);
}

// Browser steps against a real service wait on the page, never on a clock: allow them time on a busy machine.
describe('the widget at agent panel widths, light and dark', { timeout: 60_000 }, () => {
  for (const { width, theme, via } of cases) {
    it(`when shown at ${width} px in ${theme} mode (${via}), then no screen overflows and all text reaches 4.5:1`, async () => {
      server = await startDemoServer({ clientDir });
      desktop = await openDesktop(browser, server, {
        conversationId: C.janeActiveCall,
        width,
        ...(via === 'param' ? { theme } : { colorScheme: theme }),
      });
      const open = desktop;
      await signInAs(open, PEOPLE.mergeAgent);
      await open.widget.locator('im-candidate-list li.item').first().waitFor();
      const frame = await open.widgetFrame();
      expect(await frame.evaluate(() => window.innerWidth)).toBe(width);
      const background = await frame.evaluate(() => getComputedStyle(document.querySelector('im-widget')!).backgroundColor);
      expect(background).toBe(theme === 'dark' ? 'rgb(27, 44, 72)' : 'rgb(255, 255, 255)');

      const prefix = `e2e-${width}-${theme}`;
      await expectReadable(open, `${prefix}-candidates`);

      const search = await searchFor(open, '(617) 555-0142');
      await search.locator('ul.results').waitFor();
      await expectReadable(open, `${prefix}-search`);
      await search.locator(`li[data-conversation-id="${C.janeCall}"]`).getByRole('button', { name: /^Add / }).click();

      await open.widget.getByRole('button', { name: /^Preview merge/ }).click();
      await open.widget.locator('im-merge-preview dl.fields').waitFor();
      await expectReadable(open, `${prefix}-preview`);

      await open.widget.getByRole('button', { name: 'Merge…' }).click();
      await open.widget.getByRole('dialog').waitFor();
      await expectReadable(open, `${prefix}-confirm`);

      await open.widget.getByRole('dialog').getByRole('button', { name: 'Merge permanently' }).click();
      await open.widget.getByRole('heading', { name: 'Merged' }).waitFor({ timeout: 30_000 });
      await expectReadable(open, `${prefix}-success`);
      expect(open.cspViolations).toEqual([]);
    });
  }
});
