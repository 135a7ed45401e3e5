import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, type Dataset } from '../../emulator/src/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { sdkError, sdkFor, type SdkApis } from '../support/sdk.js';

const K = DEMO_IDS.contacts;

describe('external contact reads (reference §3.1, §3.2)', () => {
  let emu: TestEmulator;
  let backend: SdkApis;
  beforeAll(async () => {
    emu = await startTestEmulator({ manualClock: true });
    backend = sdkFor(emu.url, await emu.clientToken());
  });
  afterAll(() => emu.close());

  it('§3.2 GET with expand=identifiers,division: when asked, then identifiers and the division name are included', async () => {
    const jane = await backend.externalContacts.getExternalcontactsContact(K.jane, { expand: ['identifiers', 'division'] });
    expect(jane).toMatchObject({ id: K.jane, type: 'Identified', firstName: 'Jane', division: { id: DEMO_IDS.divisions.home, name: 'Home' } });
    expect(jane.cellPhone).toEqual({ display: '(617) 555-0142', userInput: '(617) 555-0142' });
    expect(jane.identifiers?.map((i) => i.type)).toEqual(['Email', 'Cookie']);
  });

  it('§3.2 GET without expand: when asked, then identifiers are left out and the division carries no name', async () => {
    const jane = await backend.externalContacts.getExternalcontactsContact(K.jane);
    expect(jane.identifiers).toBeUndefined();
    expect(jane.division?.name).toBeUndefined();
  });

  it('§3.2 merged-away contact: when GET names it, then the canonical contact comes back; /unresolved returns the stored record', async () => {
    const resolved = await backend.externalContacts.getExternalcontactsContact(K.priyaEmail);
    expect(resolved.id).toBe(K.priya);
    expect(resolved.mergedFrom?.map((r) => r.id)).toEqual([K.priyaEmail, K.priyaSms]);
    const stored = await backend.externalContacts.getExternalcontactsContactUnresolved(K.priyaEmail);
    expect(stored).toMatchObject({ id: K.priyaEmail, mergedTo: { id: K.priya }, canonicalContact: { id: K.priya } });
    expect(stored.mergeSet?.map((r) => r.id)).toEqual([K.priyaEmail, K.priyaSms, K.priya]);
  });

  it('§3.2 merged-away contact: when mergedContactGet is "original", then GET returns the stored record too', async () => {
    const other = await startTestEmulator({ dataset: emu.dataset, behaviour: { mergedContactGet: 'original' } });
    try {
      const api = sdkFor(other.url, await other.clientToken());
      expect((await api.externalContacts.getExternalcontactsContact(K.priyaEmail)).id).toBe(K.priyaEmail);
    } finally {
      await other.close();
    }
  });

  it('§3.1 when an unknown (or expired ephemeral) contact is read, then 404 not.found', async () => {
    expect(await sdkError(backend.externalContacts.getExternalcontactsContact('expired-ephemeral'))).toMatchObject({ status: 404, code: 'not.found' });
  });

  it('§3.2 identifier lookup: when a phone is given in international form with spaces, then the most recently modified holder is returned', async () => {
    const found = await backend.externalContacts.postExternalcontactsIdentifierlookupContacts({ type: 'Phone', value: '+1 305 555 0187' });
    expect(found.id).toBe(K.carlosCall);
  });

  it('§3.2 identifier lookup: when the holder was merged away, then the canonical contact is returned', async () => {
    const found = await backend.externalContacts.postExternalcontactsIdentifierlookupContacts({ type: 'Phone', value: '+12125550199' });
    expect(found.id).toBe(K.priya);
  });

  it('§3.2 identifier lookup: when an email differs only in letter case, then it still finds the contact', async () => {
    const found = await backend.externalContacts.postExternalcontactsIdentifierlookupContacts({ type: 'Email', value: 'JANE.DOE@example.com' }, { expand: ['identifiers'] });
    expect(found.id).toBe(K.jane);
    expect(found.identifiers).toBeDefined();
  });

  it('§3.2 identifier lookup: when the number is only stored in national format (no e164), then the agent-typed contact is not found by it', async () => {
    const found = await backend.externalContacts.postExternalcontactsIdentifierlookupContacts({ type: 'Phone', value: '+16175550142' });
    expect(found.id).toBe(K.janeCallEphemeral);
  });

  it('§3.2 identifier lookup: when nothing matches, then 404; with identifierLookupMiss=noContent, then 204', async () => {
    expect(await sdkError(backend.externalContacts.postExternalcontactsIdentifierlookupContacts({ type: 'Email', value: 'nobody@example.com' }))).toMatchObject({ status: 404, code: 'not.found' });
    const other = await startTestEmulator({ dataset: emu.dataset, behaviour: { identifierLookupMiss: 'noContent' } });
    try {
      const response = await fetch(`${other.url}/api/v2/externalcontacts/identifierlookup/contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await other.clientToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'Email', value: 'nobody@example.com' }),
      });
      expect(response.status).toBe(204);
    } finally {
      await other.close();
    }
  });

  it('§3.2 identifier lookup: when a phone lacks the leading + or the type is unknown, then 400 names the field', async () => {
    const national = await sdkError<{ status: number; message: string }>(backend.externalContacts.postExternalcontactsIdentifierlookupContacts({ type: 'Phone', value: '(305) 555-0187' }));
    expect(national.status).toBe(400);
    expect(national.message).toContain('value');
    const badType = await sdkError<{ status: number; message: string }>(backend.externalContacts.postExternalcontactsIdentifierlookupContacts({ type: 'Fax' as 'Phone', value: '+13055550187' }));
    expect(badType.status).toBe(400);
    expect(badType.message).toContain('type');
  });

  it('§3.7 when the caller lacks externalContacts:contact:view, then 403 names it', async () => {
    const error = await sdkError<{ status: number; message: string }>(sdkFor(emu.url, emu.userToken('viewAgent')).externalContacts.getExternalcontactsContact(K.jane));
    expect(error.status).toBe(403);
    expect(error.message).toContain('externalContacts:contact:view');
  });

  it('§7 divisions: when a client limited to the home division reads an EMEA contact, then 403 (404 with outOfDivisionStatus=404), and lookups skip it', async () => {
    const dataset = structuredClone(emu.dataset) as Dataset;
    dataset.oauthClients.find((c) => c.id === DEMO_IDS.clients.backend.id)!.divisionIds = [DEMO_IDS.divisions.home];
    for (const status of [403, 404] as const) {
      const limited = await startTestEmulator({ dataset, behaviour: { outOfDivisionStatus: status } });
      try {
        const api = sdkFor(limited.url, await limited.clientToken());
        expect(await sdkError(api.externalContacts.getExternalcontactsContact(K.emma))).toMatchObject({ status });
        expect(await sdkError(api.externalContacts.postExternalcontactsIdentifierlookupContacts({ type: 'Phone', value: '+447700900123' }))).toMatchObject({ status: 404 });
        await expect(api.externalContacts.getExternalcontactsContact(K.jane)).resolves.toMatchObject({ id: K.jane });
      } finally {
        await limited.close();
      }
    }
  });
});
