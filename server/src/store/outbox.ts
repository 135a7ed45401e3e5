import type { Kysely, Selectable } from 'kysely';
import type { DeliveryAttempt, OutboxEvent, OutboxStatus, OutboxStore } from '../crm/types.js';
import type { Database, DeliveryAttemptsTable, OutboxEventsTable } from './schema.js';
import type { NewOutboxEvent, StoreDialect } from './types.js';

/** A tenant's webhook endpoint as stored: the secret is still a ciphertext. */
export interface StoredEndpoint {
  tenantId: string;
  url: string;
  secretCiphertext: string;
  enabled: boolean;
}

/**
 * The outbox in SQL: everything `OutboxStore` needs except decrypting the endpoint secret
 * (see `createOutboxStore`), plus `enqueue`, used in the job-completion transaction.
 */
export interface OutboxRepository extends Omit<OutboxStore, 'getEndpoint'> {
  /** Adds a pending event, due at once. Throws when the id exists (the transaction fails). */
  enqueue(event: NewOutboxEvent): Promise<void>;
  get(id: string): Promise<OutboxEvent | null>;
  /** The tenant's endpoint with its secret still encrypted, or null. */
  endpoint(tenantId: string): Promise<StoredEndpoint | null>;
}

function toEvent(row: Selectable<OutboxEventsTable>): OutboxEvent {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    type: row.type,
    payload: row.payload,
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    createdAt: Number(row.created_at),
    deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
    lastStatus: row.last_status === null ? null : Number(row.last_status),
    lastError: row.last_error,
  };
}

function toAttempt(row: Selectable<DeliveryAttemptsTable>): DeliveryAttempt {
  return {
    eventId: row.event_id,
    attempt: Number(row.attempt),
    at: Number(row.at),
    durationMs: Number(row.duration_ms),
    httpStatus: row.http_status === null ? null : Number(row.http_status),
    error: row.error,
    outcome: row.outcome as DeliveryAttempt['outcome'],
    nextAttemptAt: row.next_attempt_at === null ? null : Number(row.next_attempt_at),
  };
}

const byDue = (a: OutboxEvent, b: OutboxEvent) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt;

/** Builds the outbox repository over a connection or transaction. */
export function createOutboxRepository(db: Kysely<Database>, dialect: StoreDialect): OutboxRepository {
  return {
    async enqueue(event) {
      await db
        .insertInto('outbox_events')
        .values({
          id: event.id,
          tenant_id: event.tenantId,
          type: event.type,
          payload: event.payload,
          status: 'pending',
          attempts: 0,
          next_attempt_at: event.createdAt,
          created_at: event.createdAt,
          delivered_at: null,
          last_status: null,
          last_error: null,
          lease_owner: null,
          lease_expires_at: null,
        })
        .execute();
    },
    async get(id) {
      const row = await db.selectFrom('outbox_events').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toEvent(row) : null;
    },
    async claimDue({ now, limit, leaseMs, owner }) {
      if (limit <= 0) return [];
      // Events wait while their tenant has no endpoint or it is disabled (410); a subquery rather
      // than a join, so that FOR UPDATE locks only outbox rows.
      const due = db
        .selectFrom('outbox_events')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', now)]))
        .where('tenant_id', 'in', (eb) =>
          eb
            .selectFrom('tenants')
            .select('id')
            .where('crm_webhook_enabled', '=', 1)
            .where('crm_webhook_url', 'is not', null),
        )
        .orderBy('next_attempt_at')
        .orderBy('created_at')
        .limit(limit)
        .$if(dialect === 'postgres', (qb) => qb.forUpdate().skipLocked());
      const rows = await db
        .updateTable('outbox_events')
        .set({ lease_owner: owner, lease_expires_at: now + leaseMs })
        .where('id', 'in', due)
        .returningAll()
        .execute();
      return rows.map(toEvent).sort(byDue);
    },
    async recordAttempt(attempt) {
      const event = await db
        .selectFrom('outbox_events')
        .select(['tenant_id', 'attempts'])
        .where('id', '=', attempt.eventId)
        .executeTakeFirst();
      if (!event) return; // the tenant was removed meanwhile: nothing to record against
      await db
        .insertInto('delivery_attempts')
        .values({
          event_id: attempt.eventId,
          tenant_id: event.tenant_id,
          attempt: attempt.attempt,
          at: attempt.at,
          duration_ms: Math.round(attempt.durationMs),
          http_status: attempt.httpStatus,
          error: attempt.error,
          outcome: attempt.outcome,
          next_attempt_at: attempt.nextAttemptAt,
        })
        .onConflict((oc) => oc.columns(['event_id', 'attempt']).doNothing())
        .execute();
      const status: OutboxStatus =
        attempt.outcome === 'delivered' ? 'delivered' : attempt.outcome === 'retry' ? 'pending' : attempt.outcome;
      await db
        .updateTable('outbox_events')
        .set({
          status,
          attempts: Math.max(Number(event.attempts), attempt.attempt),
          last_status: attempt.httpStatus,
          last_error: attempt.error,
          lease_owner: null,
          lease_expires_at: null,
          ...(attempt.outcome === 'delivered' ? { delivered_at: attempt.at } : {}),
          ...(attempt.outcome === 'retry' ? { next_attempt_at: attempt.nextAttemptAt ?? attempt.at } : {}),
        })
        .where('id', '=', attempt.eventId)
        .execute();
    },
    async endpoint(tenantId) {
      const row = await db
        .selectFrom('tenants')
        .select(['id', 'crm_webhook_url', 'crm_webhook_secret', 'crm_webhook_enabled'])
        .where('id', '=', tenantId)
        .executeTakeFirst();
      if (!row || row.crm_webhook_url === null || row.crm_webhook_secret === null) return null;
      return {
        tenantId: row.id,
        url: row.crm_webhook_url,
        secretCiphertext: row.crm_webhook_secret,
        enabled: Number(row.crm_webhook_enabled) === 1,
      };
    },
    async disableEndpoint(tenantId, reason) {
      await db
        .updateTable('tenants')
        .set({ crm_webhook_enabled: 0, crm_webhook_disabled_reason: reason.slice(0, 500) })
        .where('id', '=', tenantId)
        .execute();
    },
    async replay({ tenantId, eventIds, now }) {
      if (eventIds !== undefined && eventIds.length === 0) return 0;
      let query = db
        .updateTable('outbox_events')
        .set({ status: 'pending', next_attempt_at: now, lease_owner: null, lease_expires_at: null })
        .where('tenant_id', '=', tenantId)
        .where('status', 'in', ['dead', 'disabled']);
      if (eventIds !== undefined) query = query.where('id', 'in', eventIds);
      const result = await query.executeTakeFirst();
      const count = Number(result.numUpdatedRows);
      // Replaying is the admin's explicit request to send again: a disabled endpoint is re-enabled.
      if (count > 0) {
        await db
          .updateTable('tenants')
          .set({ crm_webhook_enabled: 1, crm_webhook_disabled_reason: null })
          .where('id', '=', tenantId)
          .where('crm_webhook_enabled', '=', 0)
          .execute();
      }
      return count;
    },
    async list({ tenantId, status, limit, before }) {
      let query = db.selectFrom('outbox_events').selectAll().where('tenant_id', '=', tenantId);
      if (status !== undefined) query = query.where('status', '=', status);
      if (before !== undefined) query = query.where('created_at', '<', before);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toEvent);
    },
    async attempts(eventId) {
      const rows = await db
        .selectFrom('delivery_attempts')
        .selectAll()
        .where('event_id', '=', eventId)
        .orderBy('attempt')
        .execute();
      return rows.map(toAttempt);
    },
    async countPending() {
      const row = await db
        .selectFrom('outbox_events')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}
