/**
 * The whole product as `npm start` serves it, in Chromium: the real service (not a fake) with the
 * demo site, the client build, the emulator's own sign-in page (PKCE), a merge, the toast at the
 * host and the signed webhook at the built-in CRM receiver, under the service's own CSP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { buildClient } from '../browser/support/client-build.js';
import { launchChromium } from '../support/chromium.js';
import { startTestServer, type TestServer } from '../support/server.js';

const { conversations: C } = DEMO_IDS;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  const clientDir = await buildClient();
  server = await startTestServer({ site: true, webhook: 'site', service: { clientDir } });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the product in a browser', () => {
  it('when an agent signs in through the harness and merges the suggestions, then the host shows the toast and the CRM page a verified webhook', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`http://localhost:${server.port}/desktop?open=${C.janeActiveCall}`);
    const frame = page.frameLocator(`iframe[data-conversation-id="${C.janeActiveCall}"]`);

    // No token in the tab: the widget redirects to the emulator's sign-in page inside the iframe.
    await frame.locator(`button[data-user-id="${DEMO_IDS.users.mergeAgent}"]`).click({ timeout: 30_000 });
    await expect.poll(() => frame.locator('im-candidate-list li.item').count(), { timeout: 30_000 }).toBeGreaterThan(0);

    await frame.getByRole('button', { name: /Preview merge/ }).click();
    await frame.locator('im-merge-preview').waitFor();
    await frame.getByRole('button', { name: /^Merge/ }).first().click();
    await frame.getByRole('button', { name: 'Merge permanently' }).click();

    // The toast went through the Client App SDK's postMessage to the host (the harness lists it).
    await page.getByText('Interactions merged').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => server.site!.receiver.deliveries().length, { timeout: 30_000 }).toBe(1);
    expect(server.site!.receiver.deliveries()[0]).toMatchObject({ type: 'interaction.merged', verified: true });

    const crm = await context.newPage();
    await crm.goto(`http://localhost:${server.port}/crm`);
    await crm.getByText(/Signature verified/).first().waitFor({ timeout: 15_000 });
    expect(violations).toEqual([]);
    await context.close();
  }, 120_000);
});
