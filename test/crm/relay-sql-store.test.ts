/**
 * The relay over the SQL `OutboxStore` (SQLite in memory), to prove the two sides of the
 * contract in server/src/crm/types.ts agree: leases, attempt numbering across replays, 410
 * disabling the endpoint, replay re-enabling it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../server/src/clock/index.js';
import { createOutboxRelay } from '../../server/src/crm/index.js';
import type { OutboxRelay } from '../../server/src/crm/index.js';
import { createMetrics } from '../../server/src/metrics/index.js';
import { createOutboxStore, createStore } from '../../server/src/store/index.js';
import type { Store } from '../../server/src/store/index.js';
import { captureLogger } from '../logging/support.js';
import { sampleOutboxMessage } from './support/fixtures.js';
import { SECRET, START } from './support/harness.js';
import { startReceiver } from './support/receiver.js';
import type { Receiver } from './support/receiver.js';
import { verifyBySpec } from './support/verifier.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(status: number): Promise<{ store: Store; relay: OutboxRelay; receiver: Receiver; clock: ReturnType<typeof createManualClock>; enqueue: (jobId: string) => Promise<string> }> {
  const clock = createManualClock(START);
  const receiver = await startReceiver(() => ({ status }));
  cleanups.push(() => receiver.close());
  const store = await createStore({ dialect: 'sqlite', file: ':memory:' });
  cleanups.push(() => store.close());
  await store.tenants.insert({
    id: 'tenant-1', name: 'Acme', region: null, apiBaseUrl: 'http://127.0.0.1:1', loginBaseUrl: null,
    backendClientId: 'backend', backendClientSecretCiphertext: 'x', widgetClientId: 'widget',
    crmWebhook: { url: receiver.url, secretCiphertext: 'encrypted elsewhere', enabled: true, disabledReason: null },
    settings: '{}', createdAt: clock.now(), updatedAt: clock.now(),
  });
  const outbox = createOutboxStore({
    store,
    endpoints: {
      async webhookEndpoint(tenantId) {
        const tenant = await store.tenants.get(tenantId);
        return tenant?.crmWebhook ? { tenantId, url: tenant.crmWebhook.url, secret: SECRET, enabled: tenant.crmWebhook.enabled } : null;
      },
    },
  });
  const relay = createOutboxRelay({
    store: outbox, clock, logger: captureLogger().logger, metrics: createMetrics({ defaultMetrics: false }),
    ownerId: 'relay-sql', allowLoopback: true, random: () => 0,
  });
  cleanups.push(() => relay.stop());
  return {
    store, relay, receiver, clock,
    async enqueue(jobId) {
      const message = sampleOutboxMessage('tenant-1', jobId, clock.now());
      await store.transaction((tx) => tx.outbox.enqueue({ ...message, createdAt: clock.now() }));
      return message.id;
    },
  };
}

describe('outbox relay over the SQL store', () => {
  it('when the receiver keeps failing, then ten attempts end in a dead letter, and a replay gets a fresh schedule under the same id', async () => {
    const { store, relay, receiver, clock, enqueue } = await setup(503);
    const id = await enqueue('job-1');
    for (let round = 0; round < 12; round++) {
      await relay.runOnce();
      const event = await store.outbox.get(id);
      if (event?.status !== 'pending') break;
      clock.set(event.nextAttemptAt);
    }
    expect(await store.outbox.get(id)).toMatchObject({ status: 'dead', attempts: 10 });
    expect(receiver.requests).toHaveLength(10);
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([id]));
    expect(receiver.requests.every((r) => verifyBySpec(SECRET, r.headers, r.body))).toBe(true);

    expect(await store.transaction((tx) => tx.outbox.replay({ tenantId: 'tenant-1', now: clock.now() }))).toBe(1);
    await relay.runOnce();
    expect(await store.outbox.get(id)).toMatchObject({ status: 'pending', attempts: 11, nextAttemptAt: clock.now() + 5_000 });
    receiver.respondWith(() => ({ status: 200 }));
    clock.advance(5_000);
    expect(await relay.runOnce()).toMatchObject({ delivered: 1 });
    expect((await store.outbox.attempts(id)).map((a) => a.outcome).slice(9)).toEqual(['dead', 'retry', 'delivered']);
  });

  it('when the receiver answers 410, then the tenant\'s endpoint is disabled and its events wait until a replay re-enables it', async () => {
    const { store, relay, receiver, clock, enqueue } = await setup(410);
    const first = await enqueue('job-1');
    expect(await relay.runOnce()).toMatchObject({ disabled: 1 });
    expect((await store.tenants.get('tenant-1'))?.crmWebhook).toMatchObject({ enabled: false });
    const second = await enqueue('job-2');
    expect(await relay.runOnce()).toMatchObject({ claimed: 0 });

    receiver.respondWith(() => ({ status: 204 }));
    expect(await store.transaction((tx) => tx.outbox.replay({ tenantId: 'tenant-1', now: clock.now() }))).toBe(1);
    expect(await relay.runOnce()).toMatchObject({ delivered: 2 });
    expect(receiver.requests).toHaveLength(3);
    expect(receiver.requests[0]?.headers['webhook-id']).toBe(first);
    expect(new Set(receiver.requests.slice(1).map((r) => r.headers['webhook-id']))).toEqual(new Set([first, second]));
  });
});
