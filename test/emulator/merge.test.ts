import platformClient from 'purecloud-platform-client-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, type Dataset, type ExternalContact } from '../../emulator/src/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { sdkError, sdkFor, type SdkApis } from '../support/sdk.js';

const K = DEMO_IDS.contacts;
type Contact = platformClient.Models.ExternalContact;

describe('contact merge (reference §3.3, §3.4)', () => {
  let emu: TestEmulator;
  let api: SdkApis;
  beforeAll(async () => {
    emu = await startTestEmulator({ manualClock: true });
    api = sdkFor(emu.url, emu.userToken('mergeAgent'));
  });
  afterEach(() => emu.emulator.reset());
  afterAll(() => emu.close());

  const merge = (contactIds: string[], valueOverride?: Contact) =>
    api.externalContacts.postExternalcontactsContactsMerge({ contactIds, ...(valueOverride ? { valueOverride } : {}) });
  const unresolved = (id: string) => api.externalContacts.getExternalcontactsContactUnresolved(id);

  it('§3.3 when two contacts merge, then a new contact is created with mergedFrom, and it is its own canonical contact', async () => {
    const merged = await merge([K.jane, K.janeCallEphemeral]);
    expect([K.jane, K.janeCallEphemeral]).not.toContain(merged.id);
    expect(merged.mergedFrom?.map((r) => r.id)).toEqual([K.janeCallEphemeral, K.jane]);
    expect(merged.canonicalContact?.id).toBe(merged.id);
    expect(merged.mergeSet?.map((r) => r.id).sort()).toEqual([K.jane, K.janeCallEphemeral, merged.id].sort());
    expect(merged.createDate).toBe(emu.dataset.referenceTime);
    expect(merged.type).toBe('Identified');
  });

  it('§3.3 when two contacts merge, then every input gets mergedTo, canonicalContact and the mergeSet, and GET resolves to the new contact', async () => {
    const merged = await merge([K.jane, K.janeCallEphemeral]);
    for (const id of [K.jane, K.janeCallEphemeral]) {
      const input = await unresolved(id);
      expect(input.mergedTo?.id).toBe(merged.id);
      expect(input.canonicalContact?.id).toBe(merged.id);
      expect(input.mergeSet?.map((r) => r.id).sort()).toEqual([K.jane, K.janeCallEphemeral, merged.id].sort());
      expect((await api.externalContacts.getExternalcontactsContact(id)).id).toBe(merged.id);
    }
  });

  it('§3.3 field rules: when fields conflict, then the most recently modified contact wins and the other phone moves to a free phone field', async () => {
    // The ephemeral call contact (modified now) is more recent than Jane's identified contact (25 days ago).
    const merged = await merge([K.jane, K.janeCallEphemeral]);
    expect(merged.cellPhone).toEqual({ e164: '+16175550142', display: '+1 617-555-0142' });
    expect(merged.workPhone).toEqual({ display: '(617) 555-0142', userInput: '(617) 555-0142' });
    expect(merged).toMatchObject({ firstName: 'Jane', lastName: 'Doe', personalEmail: 'jane.doe@example.com', address: { city: 'Boston' } });
    const withIdentifiers = await api.externalContacts.getExternalcontactsContact(merged.id!, { expand: ['identifiers'] });
    expect(withIdentifiers.identifiers?.map((i) => i.value).sort()).toEqual(['jane.doe@example.com', 'wm-cookie-5d1e0a7b']);
  });

  it('§3.3 field rules: when emails conflict, then the older one moves to a free email field; equal phones are kept once', async () => {
    const tomAndMo = await merge([K.tom, K.mohammed]);
    expect(tomAndMo).toMatchObject({ firstName: 'Mohammed', personalEmail: 'm.alsayed@example.com', workEmail: 'tom.baker@example.net' });
    emu.emulator.reset();
    const household = await merge([K.tom, K.linda]);
    expect(household.homePhone?.e164).toBe('+15035550123');
    expect(household.cellPhone?.e164).toBe('+15035550177');
    expect(household.workPhone).toBeUndefined();
    expect(household.otherPhone).toBeUndefined();
  });

  it('§3.3 valueOverride: when given, then its non-null fields win and its null fields replace nothing', async () => {
    const merged = await merge([K.jane, K.janeCallEphemeral], { firstName: 'Janet', lastName: null as unknown as string, cellPhone: { e164: '+16175550199' } });
    expect(merged).toMatchObject({ firstName: 'Janet', lastName: 'Doe', cellPhone: { e164: '+16175550199' } });
    expect(merged.workPhone?.e164).toBe('+16175550142');
    expect(merged.homePhone).toEqual({ display: '(617) 555-0142', userInput: '(617) 555-0142' });
  });

  it('§3.3 when a merge includes the canonical contact of an earlier merge, then every member of the old set joins the new set', async () => {
    const merged = await merge([K.priya, K.carlosSms]);
    const expected = [K.priyaEmail, K.priyaSms, K.priya, K.carlosSms, merged.id!].sort();
    expect(merged.mergeSet?.map((r) => r.id).sort()).toEqual(expected);
    const old = await unresolved(K.priyaEmail);
    expect(old.mergedTo?.id).toBe(K.priya);
    expect(old.canonicalContact?.id).toBe(merged.id);
    expect((await unresolved(K.priya)).mergedTo?.id).toBe(merged.id);
  });

  it('§3.3 limits: when fewer than 2 or more than 25 ids, or a duplicate id, are sent, then 400 bad.request names contactIds', async () => {
    for (const ids of [[K.jane], Array.from({ length: 26 }, (_, i) => `c-${i}`), [K.jane, K.tom, K.jane]]) {
      const error = await sdkError<{ status: number; code: string; message: string }>(merge(ids));
      expect(error).toMatchObject({ status: 400, code: 'bad.request' });
      expect(error.message).toContain('contactIds');
    }
  });

  it('§3.3 when an id is unknown, then 404 names it; when an input was already merged away, then 409 conflict', async () => {
    expect(await sdkError(merge([K.jane, 'no-such-contact']))).toMatchObject({ status: 404, code: 'not.found', entityId: 'no-such-contact' });
    expect(await sdkError(merge([K.priyaEmail, K.tom]))).toMatchObject({ status: 409, code: 'conflict', entityId: K.priyaEmail });
  });

  it('§3.3 merge-set limit: when the resulting merge set would exceed 52 contacts, then 400; up to 52 it succeeds', async () => {
    const dataset = structuredClone(emu.dataset) as Dataset;
    const extra: ExternalContact[] = Array.from({ length: 60 }, (_, i) => ({
      id: `bulk-contact-${i}`, type: 'Ephemeral', division: { id: DEMO_IDS.divisions.home },
      createDate: '2026-11-01T00:00:00.000Z', modifyDate: '2026-11-01T00:00:00.000Z',
    }));
    dataset.externalContacts.push(...extra);
    const big = await startTestEmulator({ dataset, manualClock: true });
    try {
      const bigApi = sdkFor(big.url, big.userToken('mergeAgent')).externalContacts;
      const first = await bigApi.postExternalcontactsContactsMerge({ contactIds: extra.slice(0, 25).map((c) => c.id) });
      expect(first.mergeSet).toHaveLength(26);
      const second = await bigApi.postExternalcontactsContactsMerge({ contactIds: [first.id!, ...extra.slice(25, 48).map((c) => c.id)] });
      expect(second.mergeSet).toHaveLength(50);
      const third = await bigApi.postExternalcontactsContactsMerge({ contactIds: [second.id!, extra[48]!.id] });
      expect(third.mergeSet).toHaveLength(52);
      const over = await sdkError<{ status: number; message: string }>(bigApi.postExternalcontactsContactsMerge({ contactIds: [third.id!, extra[49]!.id] }));
      expect(over.status).toBe(400);
      expect(over.message).toContain('limit of 52');
    } finally {
      await big.close();
    }
  });

  it('§5.3 concurrency: when a second merge touches a contact of a merge still in flight, then it answers 409 and the first completes', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    const slow = await startTestEmulator({ manualClock: true, sleep: () => (entered(), gate) });
    try {
      slow.emulator.setFaults({ latencyMs: 100 });
      const slowApi = sdkFor(slow.url, slow.userToken('mergeAgent')).externalContacts;
      const first = slowApi.postExternalcontactsContactsMerge({ contactIds: [K.tom, K.linda] });
      await inFlight;
      const second = await sdkError(slowApi.postExternalcontactsContactsMerge({ contactIds: [K.linda, K.carlosSms] }));
      expect(second).toMatchObject({ status: 409, code: 'conflict', entityId: K.linda });
      release();
      expect((await first).mergedFrom).toHaveLength(2);
    } finally {
      await slow.close();
    }
  });

  it('§5.3 faults: when mergeConflicts is 1, then the next merge answers 409 and the one after succeeds', async () => {
    emu.emulator.setFaults({ mergeConflicts: 1 });
    expect(await sdkError(merge([K.tom, K.linda]))).toMatchObject({ status: 409, code: 'conflict' });
    expect((await merge([K.tom, K.linda])).id).toBeTruthy();
  });

  it('§7 when the caller lacks externalContacts:identity:merge, then 403 names it', async () => {
    const error = await sdkError<{ status: number; message: string }>(sdkFor(emu.url, emu.userToken('viewAgent')).externalContacts.postExternalcontactsContactsMerge({ contactIds: [K.tom, K.linda] }));
    expect(error.status).toBe(403);
    expect(error.message).toContain('externalContacts:identity:merge');
  });

  it('§3.3 when mergeSuccessStatus is 201, then the merge answers 201 with the contact', async () => {
    const other = await startTestEmulator({ dataset: emu.dataset, behaviour: { mergeSuccessStatus: 201 } });
    try {
      const response = await fetch(`${other.url}/api/v2/externalcontacts/contacts/merge`, {
        method: 'POST',
        headers: { authorization: `Bearer ${other.userToken('mergeAgent')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ contactIds: [K.tom, K.linda] }),
      });
      expect(response.status).toBe(201);
      expect(((await response.json()) as Contact).mergedFrom).toHaveLength(2);
    } finally {
      await other.close();
    }
  });

  it('test controls: when the emulator is reset after a merge, then the inputs are unmerged and the new contact is gone', async () => {
    const merged = await merge([K.tom, K.linda]);
    await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' });
    expect((await unresolved(K.tom)).mergedTo).toBeUndefined();
    expect(await sdkError(api.externalContacts.getExternalcontactsContact(merged.id!))).toMatchObject({ status: 404 });
  });

  it('§3.4 deprecated merge/contacts: when an ephemeral source merges into an identified target, then a new contact holds the target\'s values', async () => {
    const merged = await api.externalContacts.postExternalcontactsMergeContacts({ sourceContactId: K.carlosSms, targetContactId: K.linda });
    expect(merged.mergedFrom?.map((r) => r.id)).toEqual([K.linda, K.carlosSms]);
    expect(merged).toMatchObject({ firstName: 'Linda', cellPhone: { e164: '+15035550177' }, workPhone: { e164: '+13055550187' } });
    expect((await unresolved(K.carlosSms)).mergedTo?.id).toBe(merged.id);
  });

  it('§3.4 deprecated merge/contacts: when both are curated, or both ephemeral, then 400', async () => {
    expect(await sdkError(api.externalContacts.postExternalcontactsMergeContacts({ sourceContactId: K.carlosSms, targetContactId: K.carlosCall })))
      .toMatchObject({ status: 400 });
    const dataset = structuredClone(emu.dataset) as Dataset;
    for (const contact of dataset.externalContacts) if (contact.id === K.tom || contact.id === K.linda) contact.type = 'Curated';
    const curated = await startTestEmulator({ dataset });
    try {
      const error = await sdkError<{ status: number; message: string }>(
        sdkFor(curated.url, curated.userToken('mergeAgent')).externalContacts.postExternalcontactsMergeContacts({ sourceContactId: K.tom, targetContactId: K.linda }),
      );
      expect(error.status).toBe(400);
      expect(error.message).toContain('curated');
    } finally {
      await curated.close();
    }
  });
});
