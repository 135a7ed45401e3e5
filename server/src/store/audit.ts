import type { Kysely, Selectable } from 'kysely';
import type { AuditChainsTable, AuditEntriesTable, Database } from './schema.js';
import type { AuditChainRecord, AuditEntryRecord, StoreDialect } from './types.js';

/**
 * Storage of the hash-chained audit log. The chain logic (hashes, MACs, verification) lives in
 * `server/src/audit`; this only reads and writes rows. There is no update of an entry.
 */
export interface AuditRepository {
  /**
   * Returns the tenant's chain row, creating it from `initial` when absent, and locks it until
   * the transaction ends (PostgreSQL `FOR UPDATE`; SQLite's write transaction is exclusive), so
   * appends to one chain are serialised. Call inside `store.transaction`.
   */
  lockChain(initial: AuditChainRecord): Promise<AuditChainRecord>;
  getChain(tenantId: string): Promise<AuditChainRecord | null>;
  listChains(): Promise<AuditChainRecord[]>;
  /** Every tenant id with a chain record or an entry (an entry without its chain is itself a finding). */
  listTenantIds(): Promise<string[]>;
  insertEntry(entry: AuditEntryRecord): Promise<void>;
  /** Moves the chain's head. */
  setHead(input: { tenantId: string; seq: number; hash: string; mac: string; now: number }): Promise<void>;
  /** Entries of a tenant in chain order (ascending seq) after `afterSeq`. */
  entries(input: { tenantId: string; afterSeq?: number; limit: number }): Promise<AuditEntryRecord[]>;
  /** Entries for the admin view, newest first, with optional filters. */
  query(input: {
    tenantId: string;
    action?: string;
    from?: number;
    to?: number;
    beforeSeq?: number;
    limit: number;
  }): Promise<AuditEntryRecord[]>;
  /** The highest seq of an entry older than `before`, or null. */
  lastSeqBefore(tenantId: string, before: number): Promise<number | null>;
  /** Deletes a tenant's entries up to and including `seq` and records the anchor; returns how many. */
  purgeThrough(input: { tenantId: string; seq: number; anchorHash: string; anchorMac: string; now: number }): Promise<number>;
}

function toEntry(row: Selectable<AuditEntriesTable>): AuditEntryRecord {
  return {
    tenantId: row.tenant_id,
    seq: Number(row.seq),
    id: row.id,
    at: Number(row.at),
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    outcome: row.outcome,
    correlationId: row.correlation_id,
    ids: row.ids,
    identifiers: row.identifiers,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
    mac: row.mac,
  };
}

function toChain(row: Selectable<AuditChainsTable>): AuditChainRecord {
  return {
    tenantId: row.tenant_id,
    headSeq: Number(row.head_seq),
    headHash: row.head_hash,
    headMac: row.head_mac,
    anchorSeq: Number(row.anchor_seq),
    anchorHash: row.anchor_hash,
    anchorMac: row.anchor_mac,
    purgedCount: Number(row.purged_count),
    updatedAt: Number(row.updated_at),
  };
}

/** Builds the audit repository over a connection or transaction. */
export function createAuditRepository(db: Kysely<Database>, dialect: StoreDialect): AuditRepository {
  return {
    async lockChain(initial) {
      await db
        .insertInto('audit_chains')
        .values({
          tenant_id: initial.tenantId,
          head_seq: initial.headSeq,
          head_hash: initial.headHash,
          head_mac: initial.headMac,
          anchor_seq: initial.anchorSeq,
          anchor_hash: initial.anchorHash,
          anchor_mac: initial.anchorMac,
          purged_count: initial.purgedCount,
          updated_at: initial.updatedAt,
        })
        .onConflict((oc) => oc.column('tenant_id').doNothing())
        .execute();
      const row = await db
        .selectFrom('audit_chains')
        .selectAll()
        .where('tenant_id', '=', initial.tenantId)
        .$if(dialect === 'postgres', (qb) => qb.forUpdate())
        .executeTakeFirstOrThrow();
      return toChain(row);
    },
    async getChain(tenantId) {
      const row = await db.selectFrom('audit_chains').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
      return row ? toChain(row) : null;
    },
    async listChains() {
      const rows = await db.selectFrom('audit_chains').selectAll().orderBy('tenant_id').execute();
      return rows.map(toChain);
    },
    async listTenantIds() {
      const chains = await db.selectFrom('audit_chains').select('tenant_id').execute();
      const entries = await db.selectFrom('audit_entries').select('tenant_id').distinct().execute();
      return [...new Set([...chains, ...entries].map((row) => row.tenant_id))].sort();
    },
    async insertEntry(entry) {
      await db
        .insertInto('audit_entries')
        .values({
          tenant_id: entry.tenantId,
          seq: entry.seq,
          id: entry.id,
          at: entry.at,
          actor_type: entry.actorType,
          actor_id: entry.actorId,
          action: entry.action,
          outcome: entry.outcome,
          correlation_id: entry.correlationId,
          ids: entry.ids,
          identifiers: entry.identifiers,
          details: entry.details,
          prev_hash: entry.prevHash,
          hash: entry.hash,
          mac: entry.mac,
        })
        .execute();
    },
    async setHead({ tenantId, seq, hash, mac, now }) {
      await db
        .updateTable('audit_chains')
        .set({ head_seq: seq, head_hash: hash, head_mac: mac, updated_at: now })
        .where('tenant_id', '=', tenantId)
        .execute();
    },
    async entries({ tenantId, afterSeq, limit }) {
      const rows = await db
        .selectFrom('audit_entries')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('seq', '>', afterSeq ?? Number.MIN_SAFE_INTEGER)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(toEntry);
    },
    async query({ tenantId, action, from, to, beforeSeq, limit }) {
      let query = db.selectFrom('audit_entries').selectAll().where('tenant_id', '=', tenantId);
      if (action !== undefined) query = query.where('action', '=', action);
      if (from !== undefined) query = query.where('at', '>=', from);
      if (to !== undefined) query = query.where('at', '<', to);
      if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
      const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
      return rows.map(toEntry);
    },
    async lastSeqBefore(tenantId, before) {
      const row = await db
        .selectFrom('audit_entries')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('tenant_id', '=', tenantId)
        .where('at', '<', before)
        .executeTakeFirst();
      return row?.seq === null || row?.seq === undefined ? null : Number(row.seq);
    },
    async purgeThrough({ tenantId, seq, anchorHash, anchorMac, now }) {
      const result = await db
        .deleteFrom('audit_entries')
        .where('tenant_id', '=', tenantId)
        .where('seq', '<=', seq)
        .executeTakeFirst();
      const purged = Number(result.numDeletedRows);
      await db
        .updateTable('audit_chains')
        .set((eb) => ({
          anchor_seq: seq,
          anchor_hash: anchorHash,
          anchor_mac: anchorMac,
          purged_count: eb('purged_count', '+', purged),
          updated_at: now,
        }))
        .where('tenant_id', '=', tenantId)
        .execute();
      return purged;
    },
  };
}
