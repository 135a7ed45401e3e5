import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspViolations, startBrowserEnv, type BrowserEnv } from './support/browser-env.js';

let env: BrowserEnv;

beforeAll(async () => {
  env = await startBrowserEnv();
});

afterAll(async () => {
  await env?.close();
});

const delivery = (webhookId: string, verified: boolean, receivedAt: string) => ({
  webhookId,
  receivedAt,
  type: 'interaction.merged',
  verified,
  payload: { type: 'interaction.merged', schemaVersion: 1, data: { contactId: 'e0000000-0000-4000-8000-0000000000aa' } },
});

describe('CRM receiver page', () => {
  it('when webhooks arrive, then the page lists them newest first with whether each signature verified, and polls for more', async () => {
    env.fake.deliveries = [
      delivery('msg_first', true, '2026-11-26T10:00:00.000Z'),
      delivery('msg_forged', false, '2026-11-26T10:05:00.000Z'),
    ];
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const violations = cspViolations(page);
    await page.clock.install();
    await page.goto(`${env.fake.desktopOrigin}/crm`);
    const items = page.locator('im-crm-deliveries li.delivery');
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(2);
    expect(await items.evaluateAll((els) => els.map((el) => [el.getAttribute('data-webhook-id'), el.getAttribute('data-verified')]))).toEqual([
      ['msg_forged', 'false'],
      ['msg_first', 'true'],
    ]);
    expect(await items.nth(0).locator('.badge').innerText()).toBe('✗ Signature NOT verified');
    expect(await items.nth(1).locator('.badge').innerText()).toBe('✓ Signature verified');
    expect(await page.locator('im-crm-deliveries .summary').innerText()).toBe('2 webhooks received, 1 with a verified signature.');

    await items.nth(1).locator('summary').click();
    expect(await items.nth(1).locator('pre').innerText()).toContain('"schemaVersion": 1');

    env.fake.deliveries = [...env.fake.deliveries, delivery('msg_new', true, '2026-11-26T10:10:00.000Z')];
    await page.clock.fastForward(2_500);
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.nth(0).getAttribute('data-webhook-id')).toBe('msg_new');
    expect(violations).toEqual([]);
    await context.close();
  });
});
