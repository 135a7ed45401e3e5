import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, KeyRingTable, TenantsTable } from './schema.js';
import type { KeyRingEntry, TenantRecord, TenantSecretField } from './types.js';

/** Fields of a tenant that `update` may change (absent = unchanged). */
export type TenantPatch = Partial<Omit<TenantRecord, 'id' | 'createdAt' | 'updatedAt'>>;

/** Tenants as rows; secrets stay ciphertexts here. */
export interface TenantRepository {
  /** Inserts a tenant; false when one with that id exists (nothing changes). */
  insert(tenant: TenantRecord): Promise<boolean>;
  get(id: string): Promise<TenantRecord | null>;
  /** All tenants, by id. */
  list(): Promise<TenantRecord[]>;
  /** Applies `patch`; false when the tenant does not exist. */
  update(id: string, patch: TenantPatch, now: number): Promise<boolean>;
  /** Every stored secret ciphertext, for key rotation. */
  listSecretCiphertexts(): Promise<Array<{ tenantId: string; field: TenantSecretField; ciphertext: string }>>;
  /** Compare-and-swap of one secret column: true when it still held `expected` and now holds `next`. */
  replaceSecretCiphertext(input: {
    tenantId: string;
    field: TenantSecretField;
    expected: string;
    next: string;
    now: number;
  }): Promise<boolean>;
}

/** The key ring: data keys wrapped under master keys (see `server/src/tenants`). */
export interface KeyRingRepository {
  /** Entries, optionally of one purpose, by purpose and generation (oldest first). */
  list(purpose?: string): Promise<KeyRingEntry[]>;
  get(id: string): Promise<KeyRingEntry | null>;
  /** Inserts; false when the id or (purpose, generation) exists already. */
  insertIfAbsent(entry: KeyRingEntry): Promise<boolean>;
  /** Replaces the wraps when they still equal `expected` (compare-and-swap); true when replaced. */
  replaceWraps(input: { id: string; expected: Record<string, string>; next: Record<string, string>; now: number }): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

function toTenant(row: Selectable<TenantsTable>): TenantRecord {
  return {
    id: row.id,
    name: row.name,
    region: row.region,
    apiBaseUrl: row.api_base_url,
    loginBaseUrl: row.login_base_url,
    backendClientId: row.backend_client_id,
    backendClientSecretCiphertext: row.backend_client_secret,
    widgetClientId: row.widget_client_id,
    crmWebhook:
      row.crm_webhook_url !== null && row.crm_webhook_secret !== null
        ? {
            url: row.crm_webhook_url,
            secretCiphertext: row.crm_webhook_secret,
            enabled: Number(row.crm_webhook_enabled) === 1,
            disabledReason: row.crm_webhook_disabled_reason,
          }
        : null,
    settings: row.settings,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toColumns(patch: TenantPatch): Updateable<TenantsTable> {
  const columns: Updateable<TenantsTable> = {};
  if (patch.name !== undefined) columns.name = patch.name;
  if (patch.region !== undefined) columns.region = patch.region;
  if (patch.apiBaseUrl !== undefined) columns.api_base_url = patch.apiBaseUrl;
  if (patch.loginBaseUrl !== undefined) columns.login_base_url = patch.loginBaseUrl;
  if (patch.backendClientId !== undefined) columns.backend_client_id = patch.backendClientId;
  if (patch.backendClientSecretCiphertext !== undefined) columns.backend_client_secret = patch.backendClientSecretCiphertext;
  if (patch.widgetClientId !== undefined) columns.widget_client_id = patch.widgetClientId;
  if (patch.crmWebhook !== undefined) {
    columns.crm_webhook_url = patch.crmWebhook?.url ?? null;
    columns.crm_webhook_secret = patch.crmWebhook?.secretCiphertext ?? null;
    columns.crm_webhook_enabled = patch.crmWebhook === null || patch.crmWebhook.enabled ? 1 : 0;
    columns.crm_webhook_disabled_reason = patch.crmWebhook?.disabledReason ?? null;
  }
  if (patch.settings !== undefined) columns.settings = patch.settings;
  return columns;
}

/** Builds the tenant repository over a connection or transaction. */
export function createTenantRepository(db: Kysely<Database>): TenantRepository {
  return {
    async insert(tenant) {
      const result = await db
        .insertInto('tenants')
        .values({
          id: tenant.id,
          name: tenant.name,
          region: tenant.region,
          api_base_url: tenant.apiBaseUrl,
          login_base_url: tenant.loginBaseUrl,
          backend_client_id: tenant.backendClientId,
          backend_client_secret: tenant.backendClientSecretCiphertext,
          widget_client_id: tenant.widgetClientId,
          crm_webhook_url: tenant.crmWebhook?.url ?? null,
          crm_webhook_secret: tenant.crmWebhook?.secretCiphertext ?? null,
          crm_webhook_enabled: tenant.crmWebhook === null || tenant.crmWebhook.enabled ? 1 : 0,
          crm_webhook_disabled_reason: tenant.crmWebhook?.disabledReason ?? null,
          settings: tenant.settings,
          created_at: tenant.createdAt,
          updated_at: tenant.updatedAt,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async get(id) {
      const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toTenant(row) : null;
    },
    async list() {
      const rows = await db.selectFrom('tenants').selectAll().orderBy('id').execute();
      return rows.map(toTenant);
    },
    async update(id, patch, now) {
      const result = await db
        .updateTable('tenants')
        .set({ ...toColumns(patch), updated_at: now })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async listSecretCiphertexts() {
      const rows = await db
        .selectFrom('tenants')
        .select(['id', 'backend_client_secret', 'crm_webhook_secret'])
        .orderBy('id')
        .execute();
      return rows.flatMap((row) => [
        { tenantId: row.id, field: 'backend_client_secret' as const, ciphertext: row.backend_client_secret },
        ...(row.crm_webhook_secret !== null
          ? [{ tenantId: row.id, field: 'crm_webhook_secret' as const, ciphertext: row.crm_webhook_secret }]
          : []),
      ]);
    },
    async replaceSecretCiphertext({ tenantId, field, expected, next, now }) {
      const result = await db
        .updateTable('tenants')
        .set({ [field]: next, updated_at: now })
        .where('id', '=', tenantId)
        .where(field, '=', expected)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

function toKeyRingEntry(row: Selectable<KeyRingTable>): KeyRingEntry {
  return {
    id: row.id,
    purpose: row.purpose,
    generation: Number(row.generation),
    wraps: JSON.parse(row.wraps) as Record<string, string>,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Canonical JSON of a wraps map (sorted keys), so compare-and-swap compares like with like. */
function wrapsText(wraps: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(wraps).sort(([a], [b]) => a.localeCompare(b))));
}

/** Builds the key ring repository over a connection or transaction. */
export function createKeyRingRepository(db: Kysely<Database>): KeyRingRepository {
  return {
    async list(purpose) {
      let query = db.selectFrom('key_ring').selectAll();
      if (purpose !== undefined) query = query.where('purpose', '=', purpose);
      const rows = await query.orderBy('purpose').orderBy('generation').execute();
      return rows.map(toKeyRingEntry);
    },
    async get(id) {
      const row = await db.selectFrom('key_ring').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toKeyRingEntry(row) : null;
    },
    async insertIfAbsent(entry) {
      const result = await db
        .insertInto('key_ring')
        .values({
          id: entry.id,
          purpose: entry.purpose,
          generation: entry.generation,
          wraps: wrapsText(entry.wraps),
          created_at: entry.createdAt,
          updated_at: entry.updatedAt,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async replaceWraps({ id, expected, next, now }) {
      const result = await db
        .updateTable('key_ring')
        .set({ wraps: wrapsText(next), updated_at: now })
        .where('id', '=', id)
        .where('wraps', '=', wrapsText(expected))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async delete(id) {
      const result = await db.deleteFrom('key_ring').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}
