import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { createAgentClientFactory, createGenesysClient, GenesysApiError, type GenesysCallEvent } from '../../server/src/genesys/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const JANE_CALL = '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4001';
const JANE_EMAIL = '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4003';
const PURGED = '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4042';
const JANE_CONTACT = '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e5001';

describe('the Genesys client against the emulator', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ manualClock: true });
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.emulator.reset();
    emu.emulator.setFaults({ latencyMs: 0, errorRates: {}, mergeConflicts: 0, analyticsDelayMs: null });
    emu.emulator.clearRequestCounts();
  });

  const client = (events: GenesysCallEvent[] = [], extra: Partial<Parameters<typeof createGenesysClient>[0]> = {}) =>
    createGenesysClient({
      target: { baseUrl: emu.url },
      credentials: { clientId: DEMO_IDS.clients.backend.id, clientSecret: DEMO_IDS.clients.backend.secret },
      clock: emu.manualClock!,
      observer: (e) => events.push(e),
      random: () => 0,
      ...extra,
    });

  const tokenRequests = () =>
    emu.emulator.requestCounts().entries.filter((e) => e.path === '/oauth/token').reduce((n, e) => n + e.count, 0);

  it('when many calls start at once, then one token request serves them all', async () => {
    const genesys = client();
    await Promise.all([JANE_CALL, JANE_EMAIL, JANE_CALL].map((id) => genesys.getAnalyticsConversation(id)));
    expect(tokenRequests()).toBe(1);
  });

  it('when the token is within 60 s of expiry, then a new one is requested before the next call', async () => {
    const genesys = client();
    await genesys.getAnalyticsConversation(JANE_CALL);
    emu.manualClock!.advance(86_400_000 - 59_000);
    await genesys.getAnalyticsConversation(JANE_CALL);
    expect(tokenRequests()).toBe(2);
  });

  it('when Genesys answers 429 with Retry-After, then the client waits that long and succeeds', async () => {
    const events: GenesysCallEvent[] = [];
    const noFaults = { latencyMs: 0, errorRates: {}, mergeConflicts: 0, analyticsDelayMs: null };
    // The first 429 lifts the fault, so the retry that follows can succeed.
    const genesys = client([], {
      observer: (e) => {
        events.push(e);
        if (e.status === 429) emu.emulator.setFaults(noFaults);
      },
    });
    await genesys.orgSettings();
    emu.emulator.setFaults({ ...noFaults, errorRates: { '429': 1 } });
    const conversation = await genesys.getAnalyticsConversation(JANE_CALL);
    expect(conversation.conversationId).toBe(JANE_CALL);
    const rateLimited = events.filter((e) => e.status === 429);
    expect(rateLimited).toHaveLength(1);
    expect(rateLimited[0]!.retryInMs).toBeGreaterThanOrEqual(1000);
    expect(emu.manualClock!.sleeps).toContain(rateLimited[0]!.retryInMs);
  });

  it('when every attempt fails with 503, then the call fails after the bounded attempts with the status', async () => {
    const genesys = client([], { retry: { maxAttempts: 3 } });
    emu.emulator.setFaults({ latencyMs: 0, errorRates: { '503': 1 }, mergeConflicts: 0, analyticsDelayMs: null });
    const error = await genesys.getAnalyticsConversation(JANE_CALL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({ status: 503, attempts: 3, exhausted: true });
  });

  it('when the contact merge answers 503, then it is not repeated (it may have happened)', async () => {
    const genesys = client();
    await genesys.orgSettings();
    emu.emulator.setFaults({ latencyMs: 0, errorRates: { '503': 1 }, mergeConflicts: 0, analyticsDelayMs: null });
    const error = await genesys
      .mergeContacts({ contactIds: [JANE_CONTACT, '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e5002'] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, attempts: 1 });
  });

  it('when a conversation was purged, then the single GET fails with 404 and the batch leaves it out', async () => {
    const genesys = client();
    await expect(genesys.getAnalyticsConversation(PURGED)).rejects.toMatchObject({ status: 404, code: 'not.found' });
    const batch = await genesys.getAnalyticsConversations([JANE_CALL, PURGED, JANE_EMAIL]);
    expect(batch.map((c) => c.conversationId).sort()).toEqual([JANE_CALL, JANE_EMAIL].sort());
  });

  it('when more ids than one batch holds are asked for, then they are fetched in chunks', async () => {
    const genesys = client([], { analytics: { maxBatchIds: 2 } });
    const ids = emu.dataset.conversations.slice(0, 5).map((c) => c.conversationId);
    const scope = genesys.scope();
    const found = await scope.getAnalyticsConversations(ids);
    expect(found.length).toBe(ids.filter((id) => id !== PURGED).length);
    expect(scope.counter.byEndpoint()).toEqual({ 'GET /api/v2/analytics/conversations/details': 3 });
  });

  it('when searching a 90-day window, then it is split into windows the API accepts and all pages are read', async () => {
    const genesys = client([], { analytics: { maxIntervalDays: 31, pageSize: 2 } });
    const end = emu.manualClock!.now();
    const found = await genesys.searchConversations({
      startMs: end - 90 * 86_400_000,
      endMs: end,
      segmentFilters: [{ type: 'or', predicates: [{ dimension: 'ani', value: 'tel:+16175550142' }] }],
    });
    expect(found.map((c) => c.conversationId).sort()).toEqual(
      ['7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4001', '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4004'].sort(),
    );
  });

  it('when the org settings are read twice, then Genesys is asked once and scopes do not count them', async () => {
    const genesys = client();
    const scope = genesys.scope();
    const [a, b] = [await genesys.orgSettings(), await genesys.orgSettings()];
    expect(a).toEqual(b);
    expect(a).toMatchObject({ orgId: DEMO_IDS.orgId, defaultCountryCode: 'US', retentionDays: 180 });
    expect(scope.counter.total()).toBe(0);
    const counts = emu.emulator.requestCounts().entries.filter((e) => e.path === '/api/v2/organizations/me');
    expect(counts.reduce((n, e) => n + e.count, 0)).toBe(1);
  });

  it('when an identifier lookup finds no contact, then the answer is null, not an error', async () => {
    const genesys = client();
    await expect(genesys.lookupContact({ type: 'Phone', value: '+19995550000' })).resolves.toBeNull();
  });
});

describe('calls with an agent token', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu.close());

  it('when an agent identifies, then the token info and permissions come back', async () => {
    const agent = createAgentClientFactory({ target: { baseUrl: emu.url }, clock: { now: Date.now, sleep: async () => undefined } })(
      emu.userToken('mergeAgent'),
    );
    const { token, user } = await agent.identify();
    expect(token.organization?.id).toBe(DEMO_IDS.orgId);
    expect(user.id).toBe(DEMO_IDS.users.mergeAgent);
    expect(user.authorization?.permissions).toContain('externalContacts:identity:merge');
  });

  it('when a token is not valid, then identify fails with 401', async () => {
    const agent = createAgentClientFactory({ target: { baseUrl: emu.url }, clock: { now: Date.now, sleep: async () => undefined } })('nope');
    await expect(agent.identify()).rejects.toMatchObject({ status: 401 });
  });
});
