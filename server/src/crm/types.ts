/**
 * The contract between the CRM outbox relay (`server/src/crm`) and the store that keeps the
 * outbox (`server/src/store`). The store implements `OutboxStore`; the relay consumes it.
 * Events are written by the store in the same transaction that completes a merge job.
 */

export type OutboxStatus = 'pending' | 'delivered' | 'dead' | 'disabled';

/** One webhook message. `id` is the Standard Webhooks `webhook-id`: the same on every attempt. */
export interface OutboxEvent {
  id: string;
  tenantId: string;
  /** e.g. `interaction.merged` */
  type: string;
  /** The exact JSON bytes that are signed and sent (never re-serialised). */
  payload: string;
  status: OutboxStatus;
  /** Attempts made so far. */
  attempts: number;
  /** Epoch ms at which the next attempt is due (pending only). */
  nextAttemptAt: number;
  createdAt: number;
  deliveredAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
}

/** The outcome of one delivery attempt, as the relay classified it. */
export interface DeliveryAttempt {
  eventId: string;
  attempt: number;
  at: number;
  durationMs: number;
  /** HTTP status, or null when no response arrived (timeout, refused, DNS). */
  httpStatus: number | null;
  error: string | null;
  /**
   * delivered: 2xx. retry: try again at `nextAttemptAt`. dead: retries exhausted.
   * disabled: the receiver answered 410, so the tenant's endpoint is disabled.
   */
  outcome: 'delivered' | 'retry' | 'dead' | 'disabled';
  nextAttemptAt: number | null;
}

/** Where a tenant's events go. The secret is decrypted only in memory, for signing. */
export interface WebhookEndpoint {
  tenantId: string;
  url: string;
  /** Standard Webhooks secret, `whsec_` + base64. */
  secret: string;
  enabled: boolean;
}

export interface OutboxStore {
  /**
   * Claims up to `limit` pending events that are due (`nextAttemptAt <= now`), oldest first,
   * leasing them to `owner` until `now + leaseMs` so that no other replica sends them meanwhile.
   * A lease that expires (crash) makes the event claimable again: delivery is at-least-once,
   * with the same `id`, so receivers deduplicate.
   */
  claimDue(input: { now: number; limit: number; leaseMs: number; owner: string }): Promise<OutboxEvent[]>;
  /** Records an attempt and applies its outcome to the event (status, attempts, next time, lease released). */
  recordAttempt(attempt: DeliveryAttempt): Promise<void>;
  /** The endpoint of a tenant, or null when the tenant has none. */
  getEndpoint(tenantId: string): Promise<WebhookEndpoint | null>;
  /** Disables a tenant's endpoint (the receiver answered 410). */
  disableEndpoint(tenantId: string, reason: string): Promise<void>;
  /** Dead or disabled events back to pending, due at `now`; returns how many. Same ids. */
  replay(input: { tenantId: string; eventIds?: string[]; now: number }): Promise<number>;
  /** Events of a tenant, newest first. */
  list(input: { tenantId: string; status?: OutboxStatus; limit: number; before?: number }): Promise<OutboxEvent[]>;
  /** Attempts of one event, oldest first. */
  attempts(eventId: string): Promise<DeliveryAttempt[]>;
  /** How many events are pending (for the queue-depth gauge). */
  countPending(): Promise<number>;
}
