import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { createAuditRepository, type AuditRepository } from './audit.js';
import { createFeedbackRepository, type FeedbackRepository } from './feedback.js';
import { createIdempotencyRepository, type IdempotencyRepository } from './idempotency.js';
import { createJobRepository, type JobRepository } from './jobs.js';
import { createMarkerRepository, type MarkerRepository } from './markers.js';
import { migrationProvider } from './migrations.js';
import { createOutboxRepository, type OutboxRepository } from './outbox.js';
import type { Database } from './schema.js';
import {
  createKeyRingRepository,
  createTenantRepository,
  type KeyRingRepository,
  type TenantRepository,
} from './tenants.js';
import type { StoreDialect } from './types.js';

/** Where and how to open the store. */
export type StoreOptions =
  | {
      dialect: 'sqlite';
      /** A file path (its directory is created) or `:memory:`. */
      file: string;
      /** How long a writer waits for another process's lock (default 5000 ms). */
      busyTimeoutMs?: number;
    }
  | {
      dialect: 'postgres';
      connectionString: string;
      /** Schema holding the tables (created if absent; default `public`). */
      schema?: string;
      /** Pool size (default 10). */
      poolSize?: number;
      /**
       * Told about errors of idle pooled connections (e.g. the server restarted); the pool drops
       * such a connection and the next query opens a fresh one. Without a handler they are ignored
       * here rather than crashing the process.
       */
      onIdleError?: (error: Error) => void;
    };

/** The typed repositories, bound to the store or to one transaction. */
export interface Repositories {
  readonly tenants: TenantRepository;
  readonly keyRing: KeyRingRepository;
  readonly idempotency: IdempotencyRepository;
  readonly jobs: JobRepository;
  readonly markers: MarkerRepository;
  readonly outbox: OutboxRepository;
  readonly audit: AuditRepository;
  readonly feedback: FeedbackRepository;
}

/** The persistence of the service: migrated at creation, shared by every module through its repositories. */
export interface Store extends Repositories {
  readonly dialect: StoreDialect;
  /**
   * Runs `fn` in one write transaction and commits when it resolves (rolls back when it throws).
   * SQLite: `BEGIN IMMEDIATE`, so the process holds the single writer lock from the start.
   * PostgreSQL: READ COMMITTED, row locks as the repositories take them.
   * Inside `fn`, use only `tx`: on SQLite a call on the store itself would wait for the
   * connection the transaction holds.
   */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /**
   * Deletes everything stored for a tenant except its audit log (which stays, pseudonymised):
   * the tenant row with its secrets, jobs (plans, states, results), idempotency keys, markers,
   * outbox events and their attempts, feedback. One transaction; returns rows deleted per table.
   */
  purgeTenantData(tenantId: string): Promise<Record<string, number>>;
  /**
   * Makes deleted data unrecoverable from the database files where the engine allows it
   * (SQLite: `secure_delete` is on, and this truncates the WAL). A no-op on PostgreSQL.
   */
  checkpoint(): Promise<void>;
  /** Raw Kysely access, for this store's tests and maintenance scripts only. */
  readonly db: Kysely<Database>;
  close(): Promise<void>;
}

function repositories(db: Kysely<Database>, dialect: StoreDialect): Repositories {
  return {
    tenants: createTenantRepository(db),
    keyRing: createKeyRingRepository(db),
    idempotency: createIdempotencyRepository(db),
    jobs: createJobRepository(db, dialect),
    markers: createMarkerRepository(db),
    outbox: createOutboxRepository(db, dialect),
    audit: createAuditRepository(db, dialect),
    feedback: createFeedbackRepository(db),
  };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function ensureSchema(connectionString: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`create schema if not exists "${schema}"`);
  } catch (error) {
    // Two processes creating the schema at once: the loser sees a duplicate, which is fine.
    if ((error as { code?: string }).code !== '23505' && (error as { code?: string }).code !== '42P06') throw error;
  } finally {
    await client.end();
  }
}

/** Epoch ms and counts are BIGINT in PostgreSQL; read them as numbers (safe below 2^53). */
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

async function migrate(db: Kysely<Database>, schema: string | undefined): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(`Store migration failed${failed ? ` at ${failed}` : ''}: ${(error as Error).message ?? String(error)}`, {
      cause: error,
    });
  }
}

/** Tables holding a tenant's data, children first (the audit log is not among them). */
const TENANT_TABLES = [
  'delivery_attempts',
  'outbox_events',
  'merged_conversations',
  'agent_feedback',
  'shown_selections',
  'idempotency_keys',
  'merge_jobs',
] as const;

/**
 * Opens the store and applies pending migrations (Kysely Migrator; safe when several replicas
 * start at once). SQLite runs in WAL mode with a busy timeout and `secure_delete`; PostgreSQL
 * uses a pool whose connections work in `schema`.
 */
export async function createStore(options: StoreOptions): Promise<Store> {
  let db: Kysely<Database>;
  let rawTransaction: <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>;
  let checkpoint: Store['checkpoint'];

  if (options.dialect === 'sqlite') {
    const onDisk = options.file !== ':memory:';
    if (onDisk) mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
    const sqlite = new SqliteDatabase(options.file);
    // Secrets are encrypted, but plans and payloads hold customer data: owner-only, like the
    // WAL and shared-memory files SQLite creates with the database's permissions.
    if (onDisk) chmodSync(options.file, 0o600);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.round(options.busyTimeoutMs ?? 5000))}`);
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('secure_delete = ON');
    const sqliteDb = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    db = sqliteDb;
    rawTransaction = (fn) =>
      sqliteDb.connection().execute(async (connection) => {
        await sql`begin immediate`.execute(connection);
        try {
          const result = await fn(connection);
          await sql`commit`.execute(connection);
          return result;
        } catch (error) {
          // Some errors (e.g. SQLITE_FULL) end the transaction themselves.
          if (sqlite.inTransaction) await sql`rollback`.execute(connection);
          throw error;
        }
      });
    checkpoint = async () => {
      if (options.file !== ':memory:') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(sqliteDb);
    };
    try {
      await migrate(db, undefined);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  } else {
    const schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid PostgreSQL schema name "${schema}"`);
    await ensureSchema(options.connectionString, schema);
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      options: `-c search_path=${schema}`,
      types: pgTypes,
    });
    pool.on('error', (error) => options.onIdleError?.(error));
    const pgDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    db = pgDb;
    rawTransaction = (fn) => pgDb.transaction().execute((trx) => fn(trx));
    checkpoint = async () => {};
    try {
      await migrate(db, schema);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }

  const dialect: StoreDialect = options.dialect;
  return {
    dialect,
    db,
    ...repositories(db, dialect),
    transaction: (fn) => rawTransaction((executor) => fn(repositories(executor, dialect))),
    checkpoint,
    purgeTenantData: (tenantId) =>
      rawTransaction(async (executor) => {
        const counts: Record<string, number> = {};
        for (const table of TENANT_TABLES) {
          const result = await executor.deleteFrom(table).where('tenant_id', '=', tenantId).executeTakeFirst();
          counts[table] = Number(result.numDeletedRows);
        }
        const tenant = await executor.deleteFrom('tenants').where('id', '=', tenantId).executeTakeFirst();
        counts.tenants = Number(tenant.numDeletedRows);
        return counts;
      }),
    close: () => db.destroy(),
  };
}
