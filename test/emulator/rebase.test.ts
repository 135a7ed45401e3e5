import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { sdkFor } from '../support/sdk.js';

const ELEVEN_DAYS = 11 * 86_400_000;
const NOW = Date.parse('2026-12-01T15:00:00.000Z');
const shifted = (iso: string) => new Date(Date.parse(iso) + ELEVEN_DAYS).toISOString();

describe('time rebasing (dataset referenceTime, option rebaseTimes)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clock: { now: () => NOW } });
  });
  afterAll(() => emu.close());

  it('when the clock is 11 days past referenceTime, then every served instant is 11 days later than stored', async () => {
    expect(emu.emulator.timeOffsetMs).toBe(ELEVEN_DAYS);
    const api = sdkFor(emu.url, await emu.clientToken());
    const stored = emu.dataset.conversations.find((c) => c.conversationId === DEMO_IDS.conversations.janeCall)!;
    const served = await api.analytics.getAnalyticsConversationDetails(stored.conversationId);
    expect(served.conversationStart).toBe(shifted(stored.conversationStart));
    expect(served.participants![0]!.sessions![0]!.segments![0]!.segmentEnd).toBe(shifted(stored.participants[0]!.sessions[0]!.segments[0]!.segmentEnd!));
    const live = await api.conversations.getConversation(stored.conversationId);
    expect(live.startTime).toBe(shifted(stored.conversationStart));
    const contact = await api.externalContacts.getExternalcontactsContact(DEMO_IDS.contacts.jane);
    const storedContact = emu.dataset.externalContacts.find((c) => c.id === DEMO_IDS.contacts.jane)!;
    expect(contact.modifyDate).toBe(shifted(storedContact.modifyDate));
  });

  it('when a details query names served days, then it finds conversations by their served start, not the stored one', async () => {
    const api = sdkFor(emu.url, await emu.clientToken());
    const query = (interval: string) => api.analytics.postAnalyticsConversationsDetailsQuery({
      interval,
      segmentFilters: [{ type: 'and', predicates: [{ dimension: 'ani', value: 'tel:+16175550142' }] }],
    } as Parameters<typeof api.analytics.postAnalyticsConversationsDetailsQuery>[0]);
    expect((await query('2026-10-22T00:00:00.000Z/2026-10-23T00:00:00.000Z')).totalHits).toBe(1);
    expect((await query('2026-10-11T00:00:00.000Z/2026-10-12T00:00:00.000Z')).totalHits).toBe(0);
  });

  it('when a merge happens, then the new contact is dated at the clock\'s now', async () => {
    const merged = await sdkFor(emu.url, emu.userToken('mergeAgent')).externalContacts.postExternalcontactsContactsMerge({ contactIds: [DEMO_IDS.contacts.tom, DEMO_IDS.contacts.linda] });
    expect(merged.createDate).toBe(new Date(NOW).toISOString());
  });

  it('when rebaseTimes is off, then instants are served as stored', async () => {
    const plain = await startTestEmulator({ dataset: emu.dataset, clock: { now: () => NOW }, behaviour: { rebaseTimes: false } });
    try {
      const stored = emu.dataset.conversations.find((c) => c.conversationId === DEMO_IDS.conversations.janeCall)!;
      const served = await sdkFor(plain.url, await plain.clientToken()).analytics.getAnalyticsConversationDetails(stored.conversationId);
      expect(served.conversationStart).toBe(stored.conversationStart);
    } finally {
      await plain.close();
    }
  });
});
