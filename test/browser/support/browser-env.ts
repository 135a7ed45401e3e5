/**
 * What every browser test file needs: the built client, the fake backend (with its fake login
 * host) and one Chromium; plus helpers to open the widget through the desktop harness, seed the
 * agent's token in the tab, and collect Content-Security-Policy violations.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import { launchChromium } from '../../support/chromium.js';
import { buildClient, REPO_ROOT } from './client-build.js';
import { startFakeBackend, type FakeBackend } from './fake-backend.js';
import { IDS, WIDGET_CLIENT_ID } from './fixtures.js';

export interface BrowserEnv {
  browser: Browser;
  fake: FakeBackend;
  close(): Promise<void>;
}

/** Builds (or reuses) the client, starts the fake backend and Chromium. */
export async function startBrowserEnv(): Promise<BrowserEnv> {
  const clientDir = await buildClient();
  const [fake, browser] = await Promise.all([startFakeBackend(clientDir), launchChromium()]);
  return {
    browser,
    fake,
    close: async () => {
      await browser.close();
      await fake.close();
    },
  };
}

/** sessionStorage key of the agent's token (see client/widget/auth/token-store.ts). */
export const TOKEN_KEY = `interaction-merger.token.${WIDGET_CLIENT_ID}`;

/** Puts a valid token in the tab's sessionStorage of the widget origin before any widget script runs. */
export async function seedToken(context: BrowserContext, fake: FakeBackend, lifetimeMs?: number): Promise<string> {
  const token = fake.issueToken(lifetimeMs);
  await context.addInitScript(
    ({ origin, key, value }) => {
      if (location.origin === origin && !sessionStorage.getItem(key)) sessionStorage.setItem(key, value);
    },
    { origin: fake.widgetOrigin, key: TOKEN_KEY, value: JSON.stringify(token) },
  );
  return token.accessToken;
}

export interface HarnessOptions {
  open?: string | null;
  lang?: string;
  popup?: boolean;
  theme?: 'light' | 'dark';
  width?: 300 | 360 | 480;
}

/** The desktop harness URL, optionally opening an interaction at once. */
export function harnessUrl(fake: FakeBackend, options: HarnessOptions = {}): string {
  const url = new URL('/desktop', fake.desktopOrigin);
  const open = options.open === undefined ? IDS.current : options.open;
  if (open) url.searchParams.set('open', open);
  if (options.lang) url.searchParams.set('lang', options.lang);
  if (options.popup) url.searchParams.set('popup', 'true');
  if (options.theme) url.searchParams.set('theme', options.theme);
  if (options.width) url.searchParams.set('width', String(options.width));
  return url.href;
}

/** The widget iframe of an interaction in the harness. */
export function widgetFrame(page: Page, conversationId: string = IDS.current): FrameLocator {
  return page.frameLocator(`iframe[data-conversation-id="${conversationId}"]`);
}

/** Collects the console's CSP violation reports of a page (all its frames). */
export function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

/** Where screenshots go (`test-results/`, git-ignored). */
export async function screenshotPath(name: string): Promise<string> {
  const dir = join(REPO_ROOT, 'test-results/browser');
  await mkdir(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

/** The widget iframe's `Frame` (for `evaluate`) of an interaction open in the harness. */
export async function widgetFrameHandle(page: Page, conversationId: string = IDS.current): Promise<Frame> {
  const element = await page.locator(`iframe[data-conversation-id="${conversationId}"]`).elementHandle({ timeout: 15_000 });
  const frame = await element?.contentFrame();
  if (!frame) throw new Error(`no widget frame for ${conversationId}`);
  return frame;
}

/** Describes the element that has focus, looking through shadow roots. */
export function deepFocus(frame: Frame): Promise<{ tag: string; label: string; conversationId: string | null }> {
  return frame.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const item = el?.closest('[data-conversation-id]');
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      label: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim(),
      conversationId: item?.getAttribute('data-conversation-id') ?? null,
    };
  });
}
