import { join } from 'node:path';
import type { z } from 'zod';
import { TWILIO_LOOKUP_BASE_URL } from '../lookup/index.js';
import { loadOrCreateDemoMasterKey } from './master-key.js';
import type { Config, DatabaseConfig } from './types.js';
import { CONFIG_VARIABLES, type ConfigVariableName } from './variables.js';

/** One problem with one variable. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/** Invalid configuration. The message names every offending variable; `issues` lists them. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(`Invalid configuration: ${issues.map((issue) => `${issue.variable}: ${issue.message}`).join('; ')}`);
    this.issues = Object.freeze(issues.map((issue) => Object.freeze({ ...issue })));
  }
}

type Parsed = {
  [K in ConfigVariableName]: z.output<(typeof CONFIG_VARIABLES)[K]['schema']> | undefined;
};

const CREDENTIALS = ['GENESYS_CLIENT_ID', 'GENESYS_CLIENT_SECRET', 'GENESYS_WIDGET_CLIENT_ID'] as const;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Buffer.isBuffer(value) && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Parses the service's environment into a frozen, typed `Config` (DESIGN.md "Server
 * configuration"; every variable is documented in `CONFIG_VARIABLES`). Empty strings count as
 * unset. Throws `ConfigError` naming each bad variable, or a required one that is missing.
 *
 * Demo mode is chosen when the `GENESYS_*` credentials and region are all unset; setting some
 * of them but not all is an error. With `GENESYS_API_URL`, `GENESYS_REGION` is not needed.
 * Outside demo mode `MASTER_KEY` is required; in demo mode, when it is unset, a key is generated
 * once at `<DATA_DIR>/master.key` (mode 0600) and reused: the only side effect, done last.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const issues: ConfigIssue[] = [];
  const parsed = {} as Record<string, unknown>;
  for (const [name, variable] of Object.entries(CONFIG_VARIABLES)) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    const result = (variable.schema as z.ZodType<unknown, string>).safeParse(raw);
    if (result.success) parsed[name] = result.data;
    else issues.push({ variable: name, message: result.error.issues.map((issue) => issue.message).join(', ') });
  }
  const v = parsed as Parsed;
  const isSet = (name: ConfigVariableName) => {
    const raw = env[name]?.trim();
    return raw !== undefined && raw !== '';
  };

  const credentialsSet = CREDENTIALS.filter(isSet);
  const mode: Config['mode'] = credentialsSet.length === 0 && !isSet('GENESYS_REGION') ? 'demo' : 'genesys';
  if (mode === 'genesys') {
    for (const name of CREDENTIALS) {
      if (!isSet(name)) {
        issues.push({ variable: name, message: 'is required when any GENESYS_* credential or GENESYS_REGION is set' });
      }
    }
    if (!isSet('GENESYS_REGION') && !isSet('GENESYS_API_URL')) {
      issues.push({ variable: 'GENESYS_REGION', message: 'is required unless GENESYS_API_URL is set' });
    }
  }

  if (isSet('CRM_WEBHOOK_URL') !== isSet('CRM_WEBHOOK_SECRET')) {
    const missing = isSet('CRM_WEBHOOK_URL') ? 'CRM_WEBHOOK_SECRET' : 'CRM_WEBHOOK_URL';
    const other = missing === 'CRM_WEBHOOK_URL' ? 'CRM_WEBHOOK_SECRET' : 'CRM_WEBHOOK_URL';
    issues.push({ variable: missing, message: `is required when ${other} is set` });
  }

  if (isSet('TWILIO_ACCOUNT_SID') !== isSet('TWILIO_AUTH_TOKEN')) {
    const missing = isSet('TWILIO_ACCOUNT_SID') ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID';
    const other = missing === 'TWILIO_ACCOUNT_SID' ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID';
    issues.push({ variable: missing, message: `is required when ${other} is set` });
  }

  const leaseMs = v.JOB_LEASE_MS ?? 30_000;
  const heartbeatMs = v.JOB_HEARTBEAT_MS ?? Math.min(10_000, Math.floor(leaseMs / 3));
  if (heartbeatMs * 2 >= leaseMs) {
    issues.push({ variable: 'JOB_HEARTBEAT_MS', message: `must be less than half of JOB_LEASE_MS (${leaseMs})` });
  }

  if (mode === 'genesys' && !isSet('MASTER_KEY')) {
    issues.push({ variable: 'MASTER_KEY', message: 'is required outside demo mode (32 random bytes in base64)' });
  }

  if (issues.length > 0) throw new ConfigError(issues);

  const dataDir = v.DATA_DIR ?? join(process.cwd(), 'data');
  let masterKey: Config['masterKey'];
  if (v.MASTER_KEY) {
    masterKey = { current: v.MASTER_KEY, previous: v.MASTER_KEY_PREVIOUS ?? [], source: 'env' };
  } else {
    try {
      const { key } = loadOrCreateDemoMasterKey(dataDir);
      masterKey = { current: key, previous: v.MASTER_KEY_PREVIOUS ?? [], source: 'file' };
    } catch (error) {
      throw new ConfigError([
        { variable: 'MASTER_KEY', message: `unset, and the demo key could not be kept under DATA_DIR: ${(error as Error).message}` },
      ]);
    }
  }

  const port = v.PORT ?? 3000;
  const publicUrl = v.PUBLIC_URL ?? `http://localhost:${port}`;
  const region = v.GENESYS_REGION ?? null;
  const apiUrl = v.GENESYS_API_URL ?? null;
  const apiBaseUrl = apiUrl ?? (region ? `https://api.${region.host}` : null);
  const loginBaseUrl = v.GENESYS_LOGIN_URL ?? (apiUrl ? new URL(apiUrl).origin : region ? `https://login.${region.host}` : null);
  const database: DatabaseConfig = v.DATABASE_URL
    ? { kind: 'postgres', url: v.DATABASE_URL }
    : { kind: 'sqlite', file: join(dataDir, 'interaction-merger.sqlite') };
  const allowPrivateUrls = v.ALLOW_PRIVATE_WEBHOOK_URLS ?? false;

  const config: Config = {
    mode,
    port,
    host: v.HOST ?? (mode === 'demo' ? '127.0.0.1' : '0.0.0.0'),
    publicUrl,
    dataDir,
    database,
    genesys: {
      region,
      apiBaseUrl,
      loginBaseUrl,
      customBaseUrl: apiUrl !== null || v.GENESYS_LOGIN_URL !== undefined,
      clientId: v.GENESYS_CLIENT_ID ?? null,
      clientSecret: v.GENESYS_CLIENT_SECRET ?? null,
      widgetClientId: v.GENESYS_WIDGET_CLIENT_ID ?? null,
    },
    demoDataset: v.DEMO_DATASET ?? null,
    crmWebhook: v.CRM_WEBHOOK_URL && v.CRM_WEBHOOK_SECRET ? { url: v.CRM_WEBHOOK_URL, secret: v.CRM_WEBHOOK_SECRET } : null,
    lineTypeLookup: v.TWILIO_ACCOUNT_SID && v.TWILIO_AUTH_TOKEN
      ? { baseUrl: v.TWILIO_LOOKUP_URL ?? TWILIO_LOOKUP_BASE_URL, accountSid: v.TWILIO_ACCOUNT_SID, authToken: v.TWILIO_AUTH_TOKEN }
      : null,
    masterKey,
    log: { level: v.LOG_LEVEL ?? 'info' },
    http: {
      corsOrigins: v.CORS_ORIGINS ?? [new URL(publicUrl).origin],
      trustProxy: v.TRUST_PROXY ?? false,
      rateLimitPerMinute: v.RATE_LIMIT_PER_MINUTE ?? 300,
      authCacheTtlMs: v.AUTH_CACHE_TTL_MS ?? 60_000,
    },
    webhooks: {
      allowPrivateUrls,
      allowLoopback: allowPrivateUrls || mode === 'demo',
      timeoutMs: v.WEBHOOK_TIMEOUT_MS ?? 15_000,
    },
    jobs: {
      leaseMs,
      heartbeatMs,
      pollIntervalMs: v.JOB_POLL_INTERVAL_MS ?? 1000,
      maxAttempts: v.JOB_MAX_ATTEMPTS ?? 8,
      concurrency: v.JOB_CONCURRENCY ?? 4,
      idempotencyTtlMs: (v.IDEMPOTENCY_TTL_HOURS ?? 24) * 3_600_000,
    },
    audit: { retentionDays: v.AUDIT_RETENTION_DAYS ?? 730 },
  };
  return deepFreeze(config);
}

/**
 * A copy of the configuration that is safe to log or print: secrets, keys and the database
 * password are replaced by `[redacted]`.
 */
export function redactConfig(config: Config): Record<string, unknown> {
  const redacted = '[redacted]';
  let database: Record<string, unknown> = { ...config.database };
  if (config.database.kind === 'postgres') {
    const url = new URL(config.database.url);
    if (url.password) url.password = redacted;
    database = { kind: 'postgres', url: url.href };
  }
  return {
    ...config,
    database,
    genesys: { ...config.genesys, clientSecret: config.genesys.clientSecret ? redacted : null },
    crmWebhook: config.crmWebhook ? { url: config.crmWebhook.url, secret: redacted } : null,
    lineTypeLookup: config.lineTypeLookup ? { ...config.lineTypeLookup, authToken: redacted } : null,
    masterKey: { current: redacted, previous: config.masterKey.previous.map(() => redacted), source: config.masterKey.source },
  };
}
