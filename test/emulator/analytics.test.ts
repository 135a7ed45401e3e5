import platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, type Dataset } from '../../emulator/src/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { sdkError, sdkFor, type SdkApis } from '../support/sdk.js';

const C = DEMO_IDS.conversations;
/** 30 days before the demo's referenceTime (2026-11-20T15:00Z). */
const LAST30 = '2026-10-21T15:00:00.000Z/2026-11-20T15:00:00.000Z';
type Query = platformClient.Models.ConversationQuery;

describe('analytics conversation details (reference §2.2)', () => {
  let emu: TestEmulator;
  let backend: SdkApis;
  beforeAll(async () => {
    emu = await startTestEmulator({ manualClock: true });
    backend = sdkFor(emu.url, await emu.clientToken());
  });
  afterAll(() => emu.close());

  const ids = async (query: Query, api: SdkApis = backend) =>
    ((await api.analytics.postAnalyticsConversationsDetailsQuery(query)).conversations ?? []).map((c) => c.conversationId);
  const segment = (predicates: Array<Record<string, string>>, type: 'and' | 'or' = 'and') =>
    [{ type, predicates }] as unknown as Query['segmentFilters'];

  it('§2.2 single: when a conversation is read, then the analytics record comes back as stored (times rebased to the same instants)', async () => {
    const record = await backend.analytics.getAnalyticsConversationDetails(C.tomLandlineCall);
    expect(record).toEqual(emu.dataset.conversations.find((c) => c.conversationId === C.tomLandlineCall));
  });

  it('§2.2 batch: when ids are comma-joined (the SDK) or repeated, then both return the known ones; purged and unknown ids are left out', async () => {
    const viaSdk = await backend.analytics.getAnalyticsConversationsDetails({ id: [C.janeCall, C.mohammedPurgedCall, 'no-such-id', C.emmaCall] });
    expect(viaSdk.conversations?.map((c) => c.conversationId)).toEqual([C.janeCall, C.emmaCall]);
    const token = await emu.clientToken();
    const repeated = await fetch(`${emu.url}/api/v2/analytics/conversations/details?id=${C.janeCall}&id=${C.emmaCall}`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await repeated.json()) as { conversations: Array<{ conversationId: string }> }).conversations.map((c) => c.conversationId)).toEqual([C.janeCall, C.emmaCall]);
  });

  it('§2.2 batch: when more ids than the maximum are asked, then 400 names the limit', async () => {
    const error = await sdkError<{ status: number; message: string }>(
      backend.analytics.getAnalyticsConversationsDetails({ id: Array.from({ length: 101 }, (_, i) => `id-${i}`) }),
    );
    expect(error.status).toBe(400);
    expect(error.message).toContain('maximum of 100');
  });

  it('§2.2 batch: when batchUnknownIds is notFound, then an unknown id fails the call with 404', async () => {
    const strict = await startTestEmulator({ dataset: emu.dataset, behaviour: { batchUnknownIds: 'notFound' } });
    try {
      const api = sdkFor(strict.url, await strict.clientToken());
      expect(await sdkError(api.analytics.getAnalyticsConversationsDetails({ id: [C.janeCall, 'no-such-id'] }))).toMatchObject({ status: 404, code: 'not.found' });
    } finally {
      await strict.close();
    }
  });

  it('§4 purged: when a purged conversation is read singly, then 404; in a query covering its day it is absent', async () => {
    expect(await sdkError(backend.analytics.getAnalyticsConversationDetails(C.mohammedPurgedCall))).toMatchObject({ status: 404, code: 'not.found' });
    const found = await ids({ interval: '2026-09-30T00:00:00.000Z/2026-10-02T00:00:00.000Z', segmentFilters: segment([{ dimension: 'ani', value: 'tel:+17735550164' }]) });
    expect(found).toEqual([]);
  });

  it('§2.2 interval: when the interval touches a day, then conversations that started any time that day are included', async () => {
    const found = await ids({ interval: '2026-11-10T09:00:00.000Z/2026-11-10T09:05:00.000Z' });
    expect(found).toEqual([C.janeEmail]);
  });

  it('§2.2 segment filter ani: when matched exactly as stored (tel:+E164), then the shared landline\'s calls come back in order; other forms match nothing', async () => {
    const interval = '2026-10-10T00:00:00.000Z/2026-11-10T00:00:00.000Z';
    expect(await ids({ interval, segmentFilters: segment([{ dimension: 'ani', value: 'tel:+15035550123' }]) })).toEqual([C.tomLandlineCall, C.lindaLandlineCall]);
    expect(await ids({ interval, order: 'desc', segmentFilters: segment([{ dimension: 'ani', value: 'tel:+15035550123' }]) })).toEqual([C.lindaLandlineCall, C.tomLandlineCall]);
    expect(await ids({ interval, segmentFilters: segment([{ dimension: 'ani', value: '+15035550123' }]) })).toEqual([]);
    expect(await ids({ interval, segmentFilters: segment([{ dimension: 'ani', value: '(503) 555-0123' }]) })).toEqual([]);
  });

  it('§2.2 segment filter addressFrom: when the SMS and WhatsApp forms of one number are asked, then each matches only its channel', async () => {
    expect(await ids({ interval: LAST30, segmentFilters: segment([{ dimension: 'addressFrom', value: '+13055550187' }]) })).toEqual([C.carlosSms]);
    expect(await ids({ interval: LAST30, segmentFilters: segment([{ dimension: 'addressFrom', value: '13055550187' }]) })).toEqual([C.carlosWhatsApp, C.carlosWhatsAppRecent]);
    expect(await ids({ interval: LAST30, segmentFilters: segment([{ dimension: 'addressFrom', value: 'jane.doe@example.com' }]) })).toEqual([]);
  });

  it('§2.2 or-filter with an and-clause: when ani OR (message AND whatsapp AND addressFrom) is asked, then calls and WhatsApp messages come back', async () => {
    const query: Query = {
      interval: LAST30,
      segmentFilters: [{
        type: 'or',
        predicates: [{ dimension: 'ani', value: 'tel:+13055550187' }],
        clauses: [{ type: 'and', predicates: [
          { dimension: 'mediaType', value: 'message' }, { dimension: 'messageType', value: 'whatsapp' }, { dimension: 'addressFrom', value: '13055550187' },
        ] }],
      }] as Query['segmentFilters'],
    };
    expect(await ids(query)).toEqual([C.carlosWhatsApp, C.carlosCall, C.carlosWhatsAppRecent]);
  });

  it('§2.2 segment filter externalContactId: when a contact is asked, then every conversation linked to it comes back', async () => {
    expect(await ids({ interval: LAST30, segmentFilters: segment([{ dimension: 'externalContactId', value: DEMO_IDS.contacts.linda }]) }))
      .toEqual([C.lindaLandlineCall, C.lindaWhatsApp, C.lindaSms]);
  });

  it('§2.2 canonicalExternalContactId: when any id of Priya\'s merge set is asked, then the conversations of every member come back (resolves merges, UNCONFIRMED)', async () => {
    const interval = '2026-10-05T00:00:00.000Z/2026-11-04T00:00:00.000Z';
    for (const value of [DEMO_IDS.contacts.priya, DEMO_IDS.contacts.priyaEmail]) {
      expect(await ids({ interval, segmentFilters: segment([{ dimension: 'canonicalExternalContactId', value }]) })).toEqual([C.priyaEmail, C.priyaSms]);
    }
    expect(await ids({ interval, segmentFilters: segment([{ dimension: 'externalContactId', value: DEMO_IDS.contacts.priya }]) })).toEqual([]);
  });

  it('§2.2 canonicalExternalContactId: when the option is off, then it behaves like externalContactId', async () => {
    const plain = await startTestEmulator({ dataset: emu.dataset, manualClock: true, behaviour: { canonicalExternalContactIdResolvesMerges: false } });
    try {
      const api = sdkFor(plain.url, await plain.clientToken());
      const found = await ids({ interval: '2026-10-05T00:00:00.000Z/2026-11-04T00:00:00.000Z', segmentFilters: segment([{ dimension: 'canonicalExternalContactId', value: DEMO_IDS.contacts.priya }]) }, api);
      expect(found).toEqual([]);
    } finally {
      await plain.close();
    }
  });

  it('§2.2 purpose, messageType, exists/notExists: when combined in one and-filter, then one segment must satisfy them all', async () => {
    expect(await ids({ interval: LAST30, segmentFilters: segment([{ dimension: 'purpose', value: 'customer' }, { dimension: 'messageType', value: 'sms' }]) }))
      .toEqual([C.carlosSms, C.lindaSms]);
    const unlinked = segment([{ dimension: 'purpose', value: 'customer' }, { dimension: 'externalContactId', operator: 'notExists' } as unknown as Record<string, string>]);
    expect(await ids({ interval: LAST30, segmentFilters: unlinked })).toEqual([C.landlineCallUnlinked]);
    expect(await ids({ interval: LAST30, segmentFilters: segment([{ dimension: 'purpose', value: 'customer' }, { dimension: 'userId', value: DEMO_IDS.users.mergeAgent }]) })).toEqual([]);
  });

  it('§2.2 conversationFilters: when conversationId and divisionId are asked, then only that conversation in that division matches', async () => {
    const query = (divisionId: string): Query => ({
      interval: LAST30,
      conversationFilters: [{ type: 'and', predicates: [{ dimension: 'conversationId', value: C.emmaEmail }, { dimension: 'divisionId', value: divisionId }] }] as Query['conversationFilters'],
    });
    expect(await ids(query(DEMO_IDS.divisions.emea))).toEqual([C.emmaEmail]);
    expect(await ids(query(DEMO_IDS.divisions.home))).toEqual([]);
  });

  it('§2.2 empty result: when nothing matches, then the body is {totalHits: 0} without conversations (option emptyQueryOmitsConversations)', async () => {
    const response = await backend.analytics.postAnalyticsConversationsDetailsQuery({ interval: LAST30, segmentFilters: segment([{ dimension: 'ani', value: 'tel:+10000000000' }]) });
    expect(response).toEqual({ totalHits: 0 });
  });

  it('§2.2 errors: when the interval is missing, too long, or a dimension is unknown or misplaced, then 400 bad.request names the problem', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'interval'],
      [{ interval: '2026-09-01T00:00:00.000Z/2026-10-15T00:00:00.000Z' }, 'exceeds the maximum of 31 days'],
      [{ interval: 'last week' }, 'interval'],
      [{ interval: LAST30, segmentFilters: segment([{ dimension: 'shoeSize', value: '9' }]) }, 'segmentFilters[0].predicates[0].dimension'],
      [{ interval: LAST30, segmentFilters: segment([{ dimension: 'conversationId', value: C.janeCall }]) }, 'use conversationFilters'],
      [{ interval: LAST30, paging: { pageSize: 101 } }, 'paging.pageSize'],
      [{ interval: LAST30, orderBy: 'customerName' }, 'orderBy'],
      [{ interval: LAST30, segmentFilters: [{ predicates: [{ dimension: 'ani', value: 'x' }] }] }, 'segmentFilters[0].type'],
    ];
    for (const [body, fragment] of cases) {
      const error = await sdkError<{ status: number; code: string; message: string }>(backend.analytics.postAnalyticsConversationsDetailsQuery(body as Query));
      expect(error).toMatchObject({ status: 400, code: 'bad.request' });
      expect(error.message).toContain(fragment);
    }
  });

  it('§2.2 errors: when the body is not JSON, then 400 bad.request', async () => {
    const response = await fetch(`${emu.url}/api/v2/analytics/conversations/details/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await emu.clientToken()}`, 'content-type': 'application/json' },
      body: '{"interval": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'bad.request', status: 400 });
  });

  it('§2.2 paging: when more than a page matches, then the default page size is 25 and totalHits counts all', async () => {
    const dataset = structuredClone(emu.dataset) as Dataset;
    const template = dataset.conversations.find((c) => c.conversationId === C.tomLandlineCall)!;
    for (let i = 0; i < 60; i++) {
      const copy = structuredClone(template);
      copy.conversationId = `bulk-${String(i).padStart(3, '0')}`;
      copy.conversationStart = new Date(Date.parse(template.conversationStart) + i * 60_000).toISOString();
      dataset.conversations.push(copy);
    }
    const bulk = await startTestEmulator({ dataset, manualClock: true });
    try {
      const api = sdkFor(bulk.url, await bulk.clientToken());
      const query: Query = { interval: '2026-10-16T00:00:00.000Z/2026-10-17T00:00:00.000Z', segmentFilters: segment([{ dimension: 'ani', value: 'tel:+15035550123' }]) };
      const first = await api.analytics.postAnalyticsConversationsDetailsQuery(query);
      expect(first.totalHits).toBe(61);
      expect(first.conversations).toHaveLength(25);
      const third = await api.analytics.postAnalyticsConversationsDetailsQuery({ ...query, paging: { pageSize: 25, pageNumber: 3 } });
      expect(third.conversations).toHaveLength(11);
      const big = await api.analytics.postAnalyticsConversationsDetailsQuery({ ...query, paging: { pageSize: 100, pageNumber: 1 } });
      expect(big.conversations?.map((c) => c.conversationId)).toEqual([C.tomLandlineCall, ...Array.from({ length: 60 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`)]);
    } finally {
      await bulk.close();
    }
  });

  it('§7 agentConversationDetail: when Val (only agent detail, home division) queries, then she sees only conversations she handled', async () => {
    const val = sdkFor(emu.url, emu.userToken('viewAgent'));
    expect(await ids({ interval: LAST30 }, val)).toEqual([C.lindaLandlineCall, C.mohammedEmail, C.carlosCall, C.janeEmail]);
    expect(await sdkError(val.analytics.getAnalyticsConversationDetails(C.carlosSms))).toMatchObject({ status: 403 });
  });

  it('§7 divisions: when the backend (all divisions) queries, then EMEA conversations are included', async () => {
    const found = await ids({ interval: LAST30, segmentFilters: segment([{ dimension: 'addressFrom', value: '447700900123' }]) });
    expect(found).toEqual([C.emmaWhatsApp]);
  });

  it('§7 when a user has neither conversation-detail permission, then 403 lists both', async () => {
    const error = await sdkError<{ status: number; message: string }>(sdkFor(emu.url, emu.userToken('plainAgent')).analytics.postAnalyticsConversationsDetailsQuery({ interval: LAST30 }));
    expect(error.status).toBe(403);
    expect(error.message).toContain('analytics:conversationDetail:view');
    expect(error.message).toContain('analytics:agentConversationDetail:view');
  });

  it('§4 data retention settings: when the backend asks, then retentionDays is the org\'s; the merge agent lacks the permission', async () => {
    expect(await backend.analytics.getAnalyticsDataretentionSettings()).toMatchObject({ retentionDays: 180 });
    expect(await sdkError(sdkFor(emu.url, emu.userToken('mergeAgent')).analytics.getAnalyticsDataretentionSettings())).toMatchObject({ status: 403 });
  });
});
