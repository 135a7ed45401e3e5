/**
 * Genesys Cloud rate limits the agent (429 with `Retry-After`) while the service checks who they
 * are and what they may see: the agent gets 503 `genesys_rate_limited` with Genesys' wait, never a
 * 500 or a bare 503. The emulator's budget is tiny and its clock stands still (its window never
 * resets); the service runs on a clock of its own whose waits cost nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { createManualClock, type ManualClock } from '../../server/src/clock/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startTestServer, type TestServer } from '../support/server.js';

const C = DEMO_IDS.conversations;
/** Calls per user and OAuth client per window at the emulator: the three of the auth path. */
const BUDGET = 3;
const WINDOW_MS = 60_000;

let emulator: TestEmulator & { manualClock: ManualClock };
let server: TestServer;
let serviceClock: ManualClock;

beforeAll(async () => {
  emulator = (await startTestEmulator({
    manualClock: true,
    limits: { rateLimitPerWindow: BUDGET, rateLimitWindowMs: WINDOW_MS },
  })) as TestEmulator & { manualClock: ManualClock };
  serviceClock = createManualClock();
  server = await startTestServer({ emulator, webhook: null, start: false, service: { clock: serviceClock } });
});

afterAll(async () => {
  await server.close();
  await emulator.close();
});

beforeEach(() => {
  // A fresh window for Val at the emulator.
  emulator.manualClock.advance(WINDOW_MS);
  emulator.emulator.clearRequestCounts();
});

/** Spends `calls` of Val's budget at the emulator directly (her budget is per user and widget client, whatever the token). */
async function spendValBudget(calls: number): Promise<void> {
  const token = emulator.userToken('viewAgent', DEMO_IDS.clients.widget.id);
  for (let i = 0; i < calls; i++) {
    const response = await fetch(`${emulator.url}/api/v2/tokens/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
  }
}

const rateLimited = (template: string) =>
  emulator.emulator.requestCounts().entries.filter((e) => `${e.method} ${e.path}` === template && e.status === 429).reduce((n, e) => n + e.count, 0);

describe('Genesys rate limits the auth path', () => {
  it.each([
    { step: 'tokens/me', spent: BUDGET, endpoint: 'GET /api/v2/tokens/me' },
    { step: 'users/me', spent: BUDGET - 1, endpoint: 'GET /api/v2/users/me' },
    { step: 'the visibility check', spent: BUDGET - 2, endpoint: 'GET /api/v2/analytics/conversations/details' },
  ])('when $step answers 429 naming a wait of a minute, then 503 genesys_rate_limited at once with the Retry-After Genesys named', async ({ spent, endpoint }) => {
    await spendValBudget(spent);
    const response = await server.request(`/api/v1/candidates?conversationId=${C.janeEmail}`, { token: server.token('viewAgent') });
    expect(response.status).toBe(503);
    // The emulator's window started with this test and its clock stands still: a full window to wait.
    expect(response.headers.get('retry-after')).toBe(String(WINDOW_MS / 1000));
    const { error } = (await response.json()) as { error: { code: string; details: Record<string, unknown> } };
    expect(error.code).toBe('genesys_rate_limited');
    expect(error.details).toMatchObject({ upstreamStatus: 429, retryAfterSeconds: WINDOW_MS / 1000 });
    // A minute is longer than an agent waits behind a spinner: answered at the first 429, for the widget to count down.
    expect(rateLimited(endpoint)).toBe(1);
  });

  it('when the window has passed, then the same agent is let through', async () => {
    // A route that needs only the agent's identity (the backend's own budget is as tiny here).
    const response = await server.request('/api/v1/merges/no-such-job', { token: server.token('viewAgent') });
    expect(response.status).toBe(404);
    expect(rateLimited('GET /api/v2/tokens/me') + rateLimited('GET /api/v2/users/me')).toBe(0);
  });
});
