import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import {
  cspViolations, deepFocus, harnessUrl, seedToken, startBrowserEnv, widgetFrame, widgetFrameHandle, type BrowserEnv,
} from './support/browser-env.js';
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
  context = await env.browser.newContext();
  await seedToken(context, env.fake);
  page = await context.newPage();
  await page.goto(harnessUrl(env.fake));
  frame = widgetFrame(page);
  await frame.locator('im-candidate-list li.item').first().waitFor({ timeout: 15_000 });
  return async () => {
    await context.close();
  };
});

const checkbox = (conversationId: string) => frame.locator(`li[data-conversation-id="${conversationId}"] input[type=checkbox]`);
const lastPreviewIds = () => (env.fake.requests.filter((r) => r.route === 'preview').at(-1)!.body as { conversationIds: string[] }).conversationIds;

describe('widget candidates and merge', () => {
  it('when the candidates load, then the auto-selected ones are ticked with their reasons and the merged one is shown apart', async () => {
    await expect.poll(() => checkbox(IDS.email).isChecked()).toBe(true);
    expect(await checkbox(IDS.webmessaging).isChecked()).toBe(true);
    expect(await checkbox(IDS.household).isChecked()).toBe(false);
    const email = frame.locator(`li[data-conversation-id="${IDS.email}"]`);
    expect(await email.locator('.reasons').innerText()).toContain('Same email address j•••@example.com');
    expect(await email.innerText()).toContain('Match 94%');
    const merged = frame.locator(`.merged-list li[data-conversation-id="${IDS.merged}"]`);
    expect(await merged.innerText()).toMatch(/Already merged on .+ by Alex Agent/);
    expect(await merged.locator('input').count()).toBe(0);
    expect(await frame.locator(`.suggested li[data-conversation-id="${IDS.merged}"]`).count()).toBe(0);
  });

  it('when the agent unticks one by keyboard and adds one found by search, then the preview covers exactly that selection', async () => {
    const handle = await widgetFrameHandle(page);
    await checkbox(IDS.email).focus();
    await page.keyboard.press('Tab');
    expect(await deepFocus(handle)).toMatchObject({ tag: 'input', conversationId: IDS.webmessaging });
    await page.keyboard.press('Space');
    await expect.poll(() => checkbox(IDS.webmessaging).isChecked()).toBe(false);

    await frame.getByLabel('Find an interaction the suggestions missed').focus();
    await page.keyboard.type('4567');
    await page.keyboard.press('Enter');
    const add = frame.getByRole('button', { name: /^Add WhatsApp/ });
    await add.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => checkbox(IDS.searchOnly).isChecked()).toBe(true);

    await frame.getByRole('button', { name: /Preview merge \(3 interactions\)/ }).click();
    await frame.locator('im-merge-preview').waitFor();
    expect(new Set(lastPreviewIds())).toEqual(new Set([IDS.current, IDS.email, IDS.searchOnly]));
  });

  it('when the preview loads, then it shows the problems in plain words, kept and losing values, and the timeline lanes', async () => {
    await checkbox(IDS.household).check();
    await frame.getByRole('button', { name: /Preview merge/ }).click();
    const preview = frame.locator('im-merge-preview');
    await preview.waitFor();
    const error = preview.locator('.notice.error');
    await expect.poll(() => error.innerText()).toContain('This merge cannot go ahead:');
    expect(await error.innerText()).toMatch(/Voice · .+: Nothing links it to this customer/);
    expect(await frame.getByRole('button', { name: 'Merge…' }).isDisabled()).toBe(true);

    await frame.getByRole('button', { name: 'Back' }).click();
    await checkbox(IDS.household).uncheck();
    await frame.getByRole('button', { name: /Preview merge/ }).click();
    await preview.locator('dl.fields').waitFor();
    expect(await preview.locator('.notice.warning').innerText()).toContain('Still in progress. Merge it once it has ended.');
    const fields = await preview.locator('dl.fields').innerText();
    expect(fields).toContain('First name');
    expect(fields).toMatch(/Jane\s+Not kept:\s+J\./);
    expect(fields).toContain('+1 317-555-4567');
    const lanes = preview.locator('im-timeline svg.lane');
    expect(await lanes.evaluateAll((svgs) => svgs.map((s) => s.getAttribute('data-channel')))).toEqual(['email', 'webmessaging', 'voice']);
    expect(await preview.locator('im-timeline rect.event').count()).toBe(4);
    expect(await preview.locator('im-timeline .summary').innerText()).toContain('Session start and end come from the Voice interaction.');
    expect(await frame.getByRole('button', { name: 'Merge…' }).isEnabled()).toBe(true);
  });

  it('when the agent confirms, then the merge shows each step, toasts in the host and links into the desktop', async () => {
    const violations = cspViolations(page);
    env.fake.holdMergeSteps = true;
    await frame.getByRole('button', { name: /Preview merge/ }).click();
    await frame.getByRole('button', { name: 'Merge…' }).click();
    const dialog = frame.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('A merge cannot be undone.');
    await dialog.getByRole('button', { name: 'Merge permanently' }).click();

    const status = frame.locator('im-merge-progress .status');
    await expect.poll(() => status.innerText()).toBe('Step 1 of 6: Checking the interactions');
    env.fake.releaseStep();
    await expect.poll(() => status.innerText()).toBe('Step 2 of 6: Merging the contacts');
    expect(await frame.locator('im-merge-progress li.done').count()).toBe(1);
    env.fake.releaseStep(true);
    await frame.getByRole('heading', { name: 'Merged' }).waitFor();

    const toast = page.locator('im-desktop-harness li.toast.success');
    await expect.poll(() => toast.innerText()).toContain('Interactions merged');
    expect(await toast.innerText()).toContain('3 interactions are now one customer session.');
    const merge = env.fake.requests.filter((r) => r.route === 'merge').at(-1)!;
    expect(merge.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(merge.body).toMatchObject({ planHash: `plan-1-${[IDS.current, IDS.email, IDS.webmessaging].join(',')}` });

    await frame.getByRole('button', { name: 'Open the interaction details' }).click();
    await frame.getByRole('button', { name: 'Open the merged contact' }).click();
    const log = page.locator('im-desktop-harness ol.log');
    await expect.poll(() => log.innerText()).toContain(`showExternalContactProfile {"contactId":"${IDS.mergedContact}"}`);
    expect(await log.innerText()).toContain(`showInteractionDetails {"conversationId":"${IDS.current}"}`);
    expect(violations).toEqual([]);
  });
});
