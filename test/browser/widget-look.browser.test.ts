import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import {
  cspViolations, harnessUrl, screenshotPath, seedToken, startBrowserEnv, widgetFrame, widgetFrameHandle, type BrowserEnv,
} from './support/browser-env.js';
import { auditOverflow, auditTextContrast } from './support/page-audits.js';
import { IDS } from './support/fixtures.js';

let env: BrowserEnv;

beforeAll(async () => {
  env = await startBrowserEnv();
});

afterAll(async () => {
  await env?.close();
});

/** How dark mode is asked for: the `theme` URL parameter, or the system's colour scheme. */
const cases = [
  { width: 360, theme: 'light', via: 'param' },
  { width: 360, theme: 'dark', via: 'param' },
  { width: 480, theme: 'light', via: 'system' },
  { width: 480, theme: 'dark', via: 'system' },
] as const;

async function audit(page: Page, handle: Frame, name: string): Promise<void> {
  const overflow = await handle.evaluate(auditOverflow);
  expect(overflow.scrollWidth, `${name}: page scrolls sideways`).toBeLessThanOrEqual(overflow.viewportWidth);
  expect(overflow.outside, `${name}: elements cut at the edge`).toEqual([]);
  const samples = await handle.evaluate(auditTextContrast);
  expect(samples.length, `${name}: no text audited`).toBeGreaterThan(5);
  const failing = samples.filter((s) => s.ratio < 4.5);
  expect(failing, `${name}: text below 4.5:1`).toEqual([]);
  // Screenshot the whole view: grow the iframe to its content's height for the picture.
  const iframe = page.locator(`iframe[data-conversation-id="${IDS.current}"]`);
  const height = await handle.evaluate(() => document.documentElement.scrollHeight);
  await iframe.evaluate((el, h) => ((el as HTMLElement).style.height = `${h}px`), height);
  await iframe.screenshot({ path: await screenshotPath(name) });
  await iframe.evaluate((el) => ((el as HTMLElement).style.height = ''));
}

describe('widget look and feel', () => {
  for (const { width, theme, via } of cases) {
    it(`when shown at ${width} px in ${theme} mode (${via}), then nothing overflows and all text reaches 4.5:1`, async () => {
      const context = await env.browser.newContext({ colorScheme: via === 'system' ? theme : 'light' });
      await seedToken(context, env.fake);
      const page = await context.newPage();
      const violations = cspViolations(page);
      env.fake.holdMergeSteps = false;
      await page.goto(harnessUrl(env.fake, { width, ...(via === 'param' ? { theme } : {}) }));
      const frame: FrameLocator = widgetFrame(page);
      await frame.locator('im-candidate-list li.item').first().waitFor({ timeout: 15_000 });
      const handle = await widgetFrameHandle(page);
      expect(await handle.evaluate(() => window.innerWidth)).toBe(width);
      const background = await handle.evaluate(() => getComputedStyle(document.querySelector('im-widget')!).backgroundColor);
      expect(background).toBe(theme === 'dark' ? 'rgb(27, 44, 72)' : 'rgb(255, 255, 255)');

      const prefix = `widget-${width}-${theme}`;
      await audit(page, handle, `${prefix}-candidates`);

      await frame.getByRole('button', { name: /Preview merge/ }).click();
      await frame.locator('im-merge-preview dl.fields').waitFor();
      await audit(page, handle, `${prefix}-preview`);

      await frame.getByRole('button', { name: 'Merge…' }).click();
      await frame.getByRole('dialog').waitFor();
      await audit(page, handle, `${prefix}-confirm`);

      await frame.getByRole('dialog').getByRole('button', { name: 'Merge permanently' }).click();
      await frame.getByRole('heading', { name: 'Merged' }).waitFor();
      await audit(page, handle, `${prefix}-success`);
      expect(violations).toEqual([]);
      await context.close();
    });
  }

  it('when an error is shown in dark mode at 360 px, then the notice text also reaches 4.5:1', async () => {
    const context = await env.browser.newContext();
    await seedToken(context, env.fake);
    env.fake.fail('candidates', {
      status: 403,
      body: { error: { code: 'forbidden', message: 'no', details: { missing: ['analytics:conversationDetail:view'] } } },
    });
    const page = await context.newPage();
    await page.goto(harnessUrl(env.fake, { width: 360, theme: 'dark' }));
    await widgetFrame(page).locator('im-problem-notice .notice').waitFor({ timeout: 15_000 });
    await audit(page, await widgetFrameHandle(page), 'widget-360-dark-forbidden');
    await context.close();
  });

  it('when the keyboard moves through the candidates, then the focused control shows a visible outline', async () => {
    const context = await env.browser.newContext();
    await seedToken(context, env.fake);
    const page = await context.newPage();
    await page.goto(harnessUrl(env.fake));
    const frame = widgetFrame(page);
    await frame.locator('im-candidate-list li.item').first().waitFor({ timeout: 15_000 });
    await frame.locator(`li[data-conversation-id="${IDS.email}"] input`).focus();
    await page.keyboard.press('Tab');
    const handle = await widgetFrameHandle(page);
    const outline = await handle.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      const style = getComputedStyle(el!);
      return { style: style.outlineStyle, width: style.outlineWidth };
    });
    expect(outline).toEqual({ style: 'solid', width: '2px' });
    await context.close();
  });
});
