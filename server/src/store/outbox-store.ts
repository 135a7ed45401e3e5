import type { OutboxStore, WebhookEndpoint } from '../crm/types.js';
import type { Store } from './store.js';

/** Gives a tenant's webhook endpoint with its secret decrypted (the tenant service does). */
export interface WebhookEndpointSource {
  webhookEndpoint(tenantId: string): Promise<WebhookEndpoint | null>;
}

/**
 * The SQL `OutboxStore` (server/src/crm/types.ts) for the CRM relay: the store's outbox, with
 * claims and multi-row updates in write transactions, and endpoints from `endpoints` (which
 * decrypts the secret in memory only).
 */
export function createOutboxStore(input: { store: Store; endpoints: WebhookEndpointSource }): OutboxStore {
  const { store, endpoints } = input;
  return {
    claimDue: (args) => store.transaction((tx) => tx.outbox.claimDue(args)),
    recordAttempt: (attempt) => store.transaction((tx) => tx.outbox.recordAttempt(attempt)),
    getEndpoint: (tenantId) => endpoints.webhookEndpoint(tenantId),
    disableEndpoint: (tenantId, reason) => store.outbox.disableEndpoint(tenantId, reason),
    replay: (args) => store.transaction((tx) => tx.outbox.replay(args)),
    list: (args) => store.outbox.list(args),
    attempts: (eventId) => store.outbox.attempts(eventId),
    countPending: () => store.outbox.countPending(),
  };
}
