import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { buildClient } from '../browser/support/client-build.js';
import { launchChromium } from '../support/chromium.js';
import { startTestServer, type TestServer } from '../support/server.js';

const { conversations: C } = DEMO_IDS;
const CLIENT_ID = DEMO_IDS.clients.widget.id;

/** Script in every form a parameter might be rendered or followed as: each calls the detector. */
const PAYLOADS = [
  `<img src=x onerror="__pwned('img')">`,
  `"><script>__pwned('script')</script>`,
  `'><svg onload=__pwned('svg')>`,
  `</title></code><iframe srcdoc="<script>parent.__pwned('srcdoc')</script>">`,
  `javascript:__pwned('javascript-url')`,
  `\${__pwned('template')}`,
  `{{__pwned('curly')}}`,
  `data:text/html,<script>__pwned('data-url')</script>`,
];

let server: TestServer;
let browser: Browser;
let hostPages: Server;

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The pages of a host on loopback (demo mode lets loopback pages frame the widget; Chromium lets
 * only a page on a local address frame one): `/host?src=` frames `src`; `/naive?p=` renders `p` as
 * markup, as a careless page would.
 */
function startHostPages(): Promise<Server> {
  const pages = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (url.pathname === '/host') {
      res.end(`<!doctype html><html><body><iframe id="widget" src="${escapeAttribute(url.searchParams.get('src') ?? '')}" width="400" height="600"></iframe></body></html>`);
    } else {
      res.end('<!doctype html><body><div id="out"></div><script>document.getElementById("out").innerHTML = new URLSearchParams(location.search).get("p");</script></body>');
    }
  });
  return new Promise((resolve) => pages.listen(0, '127.0.0.1', () => resolve(pages)));
}

beforeAll(async () => {
  const clientDir = await buildClient();
  [server, browser, hostPages] = await Promise.all([startTestServer({ webhook: null, service: { clientDir } }), launchChromium(), startHostPages()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  hostPages?.closeAllConnections();
  await new Promise((resolve) => hostPages?.close(resolve));
});

/** The host page's origin and the widget's (two origins, as in Genesys). */
const hostOrigin = () => `http://localhost:${(hostPages.address() as AddressInfo).port}`;
const widgetOrigin = () => `http://127.0.0.1:${server.port}`;

interface Watched {
  context: BrowserContext;
  page: Page;
  /** Calls of `__pwned`, dialogs and Content-Security-Policy refusals: any means script got in. */
  incidents: string[];
}

/**
 * A fresh context whose every frame has `__pwned` (the payloads' detector), with dialogs and CSP
 * refusals recorded too: a refused inline script means a parameter reached the DOM as markup.
 */
async function watchedContext(options: { token?: boolean } = {}): Promise<Watched> {
  const context = await browser.newContext();
  const incidents: string[] = [];
  await context.exposeBinding('__pwned', ({ frame }, what: unknown) => {
    incidents.push(`__pwned(${String(what)}) in ${frame.url()}`);
  });
  if (options.token) {
    await context.addInitScript(
      ({ origin, key, value }) => {
        if (location.origin === origin) sessionStorage.setItem(key, value);
      },
      {
        origin: widgetOrigin(),
        key: `interaction-merger.token.${CLIENT_ID}`,
        value: JSON.stringify({ accessToken: server.token('mergeAgent'), expiresAt: Date.now() + 3_600_000 }),
      },
    );
  }
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    incidents.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) incidents.push(`csp: ${message.text()}`);
  });
  return { context, page, incidents };
}

/** Opens `widgetUrl` in an iframe of the host page; resolves with the widget's frame. */
async function openFramed(watched: Watched, widgetUrl: string) {
  const host = new URL('/host', hostOrigin());
  host.searchParams.set('src', widgetUrl);
  await watched.page.goto(host.href);
  return watched.page.frameLocator('#widget');
}

function widgetUrl(params: Record<string, string>, hash = ''): string {
  const url = new URL('/widget', widgetOrigin());
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return `${url.href}${hash}`;
}

const validContext = (extra: Record<string, string> = {}) => ({
  gcConversationId: C.janeActiveCall,
  gcHostOrigin: hostOrigin(),
  gcTargetEnv: 'prod',
  gcLangTag: 'en-us',
  gcUsePopupAuth: 'true',
  clientId: CLIENT_ID,
  ...extra,
});

/** What must hold once the widget settled: nothing ran, and the page and the frame stayed where they were. */
async function expectNothingExecuted(watched: Watched, hostUrlPrefix: string): Promise<void> {
  expect(watched.incidents).toEqual([]);
  expect(watched.page.url().startsWith(hostUrlPrefix)).toBe(true);
  const frames = watched.page.frames().filter((frame) => frame !== watched.page.mainFrame());
  for (const frame of frames) expect(new URL(frame.url()).origin, frame.url()).toBe(widgetOrigin());
}

describe('widget URLs carrying script', () => {
  it('when a page does render a parameter as markup, then the detector sees it (the checks below can fail)', async () => {
    const watched = await watchedContext();
    await watched.page.goto(`${hostOrigin()}/naive?p=${encodeURIComponent(PAYLOADS[0]!)}`);
    await expect.poll(() => watched.incidents.length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(watched.incidents[0]).toContain('__pwned(img)');
    await watched.context.close();
  });

  it.each(PAYLOADS)('when every widget parameter carries %s, then the setup help shows and nothing executes', async (payload) => {
    const watched = await watchedContext();
    const params = Object.fromEntries(
      ['gcConversationId', 'gcHostOrigin', 'gcTargetEnv', 'gcLangTag', 'gcUsePopupAuth', 'clientId', 'theme'].map((name) => [name, payload]),
    );
    const frame = await openFramed(watched, widgetUrl(params, `#${payload}`));
    await frame.locator('im-setup-help code.url').waitFor({ timeout: 20_000 });
    const shown = await frame.locator('im-setup-help').innerText();
    expect(shown).not.toContain('__pwned');
    await expectNothingExecuted(watched, hostOrigin());
    await watched.context.close();
  });

  it('when gcHostOrigin is a javascript: or data: URL and the rest is valid, then the setup help names it and nothing executes', async () => {
    for (const gcHostOrigin of [`javascript:__pwned('host')//${hostOrigin()}`, `data:text/html,<script>__pwned('host')</script>`, 'null']) {
      const watched = await watchedContext({ token: true });
      const frame = await openFramed(watched, widgetUrl(validContext({ gcHostOrigin })));
      await frame.locator('im-setup-help ul.problems li').first().waitFor({ timeout: 20_000 });
      await expectNothingExecuted(watched, hostOrigin());
      await watched.context.close();
    }
  });

  it('when the context is valid and the optional parameters and the fragment carry script, then candidates show and nothing executes', async () => {
    const watched = await watchedContext({ token: true });
    const frame = await openFramed(
      watched,
      widgetUrl(validContext({ gcLangTag: PAYLOADS[0]!, theme: PAYLOADS[1]!, gcUsePopupAuth: PAYLOADS[4]!, extra: PAYLOADS[2]! }), `#${PAYLOADS[3]}`),
    );
    await frame.locator('im-candidate-list li.item').first().waitFor({ timeout: 30_000 });
    const text = await frame.locator('body').innerText();
    expect(text).not.toContain('__pwned');
    await expectNothingExecuted(watched, hostOrigin());
    await watched.context.close();
  });

  it('when a sign-in callback carries script in code and in a state made to look like the widget\'s own, then nothing executes', async () => {
    const stateOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const hostileQuery = new URLSearchParams(Object.fromEntries(Object.entries(validContext()).map(([k]) => [k, PAYLOADS[0]!]))).toString();
    for (const state of [
      stateOf({ n: 'n'.repeat(16), q: hostileQuery, p: 0 }),
      stateOf({ n: 'n'.repeat(16), q: `${new URLSearchParams(validContext()).toString()}&x=${encodeURIComponent(PAYLOADS[1]!)}`, p: 0 }),
      stateOf({ n: 'n'.repeat(16), q: hostileQuery, p: 1 }),
      PAYLOADS[0]!,
    ]) {
      const watched = await watchedContext();
      const frame = await openFramed(watched, widgetUrl({ code: PAYLOADS[1]!, state }));
      // Whichever screen it settles on (setup help, a sign-in prompt, the popup notice), it settles.
      await frame.locator('im-setup-help, section.sign-in, p[role="status"]:not(.muted)').first().waitFor({ timeout: 20_000 });
      await expectNothingExecuted(watched, hostOrigin());
      await watched.context.close();
    }
  });

  it('when the widget page itself is opened with script in its parameters (not framed), then it shows the setup help and nothing executes', async () => {
    const params = Object.fromEntries(['gcConversationId', 'gcHostOrigin', 'gcTargetEnv', 'clientId'].map((name) => [name, PAYLOADS[0]!]));
    const slashed = new URL('/widget/', widgetOrigin());
    slashed.searchParams.set('conversationId', PAYLOADS[1]!);
    slashed.searchParams.set('gcHostOrigin', PAYLOADS[4]!);
    for (const url of [widgetUrl(params), slashed.href]) {
      const watched = await watchedContext();
      await watched.page.goto(url);
      await watched.page.locator('im-setup-help code.url').waitFor({ timeout: 20_000 });
      expect(watched.incidents, url).toEqual([]);
      expect(new URL(watched.page.url()).origin).toBe(widgetOrigin());
      await watched.context.close();
    }
  });
});
