import type { Config } from '../config/index.js';
import type { StoreOptions } from './store.js';

/** The store options that the configuration selects: PostgreSQL with `DATABASE_URL`, else SQLite under `DATA_DIR`. */
export function storeOptionsFromConfig(config: Pick<Config, 'database'>): StoreOptions {
  return config.database.kind === 'postgres'
    ? { dialect: 'postgres', connectionString: config.database.url }
    : { dialect: 'sqlite', file: config.database.file };
}
