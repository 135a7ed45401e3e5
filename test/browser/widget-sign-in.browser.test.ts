import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, harnessUrl, widgetFrame, seedToken, cspViolations, type BrowserEnv } from './support/browser-env.js';
import { IDS, WIDGET_CLIENT_ID } from './support/fixtures.js';

let env: BrowserEnv;

beforeAll(async () => {
  env = await startBrowserEnv();
});

afterAll(async () => {
  await env?.close();
});

describe('widget sign-in (PKCE)', () => {
  it('when the tab holds no token, then the widget signs in by redirect with PKCE and comes back with its context', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const violations = cspViolations(page);
    const before = env.fake.oauth.tokenRequests.length;
    await page.goto(harnessUrl(env.fake));
    const frame = widgetFrame(page);
    await expect.poll(() => frame.locator('im-candidate-list li.item').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    const authorize = env.fake.oauth.authorizeRequests.at(-1)!.query;
    expect(authorize.client_id).toBe(WIDGET_CLIENT_ID);
    expect(authorize.redirect_uri).toBe(`${env.fake.widgetOrigin}/widget`);
    expect(authorize.code_challenge_method).toBe('S256');
    const token = env.fake.oauth.tokenRequests.slice(before);
    expect(token).toHaveLength(1);
    expect(token[0]).toMatchObject({ pkceVerified: true, status: 200, authorization: null });
    // The context survived the redirect: the iframe's URL carries the tokens again, no code.
    const src = page.frames().find((f) => f.url().startsWith(env.fake.widgetOrigin))!.url();
    expect(new URL(src).searchParams.get('gcConversationId')).toBe(IDS.current);
    expect(new URL(src).searchParams.has('code')).toBe(false);
    // The API saw the agent's bearer token.
    expect(env.fake.requests.filter((r) => r.route === 'candidates').at(-1)!.authorization).toMatch(/^Bearer agent-token-/);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('when the integration asks for popup auth, then a popup signs in and hands the code back to the widget', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(harnessUrl(env.fake, { popup: true }));
    const frame = widgetFrame(page);
    const signIn = frame.getByRole('button', { name: 'Sign in' });
    await signIn.waitFor();
    const before = env.fake.oauth.tokenRequests.length;
    const popupPromise = page.waitForEvent('popup');
    await signIn.click();
    const popup = await popupPromise;
    await popup.waitForEvent('close', { timeout: 15_000 });
    await expect.poll(() => frame.locator('im-candidate-list li.item').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(env.fake.oauth.tokenRequests.slice(before)).toEqual([expect.objectContaining({ pkceVerified: true, status: 200 })]);
    await context.close();
  });

  it('when the login host refuses, then the widget says so and offers to sign in again', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    env.fake.oauth.mode = 'deny';
    try {
      await page.goto(harnessUrl(env.fake));
      const frame = widgetFrame(page);
      await expect.poll(() => frame.locator('[data-reason]').getAttribute('data-reason'), { timeout: 15_000 }).toBe('denied');
      await expect.poll(() => frame.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    } finally {
      env.fake.oauth.mode = 'grant';
    }
    await context.close();
  });

  it('when the backend answers 401, then the widget drops the token and asks the agent to sign in again', async () => {
    const context = await env.browser.newContext();
    await seedToken(context, env.fake);
    env.fake.fail('candidates', { status: 401, body: { error: { code: 'unauthorized', message: 'expired' } } });
    const page = await context.newPage();
    await page.goto(harnessUrl(env.fake));
    const frame = widgetFrame(page);
    await expect.poll(() => frame.locator('[data-reason]').getAttribute('data-reason'), { timeout: 15_000 }).toBe('expired');
    const stored = await page.frames().find((f) => f.url().startsWith(env.fake.widgetOrigin))!
      .evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('interaction-merger.token.')).length);
    expect(stored).toBe(0);
    // Signing in again (redirect) brings the candidates back.
    await frame.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => frame.locator('im-candidate-list li.item').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await context.close();
  });

  it('when the token expires while the widget is open, then its next call asks the agent to sign in again', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.clock.install();
    await seedToken(context, env.fake, 90_000);
    await page.goto(harnessUrl(env.fake, { popup: true }));
    const frame = widgetFrame(page);
    await frame.locator('im-candidate-list li.item').first().waitFor({ timeout: 15_000 });
    const previews = env.fake.count('preview');
    // Within 30 s of its expiry the token is no longer used.
    await page.clock.fastForward(61_000);
    await frame.getByRole('button', { name: /Preview merge/ }).click();
    await expect.poll(() => frame.locator('[data-reason]').getAttribute('data-reason')).toBe('expired');
    expect(env.fake.count('preview')).toBe(previews);
    await context.close();
  });
});
