/**
 * Which conversations an agent may see, asked of Genesys with the agent's own token: the batch
 * analytics details GET (visibility follows analytics, as in Genesys), in chunks, cached.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { createAgentAuthenticator, type AgentAuthenticator } from '../../server/src/auth/index.js';
import type { ManualClock } from '../../server/src/clock/index.js';
import { demoTenantAt } from './support/tenant.js';
import { startTestEmulator, type StartTestEmulatorOptions, type TestEmulator } from '../support/emulator.js';

const C = DEMO_IDS.conversations;
const BATCH = 'GET /api/v2/analytics/conversations/details';
const SINGLE = 'GET /api/v2/analytics/conversations/{conversationId}/details';
/** The batch size of the emulator in these tests: small, so chunking shows with the demo org. */
const MAX_BATCH = 2;

/** Val handled these three (emulator/data/README.md); Jane's other conversations she did not. */
const VAL_HANDLED = [C.janeEmail, C.carlosCall, C.lindaLandlineCall];

/**
 * Holds every emulator response behind its latency fault until released, and says when `n` are
 * held at once: requests in flight together, observed without timing anything.
 */
function createGate() {
  const held: Array<() => void> = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    sleep: () =>
      new Promise<void>((resolve) => {
        held.push(resolve);
        for (const waiter of [...waiters]) {
          if (held.length >= waiter.n) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
      }),
    heldAtOnce: (n: number) =>
      held.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
    releaseAll: () => held.splice(0).forEach((release) => release()),
  };
}

function authenticatorFor(emulator: TestEmulator, options: { ttlMs?: number; maxBatchIds?: number } = {}): AgentAuthenticator {
  const tenant = demoTenantAt(emulator.url);
  return createAgentAuthenticator({
    tenants: { get: async (id) => (id === tenant.id ? tenant : null), list: async () => [tenant] },
    clock: emulator.manualClock!,
    ttlMs: options.ttlMs ?? 60_000,
    maxBatchIds: options.maxBatchIds ?? MAX_BATCH,
  });
}

async function startEmulator(options: StartTestEmulatorOptions = {}): Promise<TestEmulator & { manualClock: ManualClock }> {
  const emulator = await startTestEmulator({ manualClock: true, limits: { maxBatchIds: MAX_BATCH }, ...options });
  return emulator as TestEmulator & { manualClock: ManualClock };
}

const gate = createGate();
let emulator: TestEmulator & { manualClock: ManualClock };
const calls = (template: string, on: TestEmulator = emulator) => on.emulator.requestCounts().byEndpoint[template] ?? 0;
const session = (user: string, auth = authenticatorFor(emulator)) =>
  auth.authenticate(`Bearer ${emulator.userToken(user, DEMO_IDS.clients.widget.id)}`);

beforeAll(async () => {
  emulator = await startEmulator({ sleep: gate.sleep });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.emulator.setFaults({});
  emulator.emulator.clearRequestCounts();
});

describe('conversation visibility on the agent token', () => {
  it('when an agent who may read only her own conversations asks, then only the ones she handled are visible, in one batch call per chunk', async () => {
    const val = await session('viewAgent');
    const asked = [C.janeCall, C.janeEmail, C.emmaCall, C.carlosCall];
    expect(await val.hiddenConversations(asked)).toEqual([C.janeCall, C.emmaCall]);
    expect(calls(BATCH)).toBe(2);
    expect(await val.hiddenConversations(VAL_HANDLED)).toEqual([]);
  });

  it('when an agent who may read every conversation asks, then only the other division is hidden', async () => {
    const alex = await session('mergeAgent');
    expect(await alex.hiddenConversations([C.janeCall, C.janeWebMessage, C.emmaCall])).toEqual([]);
    const val = await session('viewAgent');
    // Val's role grants the Home division only: Emma is hidden from her whatever she handled.
    expect(await val.hiddenConversations([C.emmaCall, C.emmaEmail])).toEqual([C.emmaCall, C.emmaEmail]);
  });

  it('when more ids are asked than one batch takes, then they go in chunks of the maximum, all in flight at once', async () => {
    const alex = await session('mergeAgent');
    emulator.emulator.clearRequestCounts();
    emulator.emulator.setFaults({ latencyMs: 1 });
    const ids = [C.janeCall, C.janeWebMessage, C.janeEmail, C.carlosSms, C.carlosCall];
    const hidden = alex.hiddenConversations(ids);
    await gate.heldAtOnce(3);
    gate.releaseAll();
    expect(await hidden).toEqual([]);
    expect(calls(BATCH)).toBe(3);
    expect(emulator.emulator.requestCounts().entries.filter((e) => e.path === BATCH.slice(4)).map((e) => e.status)).toEqual([200]);
  });

  it('when Genesys answers 403 for the whole batch (no analytics permission), then none of it is visible', async () => {
    const pat = await session('plainAgent');
    expect(await pat.hiddenConversations([C.janeCall, C.janeEmail])).toEqual([C.janeCall, C.janeEmail]);
    expect(emulator.emulator.requestCounts().entries.find((e) => e.path === BATCH.slice(4))?.status).toBe(403);
  });

  it('when the same ids are asked again within the TTL, then Genesys is not asked again; after the TTL, it is', async () => {
    const auth = authenticatorFor(emulator, { ttlMs: 30_000 });
    const val = await session('viewAgent', auth);
    const ids = [C.janeCall, C.janeEmail];
    await val.hiddenConversations(ids);
    emulator.manualClock.advance(29_000);
    expect(await val.hiddenConversations(ids)).toEqual([C.janeCall]);
    // A new id alone goes to Genesys; the known ones are not asked again.
    expect(await val.hiddenConversations([...ids, C.carlosCall])).toEqual([C.janeCall]);
    expect(calls(BATCH)).toBe(2);
    emulator.manualClock.advance(1_001);
    // The verdict expired with the same TTL: the token is checked again too.
    const again = await session('viewAgent', auth);
    expect(await again.hiddenConversations(ids)).toEqual([C.janeCall]);
    expect(calls(BATCH)).toBe(3);
  });

  it('when another token of the same agent asks, then it is asked of Genesys again (answers are cached per token)', async () => {
    const auth = authenticatorFor(emulator);
    await (await session('viewAgent', auth)).hiddenConversations([C.janeEmail]);
    await (await session('viewAgent', auth)).hiddenConversations([C.janeEmail]);
    expect(calls(BATCH)).toBe(2);
  });

  it('when two requests ask about the same conversation at once, then they share one call', async () => {
    const val = await session('viewAgent');
    emulator.emulator.clearRequestCounts();
    emulator.emulator.setFaults({ latencyMs: 1 });
    const first = val.hiddenConversations([C.janeEmail]);
    const second = val.hiddenConversations([C.janeEmail, C.janeCall]);
    await gate.heldAtOnce(2);
    gate.releaseAll();
    expect(await Promise.all([first, second])).toEqual([[], [C.janeCall]]);
    expect(calls(BATCH)).toBe(2);
    expect(await val.hiddenConversations([C.janeEmail, C.janeCall])).toEqual([C.janeCall]);
    expect(calls(BATCH)).toBe(2);
  });

  it('when the token has expired by the time visibility is asked, then 401 invalid_token', async () => {
    const val = await session('viewAgent');
    emulator.manualClock.advance(86_401_000);
    await expect(val.hiddenConversations([C.janeEmail])).rejects.toMatchObject({ status: 401, details: { reason: 'invalid_token' } });
  });
});

describe('an org whose batch GET fails on an unknown id', () => {
  let strict: TestEmulator & { manualClock: ManualClock };

  beforeAll(async () => {
    strict = await startEmulator({ behaviour: { batchUnknownIds: 'notFound' } });
  });

  afterAll(async () => {
    await strict.close();
  });

  it('when a chunk answers 404, then its ids are settled one by one and the unknown one is hidden', async () => {
    const val = await authenticatorFor(strict).authenticate(`Bearer ${strict.userToken('viewAgent', DEMO_IDS.clients.widget.id)}`);
    const unknown = '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4fff';
    expect(await val.hiddenConversations([C.janeEmail, unknown, C.carlosCall])).toEqual([unknown]);
    // [janeEmail, unknown] failed as a whole and was asked id by id; [carlosCall] answered at once.
    expect(calls(BATCH, strict)).toBe(2);
    expect(calls(SINGLE, strict)).toBe(2);
  });
});
