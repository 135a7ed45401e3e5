import type { Kysely, Migration, MigrationProvider } from 'kysely';

/*
 * In-code migrations, applied in key order by Kysely's Migrator at start-up. The same
 * statements serve SQLite and PostgreSQL: `bigint` has INTEGER affinity on SQLite. Never edit a
 * migration that has shipped; add the next one.
 */

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('tenants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('region', 'text')
      .addColumn('api_base_url', 'text')
      .addColumn('login_base_url', 'text')
      .addColumn('backend_client_id', 'text', (c) => c.notNull())
      .addColumn('backend_client_secret', 'text', (c) => c.notNull())
      .addColumn('widget_client_id', 'text', (c) => c.notNull())
      .addColumn('crm_webhook_url', 'text')
      .addColumn('crm_webhook_secret', 'text')
      .addColumn('crm_webhook_enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('crm_webhook_disabled_reason', 'text')
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('key_ring')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('wraps', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('key_ring_purpose_generation', ['purpose', 'generation'])
      .execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('job_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['tenant_id', 'user_id', 'key'])
      .execute();
    await db.schema.createIndex('idempotency_keys_expiry').on('idempotency_keys').column('expires_at').execute();

    await db.schema
      .createTable('merge_jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('actor_user_id', 'text', (c) => c.notNull())
      .addColumn('actor_name', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('step', 'text')
      .addColumn('completed_steps', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('conversation_ids', 'text', (c) => c.notNull())
      .addColumn('plan', 'text', (c) => c.notNull())
      .addColumn('plan_hash', 'text', (c) => c.notNull())
      .addColumn('state', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'bigint')
      .addColumn('run_after', 'bigint', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('result', 'text')
      .addColumn('error', 'text')
      .addColumn('correlation_id', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('started_at', 'bigint')
      .addColumn('finished_at', 'bigint')
      .execute();
    await db.schema.createIndex('merge_jobs_due').on('merge_jobs').columns(['status', 'run_after']).execute();
    await db.schema.createIndex('merge_jobs_tenant').on('merge_jobs').columns(['tenant_id', 'created_at']).execute();

    await db.schema
      .createTable('merged_conversations')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('conversation_id', 'text', (c) => c.notNull())
      .addColumn('job_id', 'text', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('merged_at', 'bigint', (c) => c.notNull())
      .addColumn('merged_by_user_id', 'text', (c) => c.notNull())
      .addColumn('merged_by_name', 'text')
      .addPrimaryKeyConstraint('merged_conversations_pk', ['tenant_id', 'conversation_id'])
      .execute();
    await db.schema.createIndex('merged_conversations_job').on('merged_conversations').column('job_id').execute();

    await db.schema
      .createTable('outbox_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('delivered_at', 'bigint')
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'bigint')
      .execute();
    await db.schema.createIndex('outbox_events_due').on('outbox_events').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createIndex('outbox_events_tenant').on('outbox_events').columns(['tenant_id', 'created_at']).execute();

    await db.schema
      .createTable('delivery_attempts')
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('http_status', 'integer')
      .addColumn('error', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('next_attempt_at', 'bigint')
      .addPrimaryKeyConstraint('delivery_attempts_pk', ['event_id', 'attempt'])
      .execute();
    await db.schema.createIndex('delivery_attempts_tenant').on('delivery_attempts').column('tenant_id').execute();

    await db.schema
      .createTable('audit_entries')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor_type', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('correlation_id', 'text')
      .addColumn('ids', 'text', (c) => c.notNull())
      .addColumn('identifiers', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('mac', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_entries_pk', ['tenant_id', 'seq'])
      .execute();
    await db.schema.createIndex('audit_entries_time').on('audit_entries').columns(['tenant_id', 'at']).execute();

    await db.schema
      .createTable('audit_chains')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey())
      .addColumn('head_seq', 'bigint', (c) => c.notNull())
      .addColumn('head_hash', 'text', (c) => c.notNull())
      .addColumn('head_mac', 'text', (c) => c.notNull())
      .addColumn('anchor_seq', 'bigint', (c) => c.notNull())
      .addColumn('anchor_hash', 'text', (c) => c.notNull())
      .addColumn('anchor_mac', 'text', (c) => c.notNull())
      .addColumn('purged_count', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('agent_feedback')
      .addColumn('job_id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('kept', 'text', (c) => c.notNull())
      .addColumn('removed', 'text', (c) => c.notNull())
      .addColumn('added', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('agent_feedback_tenant').on('agent_feedback').columns(['tenant_id', 'at']).execute();
  },
};

/** The auto-selection shown to an agent, so the replica that takes the merge can compare with it. */
const shownSelections: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('shown_selections')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('anchor_conversation_id', 'text', (c) => c.notNull())
      .addColumn('conversation_ids', 'text', (c) => c.notNull())
      .addColumn('shown_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('shown_selections_pk', ['tenant_id', 'user_id', 'anchor_conversation_id'])
      .execute();
    await db.schema.createIndex('shown_selections_expiry').on('shown_selections').column('expires_at').execute();
  },
};

/** The store's migrations, by name in apply order. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({
    '0001_initial': initial,
    '0002_shown_selections': shownSelections,
  }),
};
