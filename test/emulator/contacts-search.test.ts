import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, type Dataset } from '../../emulator/src/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { sdkError, sdkFor, type SdkApis } from '../support/sdk.js';

const K = DEMO_IDS.contacts;

describe('external contact keyword search, GET /api/v2/externalcontacts/contacts?q= (reference §3.2)', () => {
  let emu: TestEmulator;
  let backend: SdkApis;
  const search = (q: string, opts: Record<string, unknown> = {}) => backend.externalContacts.getExternalcontactsContacts({ q, ...opts });
  const ids = async (q: string) => (await search(q, { pageSize: 100 })).entities?.map((c) => c.id).sort();

  beforeAll(async () => {
    emu = await startTestEmulator({ manualClock: true });
    backend = sdkFor(emu.url, await emu.clientToken());
  });
  afterAll(() => emu.close());

  it('when the national digits of a number stored only as the agent typed it are searched, then its contact is found (the identifier lookup cannot)', async () => {
    expect(await ids('6175550142')).toEqual([K.jane, K.janeCallEphemeral].sort());
    expect(await ids('(617) 555-0142')).toEqual([K.jane, K.janeCallEphemeral].sort());
    expect(await ids('+1 503 555 0123')).toEqual([K.linda, K.tom].sort());
  });

  it('when the beginning of an email address is searched in any letter case, then the contacts with that address are found', async () => {
    expect(await ids('JANE.DOE')).toEqual([K.jane]);
    expect(await ids('jane.doe@example.com')).toEqual([K.jane]);
    expect(await ids('doe@example.com')).toEqual([]);
  });

  it('when several keywords are given, then a contact must match each of them (a name word and a phone)', async () => {
    expect(await ids('baker')).toEqual([K.linda, K.tom].sort());
    expect(await ids('linda 5035550123')).toEqual([K.linda]);
    expect(await ids('linda nobody')).toEqual([]);
  });

  it('when a merged-away contact matches, then its canonical contact is returned once', async () => {
    expect(await ids('priya')).toEqual([K.priya]);
  });

  it('when asked with expand=identifiers, then the listing carries identifiers and the paging fields', async () => {
    const listing = await search('jane', { expand: ['identifiers'], pageSize: 1 });
    expect(listing).toMatchObject({ pageSize: 1, pageNumber: 1, total: 1, pageCount: 1 });
    expect(listing.entities?.[0]?.identifiers?.map((i) => i.type)).toEqual(['Email', 'Cookie']);
    const unexpanded = await search('jane');
    expect(unexpanded.entities?.[0]?.identifiers).toBeUndefined();
    expect(unexpanded.pageSize).toBe(20);
  });

  it('when more results exist than one page holds, then pages follow newest modification first with nextUri', async () => {
    const first = await search('', { pageSize: 2, pageNumber: 1 });
    const second = await search('', { pageSize: 2, pageNumber: 2 });
    expect(first.total).toBeGreaterThan(4);
    expect(first.nextUri).toContain('pageNumber=2');
    const dates = [...first.entities!, ...second.entities!].map((c) => Date.parse(c.modifyDate!));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(new Set([...first.entities!, ...second.entities!].map((c) => c.id)).size).toBe(4);
  });

  it('when pageNumber × pageSize passes 1,000 or pageSize passes 100, then 400 names the field', async () => {
    expect(await sdkError(search('jane', { pageSize: 100, pageNumber: 11 }))).toMatchObject({ status: 400 });
    const tooFar = await sdkError<{ message: string }>(search('jane', { pageSize: 100, pageNumber: 11 }));
    expect(tooFar.message).toContain('pageNumber');
    const tooBig = await sdkError<{ status: number; message: string }>(search('jane', { pageSize: 101 }));
    expect(tooBig.status).toBe(400);
    expect(tooBig.message).toContain('pageSize');
  });

  it('§3.7 when the caller lacks externalContacts:contact:view, then 403 names it', async () => {
    const error = await sdkError<{ status: number; message: string }>(sdkFor(emu.url, emu.userToken('viewAgent')).externalContacts.getExternalcontactsContacts({ q: 'jane' }));
    expect(error.status).toBe(403);
    expect(error.message).toContain('externalContacts:contact:view');
  });

  it('§7 divisions: when a client limited to the home division searches, then contacts of other divisions are left out', async () => {
    const dataset = structuredClone(emu.dataset) as Dataset;
    dataset.oauthClients.find((c) => c.id === DEMO_IDS.clients.backend.id)!.divisionIds = [DEMO_IDS.divisions.home];
    const limited = await startTestEmulator({ dataset });
    try {
      const api = sdkFor(limited.url, await limited.clientToken());
      expect((await api.externalContacts.getExternalcontactsContacts({ q: 'emma' })).entities).toEqual([]);
      expect((await backend.externalContacts.getExternalcontactsContacts({ q: 'emma' })).entities?.map((c) => c.id)).toEqual([K.emma]);
    } finally {
      await limited.close();
    }
  });
});
