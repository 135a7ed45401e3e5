import { afterEach, describe, expect, it } from 'vitest';
import { WEBHOOK_RETRY_SCHEDULE_MS } from '../../server/src/crm/index.js';
import { CUSTOMER_EMAIL, CUSTOMER_PHONE } from './support/fixtures.js';
import { createHarness, metricValue, SECRET } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { verifyBySpec } from './support/verifier.js';

const HOUR = 3_600_000;
const harnesses: Harness[] = [];
async function harness(...args: Parameters<typeof createHarness>): Promise<Harness> {
  const created = await createHarness(...args);
  harnesses.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

describe('outbox relay: delivery and the multi-day retry schedule', () => {
  it('when the receiver answers 2xx, then the event is delivered once, signed as the spec says, with the exact payload bytes', async () => {
    const h = await harness({ responder: () => ({ status: 200 }) });
    const message = h.enqueue();
    const summary = await h.relay.runOnce();
    expect(summary).toMatchObject({ claimed: 1, delivered: 1, retried: 0, dead: 0, disabled: 0, failed: 0 });
    const [request] = h.receiver.requests;
    expect(h.receiver.requests).toHaveLength(1);
    expect(request).toMatchObject({ method: 'POST', path: '/hooks/crm', body: message.payload });
    expect(request!.headers).toMatchObject({
      'webhook-id': message.id,
      'webhook-timestamp': String(h.clock.now() / 1000),
      'content-type': 'application/json',
    });
    expect(verifyBySpec(SECRET, request!.headers, request!.body)).toBe(true);
    expect(h.store.get(message.id)).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200, deliveredAt: h.clock.now() });
    expect(await h.relay.runOnce()).toMatchObject({ claimed: 0 });
    expect(await metricValue(h.metrics, 'webhook_attempts_total', { outcome: 'delivered', status_class: '2xx' })).toBe(1);
  });

  it('when the receiver fails for days, then ten attempts follow the schedule over more than 3 days with one event id, then the event is dead-lettered', async () => {
    const h = await harness({ responder: () => ({ status: 503 }) });
    const message = h.enqueue();
    await h.runUntilSettled(message.id);

    const requests = h.receiver.requests;
    expect(requests).toHaveLength(10);
    for (const request of requests) {
      expect(request.headers['webhook-id']).toBe(message.id);
      expect(request.body).toBe(message.payload);
      expect(verifyBySpec(SECRET, request.headers, request.body)).toBe(true);
    }
    const timestamps = requests.map((r) => Number(r.headers['webhook-timestamp']));
    const gaps = timestamps.slice(1).map((t, i) => t - timestamps[i]!);
    gaps.forEach((gap, i) => {
      const expected = (WEBHOOK_RETRY_SCHEDULE_MS[i + 1]! * 1.05) / 1000;
      expect(Math.abs(gap - expected)).toBeLessThanOrEqual(1);
    });
    expect((timestamps.at(-1)! - timestamps[0]!) * 1000).toBeGreaterThan(72 * HOUR);

    expect(h.store.get(message.id)).toMatchObject({ status: 'dead', attempts: 10, lastStatus: 503 });
    const attempts = await h.store.attempts(message.id);
    expect(attempts.map((a) => a.outcome)).toEqual([...Array(9).fill('retry'), 'dead']);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await metricValue(h.metrics, 'webhook_dead_letters_total')).toBe(1);
    expect(await metricValue(h.metrics, 'webhook_attempts_total', { outcome: 'retry', status_class: '5xx' })).toBe(9);

    h.clock.advance(30 * 24 * HOUR);
    expect(await h.relay.runOnce()).toMatchObject({ claimed: 0 });
    expect(h.receiver.requests).toHaveLength(10);
  });

  it('when a dead event is replayed after the receiver recovers, then it is delivered under the same id with a fresh schedule', async () => {
    const h = await harness({ responder: () => ({ status: 500 }) });
    const message = h.enqueue();
    await h.runUntilSettled(message.id);
    expect(h.store.get(message.id)?.status).toBe('dead');

    expect(await h.store.replay({ tenantId: 'tenant-1', now: h.clock.now() })).toBe(1);
    h.receiver.respondWith((_request, index) => ({ status: index === 10 ? 502 : 204 }));
    expect(await h.relay.runOnce()).toMatchObject({ retried: 1 });
    expect(h.store.get(message.id)).toMatchObject({ status: 'pending', attempts: 11, nextAttemptAt: h.clock.now() + 5_000 * 1.05 });
    await h.runUntilSettled(message.id);
    expect(h.store.get(message.id)).toMatchObject({ status: 'delivered', attempts: 12 });
    expect(h.receiver.requests.slice(10).map((r) => r.headers['webhook-id'])).toEqual([message.id, message.id]);
    const attempts = await h.store.attempts(message.id);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(attempts.slice(9).map((a) => a.outcome)).toEqual(['dead', 'retry', 'delivered']);
  });

  it('when the receiver answers 429 with Retry-After, then the next attempt waits at least that long; a shorter one does not shorten the schedule', async () => {
    const h = await harness({ responder: () => ({ status: 429, headers: { 'retry-after': '600' } }) });
    const message = h.enqueue();
    await h.relay.runOnce();
    expect(h.store.get(message.id)?.nextAttemptAt).toBe(h.clock.now() + 600_000);

    h.receiver.respondWith(() => ({ status: 503, headers: { 'retry-after': '1' } }));
    h.clock.set(h.store.get(message.id)!.nextAttemptAt);
    await h.relay.runOnce();
    expect(h.store.get(message.id)?.nextAttemptAt).toBe(h.clock.now() + 5 * 60_000 * 1.05);
    expect(await metricValue(h.metrics, 'webhook_attempts_total', { outcome: 'retry', status_class: '4xx' })).toBe(1);
  });

  it('when events are retried and dead-lettered, then the logs carry ids and outcomes but no payload, identifier, secret or URL path', async () => {
    const h = await harness({ responder: () => ({ status: 503 }) });
    const message = h.enqueue();
    await h.runUntilSettled(message.id);
    const logs = h.logText();
    expect(logs).toContain(message.id);
    expect(logs).toContain('webhook dead-lettered');
    for (const leaked of [CUSTOMER_PHONE, '5551234567', CUSTOMER_EMAIL, 'Jane', SECRET, SECRET.slice(6), '/hooks/crm', 'interaction.merged']) {
      expect(logs).not.toContain(leaked);
    }
  });
});
