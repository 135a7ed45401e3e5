import { describe, expect, it } from 'vitest';
import { createMemoryOutbox } from '../../server/src/crm/index.js';
import type { DeliveryAttempt } from '../../server/src/crm/index.js';

const T0 = Date.parse('2026-11-20T12:00:00Z');
const message = (id: string, tenantId = 't1') => ({ id, tenantId, type: 'interaction.merged', payload: `{"id":"${id}"}` });
const attempt = (eventId: string, n: number, outcome: DeliveryAttempt['outcome'], nextAttemptAt: number | null = null): DeliveryAttempt => ({
  eventId, attempt: n, at: T0, durationMs: 3, httpStatus: outcome === 'delivered' ? 200 : 503, error: null, outcome, nextAttemptAt,
});

function outbox() {
  const store = createMemoryOutbox();
  store.setEndpoint({ tenantId: 't1', url: 'https://crm.example.com/h', secret: 'whsec_x', enabled: true });
  return store;
}

describe('createMemoryOutbox', () => {
  it('when events are due at different times, then claims return the earliest due first, up to the limit', async () => {
    const store = outbox();
    for (const [id, at] of [['late', T0 + 3], ['first', T0], ['second', T0 + 1], ['future', T0 + 60_000], ['third', T0 + 1]] as const) {
      store.enqueue(message(id), at);
    }
    const claimed = await store.claimDue({ now: T0 + 10, limit: 3, leaseMs: 1_000, owner: 'a' });
    expect(claimed.map((e) => e.id)).toEqual(['first', 'second', 'third']);
    expect((await store.claimDue({ now: T0 + 10, limit: 10, leaseMs: 1_000, owner: 'b' })).map((e) => e.id)).toEqual(['late']);
  });

  it('when an event is leased, then no one else claims it until the lease expires', async () => {
    const store = outbox();
    store.enqueue(message('e1'), T0);
    expect(await store.claimDue({ now: T0, limit: 5, leaseMs: 1_000, owner: 'a' })).toHaveLength(1);
    expect(await store.claimDue({ now: T0 + 999, limit: 5, leaseMs: 1_000, owner: 'b' })).toHaveLength(0);
    expect(await store.claimDue({ now: T0 + 1_000, limit: 5, leaseMs: 1_000, owner: 'b' })).toHaveLength(1);
  });

  it('when a tenant has no endpoint or a disabled one, then its events wait unclaimed', async () => {
    const store = outbox();
    store.enqueue(message('orphan', 't2'), T0);
    store.enqueue(message('e1'), T0);
    await store.disableEndpoint('t1', 'gone');
    expect(await store.claimDue({ now: T0, limit: 5, leaseMs: 1_000, owner: 'a' })).toEqual([]);
    expect(await store.countPending()).toBe(2);
  });

  it('when attempts are recorded, then the event follows their outcome, and a replay brings dead events back with their history and re-enables the endpoint', async () => {
    const store = outbox();
    expect(store.enqueue(message('e1'), T0)).toBe(true);
    expect(store.enqueue(message('e1'), T0 + 5)).toBe(false);
    await store.recordAttempt(attempt('e1', 1, 'retry', T0 + 5_000));
    expect(store.get('e1')).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 5_000, lastStatus: 503 });
    await store.recordAttempt(attempt('e1', 2, 'dead'));
    await store.disableEndpoint('t1', 'gone');
    expect(store.get('e1')).toMatchObject({ status: 'dead', attempts: 2 });

    expect(await store.replay({ tenantId: 't1', eventIds: ['other'], now: T0 + 9 })).toBe(0);
    expect(await store.replay({ tenantId: 't1', now: T0 + 10 })).toBe(1);
    expect(store.get('e1')).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: T0 + 10 });
    expect(await store.getEndpoint('t1')).toMatchObject({ enabled: true });
    await store.recordAttempt(attempt('e1', 3, 'delivered'));
    expect(store.get('e1')).toMatchObject({ status: 'delivered', deliveredAt: T0 });
    expect((await store.attempts('e1')).map((a) => [a.attempt, a.outcome])).toEqual([[1, 'retry'], [2, 'dead'], [3, 'delivered']]);
    expect(await store.replay({ tenantId: 't1', now: T0 + 20 })).toBe(0);
  });

  it('when listing, then events come newest first, filtered by status and before, limited', async () => {
    const store = outbox();
    store.enqueue(message('a'), T0);
    store.enqueue(message('b'), T0 + 1);
    store.enqueue(message('c'), T0 + 2);
    await store.recordAttempt(attempt('b', 1, 'dead'));
    expect((await store.list({ tenantId: 't1', limit: 10 })).map((e) => e.id)).toEqual(['c', 'b', 'a']);
    expect((await store.list({ tenantId: 't1', limit: 10, status: 'dead' })).map((e) => e.id)).toEqual(['b']);
    expect((await store.list({ tenantId: 't1', limit: 1, before: T0 + 2 })).map((e) => e.id)).toEqual(['b']);
    expect(await store.list({ tenantId: 't2', limit: 10 })).toEqual([]);
  });
});
