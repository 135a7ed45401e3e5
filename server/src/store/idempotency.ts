import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A remembered `Idempotency-Key`: the request's hash and the job it created. */
export interface IdempotencyRecord {
  tenantId: string;
  userId: string;
  key: string;
  requestHash: string;
  jobId: string;
  createdAt: number;
  expiresAt: number;
}

/** Idempotency keys, scoped by tenant and user, kept until `expiresAt` and then pruned. */
export interface IdempotencyRepository {
  /** The live record for a key, or null (an expired record counts as absent). */
  find(input: { tenantId: string; userId: string; key: string; now: number }): Promise<IdempotencyRecord | null>;
  /**
   * Remembers a key; false when a live record exists already (nothing changes). An expired
   * record of the same key is replaced.
   */
  insert(record: IdempotencyRecord): Promise<boolean>;
  /** Deletes records expired at `now`; returns how many. */
  prune(now: number): Promise<number>;
}

/** Builds the idempotency repository over a connection or transaction. */
export function createIdempotencyRepository(db: Kysely<Database>): IdempotencyRepository {
  return {
    async find({ tenantId, userId, key, now }) {
      const row = await db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .where('key', '=', key)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (!row) return null;
      return {
        tenantId: row.tenant_id,
        userId: row.user_id,
        key: row.key,
        requestHash: row.request_hash,
        jobId: row.job_id,
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
      };
    },
    async insert(record) {
      await db
        .deleteFrom('idempotency_keys')
        .where('tenant_id', '=', record.tenantId)
        .where('user_id', '=', record.userId)
        .where('key', '=', record.key)
        .where('expires_at', '<=', record.createdAt)
        .execute();
      const result = await db
        .insertInto('idempotency_keys')
        .values({
          tenant_id: record.tenantId,
          user_id: record.userId,
          key: record.key,
          request_hash: record.requestHash,
          job_id: record.jobId,
          created_at: record.createdAt,
          expires_at: record.expiresAt,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'key']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async prune(now) {
      const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
