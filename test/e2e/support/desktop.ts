/**
 * Driving the desktop harness in Chromium for end-to-end tests: open an interaction as an agent
 * would (the widget in its iframe on the other origin), sign in on the emulator's login page
 * (the widget's real PKCE redirect; no token is injected), read the harness's toasts and
 * navigation log, audit the widget frame, and save screenshots under `test-results/e2e/`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { REPO_ROOT } from '../../browser/support/client-build.js';
import { auditOverflow, auditTextContrast, type ContrastSample, type OverflowReport } from '../../browser/support/page-audits.js';
import type { DemoServer } from './demo-server.js';

/** What the harness lets a test vary (its URL parameters). */
export interface DesktopOptions {
  /** The interaction opened at once (`?open=`). */
  conversationId: string;
  /** Panel width (`?width=`): 300, 360 or 480. */
  width?: 300 | 360 | 480;
  /** `?theme=`: forces the widget's colour scheme through its URL. */
  theme?: 'light' | 'dark';
  /** The browser's `prefers-color-scheme` (default light). */
  colorScheme?: 'light' | 'dark';
  /** `?lang=` (`gcLangTag`). */
  lang?: string;
  /** `?popup=true` (`gcUsePopupAuth`): the widget signs in through a popup. */
  popup?: boolean;
}

/** One agent's desktop: a fresh browser context with the harness open on an interaction. */
export interface Desktop {
  context: BrowserContext;
  page: Page;
  /** The widget iframe of the opened interaction. */
  widget: FrameLocator;
  /** The harness's toasts (`li.toast`). */
  toasts: Locator;
  /** The harness's event log (`ol.log`). */
  log: Locator;
  /** Content-Security-Policy violations reported by any frame of the page so far. */
  cspViolations: string[];
  /** The widget iframe's `Frame` (for `evaluate`). */
  widgetFrame(): Promise<Frame>;
  close(): Promise<void>;
}

/** The harness URL on the host origin (`http://localhost:<port>/desktop?...`). */
export function desktopUrl(server: Pick<DemoServer, 'hostOrigin'>, options: DesktopOptions): string {
  const url = new URL('/desktop', server.hostOrigin);
  url.searchParams.set('open', options.conversationId);
  if (options.width) url.searchParams.set('width', String(options.width));
  if (options.theme) url.searchParams.set('theme', options.theme);
  if (options.lang) url.searchParams.set('lang', options.lang);
  if (options.popup) url.searchParams.set('popup', 'true');
  return url.href;
}

/** Opens the harness in a new browser context (nothing stored: the agent is not signed in). */
export async function openDesktop(browser: Browser, server: Pick<DemoServer, 'hostOrigin'>, options: DesktopOptions): Promise<Desktop> {
  const context = await browser.newContext({ colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(desktopUrl(server, options));
  const selector = `iframe[data-conversation-id="${options.conversationId}"]`;
  return {
    context,
    page,
    widget: page.frameLocator(selector),
    toasts: page.locator('im-desktop-harness li.toast'),
    log: page.locator('im-desktop-harness ol.log'),
    cspViolations,
    async widgetFrame() {
      const frame = await (await page.locator(selector).elementHandle())?.contentFrame();
      if (!frame) throw new Error(`no widget frame for ${options.conversationId}`);
      return frame;
    },
    close: () => context.close(),
  };
}

/**
 * Signs in on the emulator's login page shown in the widget's iframe (the widget redirected
 * there with its PKCE challenge): clicks the person's button, which sends the code back to
 * the widget. Resolves once the login page was answered.
 */
export async function signInAs(desktop: Desktop, person: { id: string }): Promise<void> {
  await desktop.widget.locator(`button[data-user-id="${person.id}"]`).click();
}

/** The widget's candidate checkbox of a conversation. */
export function candidateCheckbox(desktop: Desktop, conversationId: string): Locator {
  return desktop.widget.locator(`im-candidate-list li[data-conversation-id="${conversationId}"] input[type=checkbox]`);
}

/** Conversation ids listed as related interactions, in order, with whether each is ticked. */
export async function listedCandidates(desktop: Desktop): Promise<Array<{ conversationId: string; selected: boolean }>> {
  return desktop.widget.locator('im-candidate-list ul.suggested > li').evaluateAll((items) =>
    items.map((item) => ({
      conversationId: item.getAttribute('data-conversation-id') ?? '',
      selected: (item.querySelector('input[type=checkbox]') as HTMLInputElement | null)?.checked ?? false,
    })),
  );
}

/** Searches the widget's "missed interaction" box and waits for its answer (results or none). */
export async function searchFor(desktop: Desktop, query: string): Promise<Locator> {
  const search = desktop.widget.locator('im-candidate-search');
  await search.locator('input[type=search]').fill(query);
  await search.locator('button[type=submit]').click();
  await search.locator('ul.results, p[role=status]:not(:has-text("…"))').first().waitFor();
  return search;
}

/** Describes the element that has focus inside the widget, looking through shadow roots. */
export function focusedInWidget(frame: Frame): Promise<{ tag: string; text: string }> {
  return frame.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { tag: el?.tagName.toLowerCase() ?? '', text: (el?.textContent ?? '').trim() };
  });
}

/** Where this suite's screenshots go (`test-results/e2e/<name>.png`, git-ignored). */
export async function screenshotPath(name: string): Promise<string> {
  const dir = join(REPO_ROOT, 'test-results/e2e');
  await mkdir(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

/** What the audit of one widget screen found. */
export interface ScreenAudit {
  overflow: OverflowReport;
  /** Every visible text element's contrast. */
  samples: ContrastSample[];
  /** Those below 4.5:1. */
  failing: ContrastSample[];
}

/**
 * Audits the widget frame (horizontal overflow, text contrast through shadow roots, with the
 * helpers of test/browser) and saves a screenshot of the whole widget, the iframe grown to its
 * content's height for the picture.
 */
export async function auditWidget(desktop: Desktop, conversationId: string, name: string): Promise<ScreenAudit> {
  const frame = await desktop.widgetFrame();
  const overflow = await frame.evaluate(auditOverflow);
  const samples = await frame.evaluate(auditTextContrast);
  const iframe = desktop.page.locator(`iframe[data-conversation-id="${conversationId}"]`);
  const height = await frame.evaluate(() => {
    window.scrollTo(0, 0);
    return document.documentElement.scrollHeight;
  });
  await iframe.evaluate((el, h) => ((el as HTMLElement).style.height = `${h}px`), height);
  await iframe.screenshot({ path: await screenshotPath(name) });
  await iframe.evaluate((el) => ((el as HTMLElement).style.height = ''));
  return { overflow, samples, failing: samples.filter((sample) => sample.ratio < 4.5) };
}
