/**
 * Agent sign-in against the emulator's real login host: PKCE by redirect inside the widget's
 * iframe and by popup (`gcUsePopupAuth`), the token kept for the tab, and sent to our service
 * only. One service and emulator for the file, reset before each test.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Request } from 'playwright-core';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { buildClient } from '../browser/support/client-build.js';
import { launchChromium } from '../support/chromium.js';
import { openDesktop, PEOPLE, resetEmulator, signInAs, startDemoServer, type DemoServer, type Desktop } from './support/index.js';

const C = DEMO_IDS.conversations;

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

beforeEach(async () => {
  await resetEmulator(server.emulatorUrl);
});

afterEach(async () => {
  await desktop?.close();
  desktop = null;
});

/** What the browser sent to the emulator (the login host), in order. */
function recordEmulatorRequests(desktop: Desktop): Array<{ method: string; url: URL; body: URLSearchParams; authorization: string | null }> {
  const seen: Array<{ method: string; url: URL; body: URLSearchParams; authorization: string | null }> = [];
  desktop.context.on('request', (request: Request) => {
    if (!request.url().startsWith(server.emulatorUrl)) return;
    seen.push({
      method: request.method(),
      url: new URL(request.url()),
      body: new URLSearchParams(request.postData() ?? ''),
      authorization: request.headers().authorization ?? null,
    });
  });
  return seen;
}

// Browser steps against a real service wait on the page, never on a clock: allow them time on a busy machine.
describe('agent sign-in through the emulated Genesys login host', { timeout: 60_000 }, () => {
  it('when the agent signs in inside the iframe, then the widget exchanges the code with its PKCE verifier, keeps the token for the tab and sends it to our service only', async () => {
    desktop = await openDesktop(browser, server, { conversationId: C.janeActiveCall });
    const toEmulator = recordEmulatorRequests(desktop);
    const bearerTo = new Set<string>();
    desktop.context.on('request', (request) => {
      if (request.headers().authorization?.startsWith('Bearer ')) bearerTo.add(new URL(request.url()).origin);
    });
    await signInAs(desktop, PEOPLE.mergeAgent);
    await desktop.widget.locator('im-candidate-list li.item').first().waitFor();

    const authorize = toEmulator.find((r) => r.method === 'GET' && r.url.pathname === '/oauth/authorize')!;
    expect(Object.fromEntries(['response_type', 'client_id', 'redirect_uri', 'code_challenge_method'].map((k) => [k, authorize.url.searchParams.get(k)]))).toEqual({
      response_type: 'code',
      client_id: DEMO_IDS.clients.widget.id,
      redirect_uri: `${server.widgetOrigin}/widget`,
      code_challenge_method: 'S256',
    });
    expect(authorize.url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const exchange = toEmulator.filter((r) => r.method === 'POST' && r.url.pathname === '/oauth/token');
    expect(exchange).toHaveLength(1);
    expect(exchange[0]!.body.get('grant_type')).toBe('authorization_code');
    expect(exchange[0]!.body.get('code_verifier')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(exchange[0]!.authorization).toBeNull();
    // The browser never calls the Genesys API itself: the token goes to our service only.
    expect(toEmulator.filter((r) => r.url.pathname.startsWith('/api/'))).toEqual([]);
    expect([...bearerTo]).toEqual([server.widgetOrigin]);

    // Another interaction in the same tab: its widget instance finds the token, no new sign-in.
    const signIns = toEmulator.length;
    await desktop.page.locator(`im-desktop-harness nav button[data-conversation-id="${C.lindaSms}"]`).click();
    const second = desktop.page.frameLocator(`iframe[data-conversation-id="${C.lindaSms}"]`);
    await second.locator('im-candidate-list').waitFor();
    expect(await second.locator('section.current').innerText()).toMatch(/^This interaction\s+SMS · /);
    expect(toEmulator.slice(signIns)).toEqual([]);
  });

  it('when the integration asks for popup sign-in, then the emulator login page opens in a popup that hands the code back to the widget', async () => {
    desktop = await openDesktop(browser, server, { conversationId: C.janeActiveCall, popup: true });
    const signIn = desktop.widget.getByRole('button', { name: 'Sign in' });
    await signIn.waitFor();
    const opened = desktop.page.waitForEvent('popup');
    await signIn.click();
    const popup = await opened;
    // The popup closes itself as soon as it has handed the code back: wait for that before the
    // click, so a quick close is not missed.
    const closed = popup.waitForEvent('close', { timeout: 50_000 });
    await popup.locator(`button[data-user-id="${PEOPLE.mergeAgent.id}"]`).click().catch((error: unknown) => {
      if (!popup.isClosed()) throw error;
    });
    await closed;
    await desktop.widget.locator('im-candidate-list li.item').first().waitFor();
    expect(await desktop.widget.locator('im-candidate-list li.item').count()).toBe(2);
  });
});
