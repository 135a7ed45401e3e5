import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../server/src/clock/index.js';
import type { Clock } from '../../server/src/clock/index.js';
import { assertWebhookUrlAllowed, createOutboxRelay } from '../../server/src/crm/index.js';
import type { OutboxStore, Resolve, WebhookFetch } from '../../server/src/crm/index.js';
import { createMetrics } from '../../server/src/metrics/index.js';
import { captureLogger } from '../logging/support.js';
import { createHarness, metricValue, SECRET, START } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { startReceiver } from './support/receiver.js';

const harnesses: Harness[] = [];
async function harness(...args: Parameters<typeof createHarness>): Promise<Harness> {
  const created = await createHarness(...args);
  harnesses.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

describe('outbox relay: receiver answers and faults', () => {
  it('when the receiver answers 410, then the endpoint is disabled, the tenant\'s events wait unsent until a replay, other tenants unaffected', async () => {
    const other = await startReceiver(() => ({ status: 204 }));
    const h = await harness({ responder: () => ({ status: 410 }), relay: { concurrency: 1, batchSize: 5 } });
    try {
      h.store.setEndpoint({ tenantId: 'tenant-2', url: other.url, secret: SECRET, enabled: true });
      const first = h.enqueue('tenant-1', 'job-1');
      const second = h.enqueue('tenant-1', 'job-2');
      const elsewhere = h.enqueue('tenant-2', 'job-3');

      expect(await h.relay.runOnce()).toMatchObject({ claimed: 3, disabled: 2, delivered: 1 });
      expect(h.receiver.requests).toHaveLength(1);
      expect(other.requests).toHaveLength(1);
      expect(await h.store.getEndpoint('tenant-1')).toMatchObject({ enabled: false });
      expect(h.store.get(first.id)).toMatchObject({ status: 'disabled', lastStatus: 410 });
      expect(h.store.get(second.id)).toMatchObject({ status: 'disabled', lastStatus: null, lastError: 'endpoint disabled' });
      expect(h.store.get(elsewhere.id)).toMatchObject({ status: 'delivered' });

      const later = h.enqueue('tenant-1', 'job-4');
      expect(await h.relay.runOnce()).toMatchObject({ claimed: 0 });
      expect(h.store.get(later.id)).toMatchObject({ status: 'pending', attempts: 0 });

      h.receiver.respondWith(() => ({ status: 204 }));
      expect(await h.store.replay({ tenantId: 'tenant-1', now: h.clock.now() })).toBe(2);
      expect(await h.store.getEndpoint('tenant-1')).toMatchObject({ enabled: true });
      expect(await h.relay.runOnce()).toMatchObject({ delivered: 3 });
      expect(h.receiver.requests.slice(1).map((r) => r.headers['webhook-id']).sort()).toEqual([first.id, second.id, later.id].sort());
    } finally {
      await other.close();
    }
  });

  it('when the receiver does not answer in time, then the attempt times out (15 s by default) and is retried', async () => {
    const controllers: Array<{ ms: number; controller: AbortController }> = [];
    const timeoutSignal = (ms: number) => {
      const controller = new AbortController();
      controllers.push({ ms, controller });
      return controller.signal;
    };
    const h = await harness({ responder: () => ({ hold: true }), relay: { timeoutSignal } });
    const message = h.enqueue();
    const round = h.relay.runOnce();
    await h.receiver.received(1);
    expect(controllers.map((c) => c.ms)).toEqual([15_000]);
    controllers[0]!.controller.abort(new DOMException('The operation timed out', 'TimeoutError'));
    expect(await round).toMatchObject({ retried: 1 });
    expect(h.store.get(message.id)).toMatchObject({ status: 'pending', lastStatus: null, lastError: 'timed out after 15000 ms' });
    expect(await metricValue(h.metrics, 'webhook_attempts_total', { status_class: 'timeout' })).toBe(1);
  });

  it('when nothing listens on the endpoint, then the network error is retried', async () => {
    const h = await harness();
    const closed = await startReceiver();
    await closed.close();
    h.store.setEndpoint({ tenantId: 'tenant-1', url: closed.url, secret: SECRET, enabled: true });
    const message = h.enqueue();
    expect(await h.relay.runOnce()).toMatchObject({ retried: 1 });
    expect(h.store.get(message.id)?.lastError).toContain('ECONNREFUSED');
    expect(await metricValue(h.metrics, 'webhook_attempts_total', { status_class: 'network' })).toBe(1);
  });

  it('when the receiver redirects or rejects with another 4xx, then the redirect is not followed and both are retried', async () => {
    const h = await harness({ responder: (request) => (request.path === '/hooks/crm' ? { status: 302, headers: { location: '/elsewhere' } } : { status: 204 }) });
    const message = h.enqueue();
    expect(await h.relay.runOnce()).toMatchObject({ retried: 1 });
    expect(h.receiver.requests.map((r) => r.path)).toEqual(['/hooks/crm']);
    expect(h.store.get(message.id)).toMatchObject({ status: 'pending', lastStatus: 302 });

    h.receiver.respondWith(() => ({ status: 401 }));
    h.clock.set(h.store.get(message.id)!.nextAttemptAt);
    expect(await h.relay.runOnce()).toMatchObject({ retried: 1 });
    expect(h.store.get(message.id)).toMatchObject({ status: 'pending', lastStatus: 401, attempts: 2 });
  });

  it('when the tenant has no endpoint, then its events wait unclaimed; if it vanishes after the claim, they are parked unsent', async () => {
    const h = await harness();
    const orphan = h.enqueue('tenant-without-endpoint', 'job-9');
    expect(await h.relay.runOnce()).toMatchObject({ claimed: 0 });
    expect(h.store.get(orphan.id)).toMatchObject({ status: 'pending', attempts: 0 });

    const message = h.enqueue();
    const vanishing: OutboxStore = { ...h.store, getEndpoint: async () => null };
    const relay = createOutboxRelay({
      store: vanishing, clock: h.clock, logger: captureLogger().logger, metrics: createMetrics({ defaultMetrics: false }),
      ownerId: 'relay-b', allowLoopback: true,
    });
    expect(await relay.runOnce()).toMatchObject({ claimed: 1, disabled: 1 });
    await relay.stop();
    expect(h.store.get(message.id)).toMatchObject({ status: 'disabled', lastError: 'no endpoint configured' });
    expect(h.receiver.requests).toHaveLength(0);
  });

  it('when the endpoint secret is invalid, then the event is dead-lettered unsent and the secret is not echoed', async () => {
    const h = await harness();
    h.store.setEndpoint({ tenantId: 'tenant-1', url: h.receiver.url, secret: 'whsec_short', enabled: true });
    const message = h.enqueue();
    expect(await h.relay.runOnce()).toMatchObject({ dead: 1 });
    expect(h.store.get(message.id)?.status).toBe('dead');
    expect(h.store.get(message.id)?.lastError).not.toContain('whsec_short');
    expect(h.receiver.requests).toHaveLength(0);
  });

  it('when a name passed the guard at registration but resolves to loopback at send time, then nothing is sent and the attempt is retried', async () => {
    let answer = '93.184.216.34';
    const resolve: Resolve = async () => [{ address: answer, family: 4 }];
    const sent: string[] = [];
    const fetch: WebhookFetch = async (url) => {
      sent.push(url);
      return { status: 204, headers: new Headers() };
    };
    const h = await harness({ relay: { allowLoopback: false, resolve, fetch } });
    const url = 'https://crm.example.com/hooks';
    await expect(assertWebhookUrlAllowed(url, { resolve })).resolves.toBeTruthy();
    h.store.setEndpoint({ tenantId: 'tenant-1', url, secret: SECRET, enabled: true });
    answer = '127.0.0.1';
    const message = h.enqueue();
    expect(await h.relay.runOnce()).toMatchObject({ retried: 1 });
    expect(sent).toEqual([]);
    expect(h.store.get(message.id)?.lastError).toContain('loopback');
    expect(await metricValue(h.metrics, 'webhook_attempts_total', { status_class: 'refused' })).toBe(1);
  });

  it('when a name resolves to an allowed address, then the request goes to that checked address, with the name as Host', async () => {
    const resolve: Resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    const h = await harness({ relay: { resolve } });
    // `.test` names never resolve in public DNS: reaching the receiver proves the connection used the checked address.
    h.store.setEndpoint({ tenantId: 'tenant-1', url: `http://crm.test:${h.receiver.port}/hooks/crm`, secret: SECRET, enabled: true });
    const message = h.enqueue();
    expect(await h.relay.runOnce()).toMatchObject({ delivered: 1 });
    expect(h.receiver.requests[0]?.headers.host).toBe(`crm.test:${h.receiver.port}`);
    expect(h.store.get(message.id)?.status).toBe('delivered');
  });
});

describe('outbox relay: crashes, leases and the polling loop', () => {
  it('when a replica crashes after claiming, then another replica delivers the event with the same id once the lease expires', async () => {
    const h = await harness({ relay: { ownerId: 'relay-b', leaseMs: 120_000 } });
    const message = h.enqueue();
    const crashed = await h.store.claimDue({ now: h.clock.now(), limit: 10, leaseMs: 120_000, owner: 'relay-a' });
    expect(crashed.map((e) => e.id)).toEqual([message.id]);
    expect(await h.relay.runOnce()).toMatchObject({ claimed: 0 });
    h.clock.advance(120_000);
    expect(await h.relay.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(h.receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([message.id]);
  });

  it('when recording an attempt fails after the receiver got the event, then the event is sent again later under the same id (at-least-once)', async () => {
    const h = await harness();
    const message = h.enqueue();
    let failNext = true;
    const flaky: OutboxStore = {
      ...h.store,
      async recordAttempt(attempt) {
        if (failNext) {
          failNext = false;
          throw new Error('database connection lost');
        }
        return h.store.recordAttempt(attempt);
      },
    };
    const logs = captureLogger();
    const relay = createOutboxRelay({
      store: flaky, clock: h.clock, logger: logs.logger, metrics: createMetrics({ defaultMetrics: false }),
      ownerId: 'relay-a', allowLoopback: true, leaseMs: 120_000,
    });
    try {
      expect(await relay.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
      expect(logs.text()).toContain('webhook attempt could not be recorded');
      expect(await relay.runOnce()).toMatchObject({ claimed: 0 });
      h.clock.advance(120_000);
      expect(await relay.runOnce()).toMatchObject({ delivered: 1 });
      expect(h.receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([message.id, message.id]);
    } finally {
      await relay.stop();
    }
  });

  it('when started, then it polls on the injected clock; when stopped, then it waits for the attempt in flight', async () => {
    const manual = createManualClock(START);
    const sleeps: Array<{ ms: number; wake: () => void }> = [];
    const clock: Clock = {
      now: () => manual.now(),
      sleep: (ms, signal) =>
        new Promise<void>((resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
          sleeps.push({ ms, wake: () => { manual.advance(ms); resolve(); } });
        }),
    };
    const h = await harness({ clock: manual, responder: () => ({ hold: true }) });
    const relay = createOutboxRelay({
      store: h.store, clock, logger: captureLogger().logger, metrics: createMetrics({ defaultMetrics: false }),
      ownerId: 'relay-loop', allowLoopback: true, pollIntervalMs: 2_000,
    });
    relay.start();
    await waitFor(() => sleeps.length === 1);
    expect(sleeps[0]!.ms).toBe(2_000);

    const message = h.enqueue();
    sleeps[0]!.wake();
    await h.receiver.received(1);
    let stopped = false;
    const stopping = relay.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    h.receiver.release(204);
    await stopping;
    expect(h.store.get(message.id)?.status).toBe('delivered');
    expect(sleeps).toHaveLength(1);
  });

  it('when the lease cannot outlast a batch of timed-out attempts, then the relay refuses the configuration', () => {
    expect(() => createOutboxRelay({
      store: {} as OutboxStore, clock: createManualClock(), logger: captureLogger().logger,
      metrics: createMetrics({ defaultMetrics: false }), ownerId: 'x', leaseMs: 30_000,
    })).toThrowError(expect.objectContaining({ code: 'invalid_configuration', message: expect.stringContaining('leaseMs') }));
  });
});

/** Yields to the event loop until `condition` holds (bounded by rounds, not by time). */
async function waitFor(condition: () => boolean, rounds = 1_000): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('condition not reached');
}
