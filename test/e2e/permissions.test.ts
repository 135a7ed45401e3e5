/**
 * Agents whose Genesys role does not allow everything sign in through the emulator (PKCE) and
 * see why: Pat Plain has no access to the app, Val Viewer may look but never merge. One service
 * and emulator for the file; the emulator is reset before each test (nothing here merges).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { buildClient } from '../browser/support/client-build.js';
import { launchChromium } from '../support/chromium.js';
import {
  listedCandidates, openDesktop, PEOPLE, resetEmulator, searchFor, signInAs, startDemoServer, type DemoServer, type Desktop,
} from './support/index.js';

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

// Browser steps against a real service wait on the page, never on a clock: allow them time on a busy machine.
describe('agents whose role does not allow everything', { timeout: 60_000 }, () => {
  it('when Pat Plain (no app permission) signs in, then one notice names the permission to ask for and nothing else is offered', async () => {
    desktop = await openDesktop(browser, server, { conversationId: C.janeActiveCall });
    await signInAs(desktop, PEOPLE.plainAgent);
    const notices = desktop.widget.locator('im-problem-notice .notice');
    await notices.first().waitFor();
    expect(await notices.count()).toBe(1);
    const notice = await notices.innerText();
    expect(notice).toContain('Your Genesys Cloud role does not allow this.');
    expect(await notices.locator('ul.missing li').allInnerTexts()).toEqual([DEMO_IDS.permissions.view]);
    expect(await desktop.widget.locator('im-candidate-search').count()).toBe(0);
    expect(await desktop.widget.getByRole('button', { name: /Preview merge/ }).count()).toBe(0);
    // The widget still answered the host's bootstrap: the agent sees a settled screen.
    await expect.poll(() => desktop!.log.innerText(), { timeout: 10_000 }).toContain('← bootstrapped');
  });

  it('when Val Viewer (may look, not merge) previews, then the preview says her role does not allow merging and which permissions to ask for', async () => {
    desktop = await openDesktop(browser, server, { conversationId: C.janeEmail });
    await signInAs(desktop, PEOPLE.viewAgent);
    await desktop.widget.locator('im-candidate-list').waitFor();
    // Another interaction she handled, found by its id (whatever the suggestions hold for her).
    const search = await searchFor(desktop, C.lindaLandlineCall);
    await search.locator(`li[data-conversation-id="${C.lindaLandlineCall}"]`).getByRole('button', { name: /^Add / }).click();
    await desktop.widget.getByRole('button', { name: /^Preview merge/ }).click();
    const warning = desktop.widget.locator('.no-merge-permission');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('You can preview, but your Genesys Cloud role does not allow merging.');
    expect(await warning.locator('ul.missing li').allInnerTexts()).toEqual([
      'externalContacts:identity:merge',
      'externalContacts:conversation:associate or relate:conversation:associate',
    ]);
    expect(await desktop.widget.getByRole('button', { name: 'Merge…' }).isDisabled()).toBe(true);
  });

  it('when Val Viewer (who sees only the conversations she handled) opens her email, then no interaction her role cannot see is offered', async () => {
    desktop = await openDesktop(browser, server, { conversationId: C.janeEmail });
    await signInAs(desktop, PEOPLE.viewAgent);
    await desktop.widget.locator('im-candidate-list').waitFor();
    // Val handled only janeEmail of Jane's conversations (emulator/data/README.md): Genesys
    // answers 403 to her for the analytics details of the others.
    const offered = (await listedCandidates(desktop)).map((c) => c.conversationId);
    expect(offered.filter((id) => [C.janeCall, C.janeWebMessage, C.janeActiveCall].includes(id))).toEqual([]);
  });
});
