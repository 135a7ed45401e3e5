import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsConversation } from '../../emulator/src/dataset/types.js';
import { parseDataset } from '../../emulator/src/index.js';
import { serializeDataset } from '../../emulator/src/generator/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { customerSession, customerSide, generate, ofKind } from './helpers.js';

describe('a generated org served by the emulator', () => {
  let emu: TestEmulator;
  let token: string;
  const dataset = parseDataset(JSON.parse(serializeDataset(generate({ customers: 120, purgedRate: 0.05 }))));
  beforeAll(async () => {
    emu = await startTestEmulator({ dataset, manualClock: true });
    token = await emu.clientToken();
  });
  afterAll(() => emu?.close());

  const get = async (path: string) => fetch(`${emu.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const query = async (body: unknown): Promise<AnalyticsConversation[]> => {
    const response = await fetch(`${emu.url}/api/v2/analytics/conversations/details/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { conversations?: AnalyticsConversation[] }).conversations ?? [];
  };

  it('when the backend signs in with the demo client, then the org is the generated one with its country', async () => {
    const response = await get('/api/v2/organizations/me');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: dataset.org.id, defaultCountryCode: dataset.org.defaultCountry });
  });

  it('when a caller\'s ANI is queried over the day of a call, then the emulator returns that call', async () => {
    const purged = new Set(dataset.purged);
    const call = ofKind(dataset, 'voice', 'inbound').find((c) => !purged.has(c.conversationId) && customerSession(c)!.ani!.startsWith('tel:'))!;
    const day = call.conversationStart.slice(0, 10);
    const found = await query({
      interval: `${day}T00:00:00.000Z/${day}T23:59:59.999Z`,
      segmentFilters: [{ type: 'and', predicates: [{ dimension: 'ani', value: customerSession(call)!.ani }] }],
    });
    expect(found.map((c) => c.conversationId)).toContain(call.conversationId);
  });

  it('when a conversation was purged, then its single read answers 404', async () => {
    expect(dataset.purged.length).toBeGreaterThan(0);
    expect((await get(`/api/v2/analytics/conversations/${dataset.purged[0]}/details`)).status).toBe(404);
  });

  it('when a conversation is linked to a contact, then the contact can be read', async () => {
    const linked = dataset.conversations.find((c) => customerSide(c)!.externalContactId)!;
    const response = await get(`/api/v2/externalcontacts/contacts/${customerSide(linked)!.externalContactId}`);
    expect(response.status).toBe(200);
  });
});
