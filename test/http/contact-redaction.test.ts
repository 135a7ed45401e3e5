/**
 * An agent whose role may not view external contacts (Val Viewer) previews a merge: the plan is
 * the same plan (same hash), but the contacts' names and values are masked, as Genesys would not
 * show her those records. Alex, who may view contacts, sees them whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { maskFieldValue } from '../../server/src/app/contact-redaction.js';
import type { ContextResponse, MergePlan } from '../../server/src/http/index.js';
import { loadDemoDataset, startTestEmulator } from '../support/emulator.js';
import { startTestServer, type TestServer } from '../support/server.js';

const C = DEMO_IDS.conversations;
let server: TestServer;
/** Every name, phone and email of the demo org's contacts, as the dataset holds them. */
let customerTexts: string[];

beforeAll(async () => {
  const dataset = await loadDemoDataset();
  customerTexts = dataset.externalContacts.flatMap((contact) => {
    const record = contact as unknown as Record<string, unknown>;
    const texts = [record['firstName'], record['lastName'], record['personalEmail'], record['workEmail'], record['otherEmail']];
    for (const phone of ['cellPhone', 'workPhone', 'homePhone', 'otherPhone']) texts.push((record[phone] as { display?: string } | undefined)?.display);
    return texts.filter((text): text is string => typeof text === 'string' && text.length > 2);
  });
  server = await startTestServer({ emulator: await startTestEmulator({ dataset }), webhook: null });
});

afterAll(async () => {
  await server.close();
  await server.emulator.close();
});

async function previewAs(user: 'mergeAgent' | 'viewAgent'): Promise<{ plan: MergePlan; text: string }> {
  const response = await server.request('/api/v1/merges/preview', { token: server.token(user), body: { conversationIds: [C.janeEmail, C.lindaLandlineCall] } });
  expect(response.status).toBe(200);
  const text = await response.text();
  return { plan: JSON.parse(text) as MergePlan, text };
}

describe('contact values for an agent whose role may not view external contacts', () => {
  it('when Val previews, then names, phones and emails are masked, and the plan (its hash, conversations, decisions) is the one Alex sees', async () => {
    const alex = await previewAs('mergeAgent');
    const val = await previewAs('viewAgent');
    expect(val.plan.planHash).toBe(alex.plan.planHash);
    expect(val.plan.conversationIds).toEqual(alex.plan.conversationIds);
    expect(val.plan.fieldDecisions.map((d) => [d.field, d.rule])).toEqual(alex.plan.fieldDecisions.map((d) => [d.field, d.rule]));
    expect(alex.plan.contacts.map((c) => c.displayName)).toContain('Jane Doe');
    expect(val.plan.contacts.map((c) => c.displayName)).toContain('J. D.');
    const shownToAlex = customerTexts.filter((text) => alex.text.includes(text));
    expect(shownToAlex.length).toBeGreaterThan(2);
    expect(customerTexts.filter((text) => val.text.includes(text))).toEqual([]);
  });

  it('when Val opens the context of her email, then the customer is named by initials only', async () => {
    const context = async (user: 'mergeAgent' | 'viewAgent') =>
      ((await (await server.request(`/api/v1/context?conversationId=${C.janeEmail}`, { token: server.token(user) })).json()) as ContextResponse).customer;
    expect((await context('mergeAgent')).displayName).toBe('Jane Doe');
    expect(await context('viewAgent')).toMatchObject({ displayName: 'J. D.', contactId: (await context('mergeAgent')).contactId });
  });

  it('when a field value is a phone object, an address or a list, then every text in it is masked by the field kind, numbers stay', () => {
    expect(maskFieldValue('cellPhone', { display: '(617) 555-0142', e164: '+16175550142' })).toEqual({ display: '•••• 0142', e164: '•••• 0142' });
    expect(maskFieldValue('personalEmail', 'jane.doe@example.com')).toBe('j•••@example.com');
    expect(maskFieldValue('address', { address1: '12 Beacon St', city: 'Boston', countryCode: 'US' })).toEqual({ address1: '••••', city: '••••', countryCode: '••••' });
    expect(maskFieldValue('identifiers', [{ type: 'Email', value: 'a@b.c' }, { rank: 2 }])).toEqual([{ type: '••••', value: '••••' }, { rank: 2 }]);
  });
});
