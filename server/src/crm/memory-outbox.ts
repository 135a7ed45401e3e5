import type { DeliveryAttempt, OutboxEvent, OutboxStatus, OutboxStore, WebhookEndpoint } from './types.js';

/** An `OutboxStore` held in memory, for tests and benches; the SQL store implements the same. */
export interface MemoryOutbox extends OutboxStore {
  /**
   * Adds a pending event due at `now` (what the store does in the job's completing
   * transaction). Adding an id that exists changes nothing and returns false.
   */
  enqueue(message: { id: string; tenantId: string; type: string; payload: string }, now: number): boolean;
  /** Registers or replaces a tenant's endpoint. */
  setEndpoint(endpoint: WebhookEndpoint): void;
  /** One event by id, or null. */
  get(eventId: string): OutboxEvent | null;
}

interface Row {
  event: OutboxEvent;
  leaseOwner: string | null;
  leaseUntil: number;
  attempts: DeliveryAttempt[];
}

const byDue = (a: Row, b: Row) => a.event.nextAttemptAt - b.event.nextAttemptAt || a.event.createdAt - b.event.createdAt;

const OUTCOME_STATUS: Record<DeliveryAttempt['outcome'], OutboxStatus> = {
  delivered: 'delivered',
  retry: 'pending',
  dead: 'dead',
  disabled: 'disabled',
};

/**
 * Creates an in-memory outbox with the SQL store's semantics: claims skip tenants without an
 * enabled endpoint (their events wait) and lease what they return (an expired lease makes the
 * event claimable again); attempts are applied to the event (`attempts` never decreases);
 * replay puts dead or disabled events back to pending with the same id, due at `now`, keeps
 * their attempt count and history, and re-enables a disabled endpoint.
 */
export function createMemoryOutbox(): MemoryOutbox {
  const rows = new Map<string, Row>();
  const endpoints = new Map<string, WebhookEndpoint>();
  const copy = (event: OutboxEvent): OutboxEvent => ({ ...event });

  return {
    enqueue(message, now) {
      if (rows.has(message.id)) return false;
      rows.set(message.id, {
        event: {
          ...message,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
          deliveredAt: null,
          lastStatus: null,
          lastError: null,
        },
        leaseOwner: null,
        leaseUntil: 0,
        attempts: [],
      });
      return true;
    },
    setEndpoint(endpoint) {
      endpoints.set(endpoint.tenantId, { ...endpoint });
    },
    get(eventId) {
      const row = rows.get(eventId);
      return row ? copy(row.event) : null;
    },
    async claimDue({ now, limit, leaseMs, owner }) {
      // The `limit` earliest due rows, kept sorted while scanning (rows mostly arrive in order,
      // so a row usually compares once with the last kept and is dropped).
      const due: Row[] = [];
      if (limit <= 0) return [];
      for (const row of rows.values()) {
        const { event } = row;
        if (event.status !== 'pending' || event.nextAttemptAt > now || row.leaseUntil > now) continue;
        if (endpoints.get(event.tenantId)?.enabled !== true) continue;
        if (due.length === limit && byDue(row, due[limit - 1]!) >= 0) continue;
        let at = due.length;
        while (at > 0 && byDue(row, due[at - 1]!) < 0) at -= 1;
        due.splice(at, 0, row);
        if (due.length > limit) due.pop();
      }
      for (const row of due) {
        row.leaseOwner = owner;
        row.leaseUntil = now + leaseMs;
      }
      return due.map((row) => copy(row.event));
    },
    async recordAttempt(attempt) {
      const row = rows.get(attempt.eventId);
      if (!row) return; // the tenant was removed meanwhile: nothing to record against
      if (!row.attempts.some((entry) => entry.attempt === attempt.attempt)) row.attempts.push({ ...attempt });
      const event = row.event;
      event.status = OUTCOME_STATUS[attempt.outcome];
      event.attempts = Math.max(event.attempts, attempt.attempt);
      event.lastStatus = attempt.httpStatus;
      event.lastError = attempt.error;
      if (attempt.outcome === 'delivered') event.deliveredAt = attempt.at;
      if (attempt.outcome === 'retry' && attempt.nextAttemptAt !== null) event.nextAttemptAt = attempt.nextAttemptAt;
      row.leaseOwner = null;
      row.leaseUntil = 0;
    },
    async getEndpoint(tenantId) {
      const endpoint = endpoints.get(tenantId);
      return endpoint ? { ...endpoint } : null;
    },
    async disableEndpoint(tenantId) {
      const endpoint = endpoints.get(tenantId);
      if (endpoint) endpoint.enabled = false;
    },
    async replay({ tenantId, eventIds, now }) {
      const wanted = eventIds ? new Set(eventIds) : null;
      let count = 0;
      for (const row of rows.values()) {
        const event = row.event;
        if (event.tenantId !== tenantId || (wanted && !wanted.has(event.id))) continue;
        if (event.status !== 'dead' && event.status !== 'disabled') continue;
        event.status = 'pending';
        event.nextAttemptAt = now;
        row.leaseOwner = null;
        row.leaseUntil = 0;
        count += 1;
      }
      // Replaying is the admin's explicit request to send again: a disabled endpoint is re-enabled.
      const endpoint = endpoints.get(tenantId);
      if (count > 0 && endpoint) endpoint.enabled = true;
      return count;
    },
    async list({ tenantId, status, limit, before }) {
      return [...rows.values()]
        .map((row) => row.event)
        .filter((event) => event.tenantId === tenantId && (!status || event.status === status))
        .filter((event) => before === undefined || event.createdAt < before)
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, Math.max(0, limit))
        .map(copy);
    },
    async attempts(eventId) {
      return (rows.get(eventId)?.attempts ?? []).map((attempt) => ({ ...attempt }));
    },
    async countPending() {
      return [...rows.values()].filter((row) => row.event.status === 'pending').length;
    },
  };
}
