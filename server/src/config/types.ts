import type { GenesysRegion } from './regions.js';

/** pino levels, plus `silent`. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Where the store lives: a SQLite file (default) or PostgreSQL (`DATABASE_URL`). */
export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string };

/** Express's `trust proxy`: false, true, a hop count, or addresses / subnets / names. */
export type TrustProxy = boolean | number | string[];

/**
 * The service's configuration, parsed once from the environment by `parseConfig` and frozen.
 * Durations are milliseconds.
 */
export interface Config {
  /** `demo` when the `GENESYS_*` credentials are unset: embedded emulator and demo tenant. */
  readonly mode: 'demo' | 'genesys';
  readonly port: number;
  /** Address to listen on. */
  readonly host: string;
  /** The externally visible base URL of this service, without a trailing slash. */
  readonly publicUrl: string;
  /** Absolute path of the data directory. */
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly genesys: {
    /** Null in demo mode without `GENESYS_REGION`, or when `GENESYS_API_URL` replaces it. */
    readonly region: GenesysRegion | null;
    /**
     * API base URL (`https://api.<host>` or `GENESYS_API_URL`). Null in demo mode without
     * `GENESYS_API_URL`: the embedded emulator's URL is known only once it listens.
     */
    readonly apiBaseUrl: string | null;
    /** Login base URL (`https://login.<host>`, `GENESYS_LOGIN_URL`, or the API URL's origin). */
    readonly loginBaseUrl: string | null;
    /** True when the URLs are not the region's own (an emulator or a gateway). */
    readonly customBaseUrl: boolean;
    readonly clientId: string | null;
    readonly clientSecret: string | null;
    readonly widgetClientId: string | null;
  };
  /** Demo mode only: the dataset to seed the embedded emulator with (null = the built-in one). */
  readonly demoDataset: string | null;
  /** The CRM endpoint configured through the environment (for the single-org tenant). */
  readonly crmWebhook: { readonly url: string; readonly secret: string } | null;
  /**
   * The carrier line-type lookup (Twilio Lookup v2), when `TWILIO_ACCOUNT_SID` and
   * `TWILIO_AUTH_TOKEN` are set. Null otherwise; demo mode then uses the embedded emulator's.
   */
  readonly lineTypeLookup: { readonly baseUrl: string; readonly accountSid: string; readonly authToken: string } | null;
  readonly masterKey: {
    /** Encrypts new data; 32 bytes. */
    readonly current: Buffer;
    /** Older keys, accepted for decryption during a rotation (`MASTER_KEY_PREVIOUS`). */
    readonly previous: readonly Buffer[];
    /** `env` (MASTER_KEY) or `file` (demo mode, generated under DATA_DIR). */
    readonly source: 'env' | 'file';
  };
  readonly log: { readonly level: LogLevel };
  readonly http: {
    readonly corsOrigins: readonly string[];
    readonly trustProxy: TrustProxy;
    /** Requests per agent per minute. */
    readonly rateLimitPerMinute: number;
    /** How long a checked agent token is cached (at most 60 s). */
    readonly authCacheTtlMs: number;
  };
  readonly webhooks: {
    /** Webhook URLs may resolve to private, link-local or loopback addresses. */
    readonly allowPrivateUrls: boolean;
    /** Loopback receivers are allowed (demo mode, or `allowPrivateUrls`). */
    readonly allowLoopback: boolean;
    readonly timeoutMs: number;
  };
  readonly jobs: {
    readonly leaseMs: number;
    readonly heartbeatMs: number;
    readonly pollIntervalMs: number;
    readonly maxAttempts: number;
    readonly concurrency: number;
    readonly idempotencyTtlMs: number;
  };
  readonly audit: { readonly retentionDays: number };
}
