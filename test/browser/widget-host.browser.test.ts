import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnessUrl, seedToken, startBrowserEnv, widgetFrame, type BrowserEnv } from './support/browser-env.js';
import { IDS, WIDGET_CLIENT_ID } from './support/fixtures.js';

let env: BrowserEnv;

beforeAll(async () => {
  env = await startBrowserEnv();
});

afterAll(async () => {
  await env?.close();
});

const EXPECTED_QUERY =
  'gcConversationId={{gcConversationId}}&gcHostOrigin={{gcHostOrigin}}&gcTargetEnv={{gcTargetEnv}}' +
  `&gcLangTag={{gcLangTag}}&gcUsePopupAuth={{gcUsePopupAuth}}&clientId=${WIDGET_CLIENT_ID}`;

describe('widget context and the agent desktop', () => {
  it('when the widget is opened outside Genesys, then it explains the exact URL to configure and calls nothing', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const before = env.fake.requests.length;
    const query = new URLSearchParams({
      gcConversationId: IDS.current, gcHostOrigin: 'https://apps.mypurecloud.com', gcTargetEnv: 'prod', clientId: WIDGET_CLIENT_ID,
    });
    await page.goto(`${env.fake.widgetOrigin}/widget?${query}`);
    const help = page.locator('im-setup-help section');
    await expect.poll(() => help.innerText(), { timeout: 15_000 }).toContain('inside the Genesys Cloud agent desktop');
    expect(await page.locator('im-setup-help code.url').innerText()).toBe(`${env.fake.widgetOrigin}/widget?${EXPECTED_QUERY}`);
    expect(env.fake.requests.length).toBe(before);
    await context.close();
  });

  it('when Genesys left a token uninterpolated, then the widget names the parameter and how to fix the URL', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const src = `${env.fake.widgetOrigin}/widget?gcConversationId={{pcConversationID}}&gcHostOrigin=${env.fake.desktopOrigin}&gcTargetEnv=prod&clientId=${WIDGET_CLIENT_ID}`;
    await page.goto(`${env.fake.desktopOrigin}/test-host?src=${encodeURIComponent(src)}`);
    const help = page.frameLocator('#widget').locator('im-setup-help section');
    await expect.poll(() => help.innerText(), { timeout: 15_000 }).toContain('The parameter gcConversationId still reads {{…}}');
    expect(await help.innerText()).not.toContain('inside the Genesys Cloud agent desktop. Open');
    await context.close();
  });

  it('when the harness opens an interaction, then the widget gets the integration sandbox and URL tokens on another origin', async () => {
    const context = await env.browser.newContext();
    await seedToken(context, env.fake);
    const page = await context.newPage();
    await page.goto(harnessUrl(env.fake, { lang: 'fr-fr', popup: true, theme: 'dark' }));
    const iframe = page.locator(`iframe[data-conversation-id="${IDS.current}"]`);
    await iframe.waitFor();
    expect((await iframe.getAttribute('sandbox'))!.split(' ').sort()).toEqual([
      'allow-downloads', 'allow-forms', 'allow-modals', 'allow-popups', 'allow-presentation', 'allow-same-origin', 'allow-scripts',
    ]);
    const src = new URL((await iframe.getAttribute('src'))!);
    expect(src.origin).toBe(env.fake.widgetOrigin);
    expect(src.origin).not.toBe(new URL(page.url()).origin);
    expect(Object.fromEntries(src.searchParams)).toEqual({
      gcConversationId: IDS.current, gcHostOrigin: env.fake.desktopOrigin, gcTargetEnv: 'prod', gcLangTag: 'fr-fr',
      gcUsePopupAuth: 'true', clientId: WIDGET_CLIENT_ID, theme: 'dark',
    });
    await context.close();
  });

  it('when the host bootstraps, switches away and back, and stops the widget, then it answers and refreshes on focus', async () => {
    const context = await env.browser.newContext();
    await seedToken(context, env.fake);
    const page = await context.newPage();
    await page.goto(harnessUrl(env.fake));
    const log = page.locator('im-desktop-harness ol.log');
    await expect.poll(() => log.innerText(), { timeout: 15_000 }).toContain('← bootstrapped');
    await widgetFrame(page).locator('im-candidate-list li.item').first().waitFor();
    const candidateCalls = () =>
      env.fake.requests.filter((r) => r.route === 'candidates' && r.url.includes(IDS.current)).length;
    const before = candidateCalls();

    await page.locator(`nav button[data-conversation-id="${IDS.otherInteraction}"]`).click();
    await page.locator(`nav button[data-conversation-id="${IDS.current}"]`).click();
    await expect.poll(() => log.innerText()).toContain('→ focus');
    await expect.poll(candidateCalls).toBe(before + 1);
    expect(await log.innerText()).toContain('→ blur');
    expect(await page.locator('iframe').count()).toBe(2);

    await page.getByRole('button', { name: 'End interaction' }).click();
    await expect.poll(() => log.innerText()).toContain('← stopped');
    await expect.poll(() => page.locator(`iframe[data-conversation-id="${IDS.current}"]`).count()).toBe(0);
    await context.close();
  });
});
