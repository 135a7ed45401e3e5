/**
 * The demo tour end to end: Alex Agent has Jane Doe's call open in the desktop harness, signs in
 * through the emulator's login page (PKCE), keeps some suggestions, adds the one the look-back
 * window missed, previews, merges, and the CRM receives one verified webhook. The real service
 * (demo wiring) and the emulator, a fresh pair per test: a merge changes both.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { buildClient } from '../browser/support/client-build.js';
import { launchChromium } from '../support/chromium.js';
import {
  candidateCheckbox, focusedInWidget, listedCandidates, openDesktop, PEOPLE, searchFor, setEmulatorFaults, signInAs, startDemoServer,
  type Desktop, type DemoServer,
} from './support/index.js';

const C = DEMO_IDS.conversations;

let clientDir: string;
let browser: Browser;
let server: DemoServer;
let desktop: Desktop;

beforeAll(async () => {
  [clientDir, browser] = await Promise.all([buildClient(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  server = await startDemoServer({ clientDir });
  desktop = await openDesktop(browser, server, { conversationId: C.janeActiveCall, width: 480 });
  await signInAs(desktop, PEOPLE.mergeAgent);
  await desktop.widget.locator('im-candidate-list li.item').first().waitFor();
});

afterEach(async () => {
  await desktop?.close();
  await server?.close();
});

// Browser steps against a real service wait on the page, never on a clock: allow them time on a busy machine.
describe("the demo tour on Jane Doe's call", { timeout: 60_000 }, () => {
  it("when Alex signs in on the emulator, then Jane's earlier web message and email are auto-selected with their reasons", async () => {
    expect(await listedCandidates(desktop)).toEqual([
      { conversationId: C.janeWebMessage, selected: true },
      { conversationId: C.janeEmail, selected: true },
    ]);
    const email = desktop.widget.locator(`im-candidate-list li[data-conversation-id="${C.janeEmail}"]`);
    const reasons = await email.locator('.reasons li').allInnerTexts();
    expect(reasons).toContain('Linked to another contact of this customer');
    expect(reasons.some((reason) => reason.includes('j•••@example.com'))).toBe(true);
    expect(await email.locator('.title').innerText()).toMatch(/^Email · /);
    expect(await desktop.widget.locator('section.current').innerText()).toContain('•••• 0142');
    // The iframe came back from the login host with its context and no code in its URL.
    const url = new URL((await desktop.widgetFrame()).url());
    expect([url.origin, url.searchParams.get('gcConversationId'), url.searchParams.has('code')]).toEqual([server.widgetOrigin, C.janeActiveCall, false]);
    await expect.poll(() => desktop.log.innerText(), { timeout: 10_000 }).toContain('← bootstrapped');
    expect(desktop.cspViolations).toEqual([]);
  });

  it('when a call from a household landline linked to nobody is added, then the preview says in plain words why the merge cannot go ahead', async () => {
    const search = await searchFor(desktop, '(503) 555-0123');
    await search.locator(`li[data-conversation-id="${C.landlineCallUnlinked}"]`).getByRole('button', { name: /^Add Voice/ }).click();
    await desktop.widget.getByRole('button', { name: /^Preview merge \(4 interactions\)/ }).click();
    const preview = desktop.widget.locator('im-merge-preview');
    const errors = preview.locator('.notice.error');
    await errors.waitFor();
    expect(await errors.innerText()).toMatch(/This merge cannot go ahead:\s+Voice · .+: Nothing links it to this customer/);
    expect(await desktop.widget.getByRole('button', { name: 'Merge…' }).isDisabled()).toBe(true);
  });

  it('when Alex unticks one, adds the call the look-back missed, previews and merges, then the host shows the toast and links and the CRM one verified webhook', async () => {
    await candidateCheckbox(desktop, C.janeWebMessage).uncheck();
    const search = await searchFor(desktop, '(617) 555-0142');
    const found = search.locator(`li[data-conversation-id="${C.janeCall}"]`);
    expect(await found.innerText()).toMatch(/^Voice · [^\n]+\n•••• 0142/);
    await found.getByRole('button', { name: /^Add Voice/ }).click();
    await expect.poll(() => candidateCheckbox(desktop, C.janeCall).isChecked(), { timeout: 10_000 }).toBe(true);

    await desktop.widget.getByRole('button', { name: /^Preview merge \(3 interactions\)/ }).click();
    const preview = desktop.widget.locator('im-merge-preview');
    await preview.locator('dl.fields').waitFor();
    expect(await preview.locator('.notice.error').count()).toBe(0);
    expect(await preview.locator('ul.contacts li').allInnerTexts()).toEqual(['Jane Doe', 'Unnamed temporary contact']);
    const fields = await preview.locator('dl.fields').innerText();
    expect(fields).toMatch(/First name\s+Jane/);
    expect(fields).toContain('jane.doe@example.com');
    expect(fields).toContain('+1 617-555-0142');
    const lanes = preview.locator('im-timeline svg.lane');
    expect(new Set(await lanes.evaluateAll((svgs) => svgs.map((svg) => svg.getAttribute('data-channel'))))).toEqual(new Set(['voice', 'email']));
    expect(await preview.locator('im-timeline rect.event').count()).toBeGreaterThanOrEqual(3);

    await desktop.widget.getByRole('button', { name: 'Merge…' }).click();
    const dialog = desktop.widget.getByRole('dialog');
    expect(await dialog.innerText()).toContain('A merge cannot be undone.');
    expect(await focusedInWidget(await desktop.widgetFrame())).toEqual({ tag: 'button', text: 'Cancel' });
    // Each Genesys call now takes a while, so the steps can be watched going by.
    await setEmulatorFaults(server.emulatorUrl, { latencyMs: 150 });
    await dialog.getByRole('button', { name: 'Merge permanently' }).click();
    const status = desktop.widget.locator('im-merge-progress .status');
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toMatch(/^Step [2-6] of 6: /);
    expect(await desktop.widget.locator('im-merge-progress li.done').count()).toBeGreaterThan(0);
    await desktop.widget.getByRole('heading', { name: 'Merged' }).waitFor({ timeout: 30_000 });

    const toast = desktop.toasts.filter({ hasText: 'Interactions merged' });
    await expect.poll(() => toast.count(), { timeout: 10_000 }).toBe(1);
    expect(await toast.innerText()).toContain('3 interactions are now one customer session.');
    expect(await toast.getAttribute('class')).toContain('success');

    await desktop.widget.getByRole('button', { name: 'Open the interaction details' }).click();
    await desktop.widget.getByRole('button', { name: 'Open the merged contact' }).click();
    await expect.poll(() => desktop.log.innerText(), { timeout: 10_000 }).toContain('← showExternalContactProfile');
    const log = await desktop.log.innerText();
    expect(log).toContain(`← showInteractionDetails {"conversationId":"${C.janeActiveCall}"}`);
    const contactId = /showExternalContactProfile \{"contactId":"([^"]+)"\}/.exec(log)?.[1];
    expect(contactId).toBeDefined();
    expect([DEMO_IDS.contacts.jane, DEMO_IDS.contacts.janeCallEphemeral]).not.toContain(contactId);

    // Back to the list: the merged interactions are shown as such, no longer offered.
    await desktop.widget.getByRole('button', { name: 'Done' }).click();
    const banner = desktop.widget.locator('.merged-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/^Already part of a merged session: merged on .+ by Alex Agent\.$/);
    const mergedEmail = desktop.widget.locator(`im-candidate-list .merged-list > li[data-conversation-id="${C.janeEmail}"]`);
    await mergedEmail.waitFor();
    expect(await mergedEmail.innerText()).toMatch(/Already merged on .+ by Alex Agent/);
    expect((await listedCandidates(desktop)).map((c) => c.conversationId)).not.toContain(C.janeEmail);

    const crm = await desktop.context.newPage();
    await crm.goto(`${server.hostOrigin}/crm`);
    const deliveries = crm.locator('im-crm-deliveries li.delivery');
    await expect.poll(() => deliveries.count(), { timeout: 15_000 }).toBe(1);
    expect(await deliveries.getAttribute('data-verified')).toBe('true');
    expect(await deliveries.locator('.badge').innerText()).toBe('✓ Signature verified');
    await deliveries.locator('summary').click();
    const payload = JSON.parse(await deliveries.locator('pre').innerText()) as {
      id: string; type: string; data: { contactId: string; conversationIds: string[]; mergedFromContactIds: string[] };
    };
    expect(payload.type).toBe('interaction.merged');
    expect(await deliveries.getAttribute('data-webhook-id')).toBe(payload.id);
    expect(payload.data.contactId).toBe(contactId);
    expect(new Set(payload.data.conversationIds)).toEqual(new Set([C.janeActiveCall, C.janeEmail, C.janeCall]));
    expect(new Set(payload.data.mergedFromContactIds)).toEqual(new Set([DEMO_IDS.contacts.jane, DEMO_IDS.contacts.janeCallEphemeral]));
    expect(await crm.locator('im-crm-deliveries .summary').innerText()).toBe('1 webhook received, 1 with a verified signature.');
    expect(desktop.cspViolations).toEqual([]);
  });
});
