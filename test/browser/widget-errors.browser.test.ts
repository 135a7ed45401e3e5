import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { harnessUrl, seedToken, startBrowserEnv, widgetFrame, type BrowserEnv } from './support/browser-env.js';
import { IDS } from './support/fixtures.js';

let env: BrowserEnv;
let context: BrowserContext;
let page: Page;
let frame: FrameLocator;

beforeAll(async () => {
  env = await startBrowserEnv();
});

afterAll(async () => {
  await env?.close();
});

beforeEach(async () => {
  env.fake.holdMergeSteps = false;
  env.fake.planVersion = 1;
  env.fake.canMerge = true;
  env.fake.jobOutcome = 'succeeded';
  context = await env.browser.newContext();
  await seedToken(context, env.fake);
  page = await context.newPage();
  // Fake timers in every frame: countdowns advance only when the test says so.
  await page.clock.install();
  return async () => {
    await context.close();
  };
});

async function open(): Promise<void> {
  await page.goto(harnessUrl(env.fake));
  frame = widgetFrame(page);
}

async function openPreview(): Promise<void> {
  await open();
  await frame.locator('im-candidate-list li.item').first().waitFor({ timeout: 15_000 });
  await frame.getByRole('button', { name: /Preview merge/ }).click();
  await frame.locator('im-merge-preview dl.fields').waitFor();
}

async function confirmMerge(): Promise<void> {
  await frame.getByRole('button', { name: 'Merge…' }).click();
  await frame.getByRole('dialog').getByRole('button', { name: 'Merge permanently' }).click();
}

const merges = () => env.fake.requests.filter((r) => r.route === 'merge');
/** The notice's box (a custom element's own innerText leaves out its shadow root). */
const notice = () => frame.locator('im-problem-notice .notice');

describe('widget error states', () => {
  it('when the agent lacks a permission, then the widget names the permissions to ask for', async () => {
    env.fake.fail('candidates', {
      status: 403,
      body: { error: { code: 'forbidden', message: 'Missing permission', details: { missing: ['analytics:conversationDetail:view'] } } },
    });
    await open();
    await expect.poll(() => notice().innerText(), { timeout: 15_000 }).toContain('Your Genesys Cloud role does not allow this.');
    expect(await notice().locator('li code').allInnerTexts()).toEqual(['analytics:conversationDetail:view']);
  });

  it('when the role may preview but not merge, then Merge is disabled and the missing permissions are named', async () => {
    env.fake.canMerge = false;
    await openPreview();
    const note = frame.locator('.no-merge-permission');
    expect(await note.innerText()).toContain('does not allow merging');
    expect(await note.locator('code').allInnerTexts()).toEqual([
      'externalContacts:identity:merge',
      'externalContacts:conversation:associate',
    ]);
    expect(await frame.getByRole('button', { name: 'Merge…' }).isDisabled()).toBe(true);
  });

  it('when the plan changed before the merge (409), then the widget shows the refreshed preview and merges it with a new key', async () => {
    await openPreview();
    const previews = env.fake.count('preview');
    env.fake.planVersion = 2;
    await confirmMerge();
    await frame.locator('.plan-changed').waitFor();
    await expect.poll(() => env.fake.count('preview')).toBe(previews + 1);
    await frame.locator('im-merge-preview dl.fields').waitFor();
    await confirmMerge();
    await frame.getByRole('heading', { name: 'Merged' }).waitFor();
    const [refused, accepted] = merges().slice(-2);
    expect(refused!.body).toMatchObject({ planHash: expect.stringMatching(/^plan-1-/) });
    expect(accepted!.body).toMatchObject({ planHash: expect.stringMatching(/^plan-2-/) });
    expect(accepted!.idempotencyKey).not.toBe(refused!.idempotencyKey);
  });

  it('when the merge is rate limited (429), then the widget counts down Retry-After and retries with the same key', async () => {
    await openPreview();
    env.fake.fail('merge', { status: 429, headers: { 'retry-after': '20' }, body: { error: { code: 'rate_limited', message: 'Slow down' } } });
    const before = merges().length;
    await confirmMerge();
    const countdown = notice().locator('.countdown');
    await expect.poll(() => countdown.innerText()).toBe('Trying again in 20 s.');
    await page.clock.fastForward(5_000);
    await expect.poll(() => countdown.innerText()).toBe('Trying again in 15 s.');
    expect(merges().length).toBe(before + 1);
    await page.clock.fastForward(16_000);
    await frame.getByRole('heading', { name: 'Merged' }).waitFor();
    const [limited, retried] = merges().slice(before);
    expect(retried!.idempotencyKey).toBe(limited!.idempotencyKey);
  });

  it('when the browser is offline, then the widget says so and retries once the connection is back', async () => {
    await open();
    await frame.locator('im-candidate-list li.item').first().waitFor({ timeout: 15_000 });
    await context.setOffline(true);
    await frame.getByRole('button', { name: /Preview merge/ }).click();
    await expect.poll(() => notice().innerText()).toContain('You seem to be offline');
    await context.setOffline(false);
    await frame.locator('im-merge-preview dl.fields').waitFor();
  });

  it('when the service fails (500), then the widget gives the support reference and Try again works', async () => {
    env.fake.fail('candidates', { status: 500, body: { error: { code: 'internal', message: 'boom', correlationId: 'corr-500-abc' } } });
    await open();
    await expect.poll(() => notice().innerText(), { timeout: 15_000 }).toContain('Something went wrong on our side.');
    expect(await notice().innerText()).toContain('Reference for support: corr-500-abc');
    await notice().getByRole('button', { name: 'Try again' }).click();
    await frame.locator('im-candidate-list li.item').first().waitFor();
  });

  it('when the merge job fails, then the widget says it did not complete and leads back to the preview', async () => {
    env.fake.jobOutcome = 'failed';
    await openPreview();
    await confirmMerge();
    const failed = frame.locator('.merge-failed');
    await expect.poll(() => failed.innerText()).toContain('The merge did not complete.');
    expect(await failed.innerText()).toContain('corr-failed-1');
    await failed.getByRole('button', { name: 'Back to the preview' }).click();
    await frame.locator('im-merge-preview dl.fields').waitFor();
    expect(await page.locator('im-desktop-harness li.toast').count()).toBe(0);
  });

  it('when the interaction itself was already merged, then the widget says when and by whom', async () => {
    env.fake.fail('context', {
      status: 200,
      body: {
        conversation: { conversationId: IDS.current, mediaType: 'voice', messageType: null, channel: 'voice', startTime: '2026-11-20T14:05:00.000Z', endTime: null, maskedAddress: '•••• 4567' },
        customer: { contactId: null, displayName: 'Jane Doe', contactType: null },
        alreadyMerged: { mergedAt: '2026-11-21T09:00:00.000Z', mergedBy: 'Ada Admin', contactId: 'e1', jobId: 'j1' },
        permissions: { canMerge: true, missing: [] },
      },
    });
    await open();
    const banner = frame.locator('.merged-banner');
    await expect.poll(() => banner.innerText(), { timeout: 15_000 }).toMatch(/Already part of a merged session: merged on .+ by Ada Admin\./);
  });
});
