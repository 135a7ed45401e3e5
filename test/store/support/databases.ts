import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { createStore, STORE_TABLES, type Store, type StoreOptions } from '../../../server/src/store/index.js';

/** PostgreSQL for tests: `TEST_DATABASE_URL`, else the CI database (127.0.0.1:5432, database `test`, trust auth). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Every suite that touches the store runs once per dialect. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof DIALECTS)[number];

/** A database of its own for one test file: a temporary SQLite file, or a fresh PostgreSQL schema. */
export interface TestDatabase {
  readonly dialect: TestDialect;
  /** Options to open it (several stores may open the same database, like replicas). */
  readonly options: StoreOptions;
  /** Opens a store on it (migrating on first open); closed by `destroy`. */
  open(): Promise<Store>;
  /** Closes every store opened here and removes the database. */
  destroy(): Promise<void>;
}

/** Creates an isolated database; `tag` names it, so a leftover is traceable to its test file. */
export async function createTestDatabase(dialect: TestDialect, tag: string): Promise<TestDatabase> {
  const opened: Store[] = [];
  const suffix = `${tag.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  let options: StoreOptions;
  let remove: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `im-store-${suffix}-`));
    options = { dialect: 'sqlite', file: join(dir, 'store.sqlite') };
    remove = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `t_${suffix}`.slice(0, 60);
    options = { dialect: 'postgres', connectionString: TEST_DATABASE_URL, schema, poolSize: 4 };
    remove = async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    };
  }
  return {
    dialect,
    options,
    async open() {
      const store = await createStore(options);
      opened.push(store);
      return store;
    },
    async destroy() {
      for (const store of opened.splice(0)) await store.close();
      await remove();
    },
  };
}

/** Empties every table of the store (between tests that share one database). */
export async function truncateAll(store: Store): Promise<void> {
  for (const table of STORE_TABLES) await store.db.deleteFrom(table).execute();
}

/**
 * Every row of every table in the store's database or schema (found by introspection, so a
 * table added later is scanned too), as JSON text per table: for "nothing of X is left" checks.
 */
export async function dumpAllTables(store: Store, options: StoreOptions): Promise<Record<string, string>> {
  const schema = options.dialect === 'postgres' ? (options.schema ?? 'public') : undefined;
  const tables = (await store.db.introspection.getTables({ withInternalKyselyTables: true })).filter(
    (table) => schema === undefined || table.schema === schema,
  );
  const dump: Record<string, string> = {};
  for (const table of tables) {
    const rows = await sql`select * from ${sql.table(schema ? `${schema}.${table.name}` : table.name)}`.execute(store.db);
    dump[table.name] = JSON.stringify(rows.rows);
  }
  return dump;
}
