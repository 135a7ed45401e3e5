import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { TWILIO_LOOKUP_BASE_URL } from '../lookup/index.js';
import { decodeMasterKey } from './master-key.js';
import { knownRegions, resolveRegion, type GenesysRegion } from './regions.js';
import type { LogLevel, TrustProxy } from './types.js';

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const httpUrl = (what: string) =>
  z.string().transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be an absolute ${what} URL` });
      return z.NEVER;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'must start with http:// or https://' });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must not carry credentials' });
      return z.NEVER;
    }
    return url.href.replace(/\/+$/, '');
  });

const baseUrl = (what: string) =>
  httpUrl(what).refine((value) => !/[?#]/.test(value), 'must not have a query or fragment');

const identifier = z
  .string()
  .max(256, 'must be at most 256 characters')
  .regex(/^\S+$/, 'must not contain spaces');

const boolean = z.stringbool({
  truthy: ['true', '1', 'yes', 'on'],
  falsy: ['false', '0', 'no', 'off'],
});

const origin = z.string().transform((value, ctx) => {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== value.replace(/\/$/, '')) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not an origin (scheme://host[:port], no path)` });
    return z.NEVER;
  }
  return url.origin;
});

const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part !== ''))
    .pipe(z.array(item));

const trustProxy = z.string().transform((value, ctx): TrustProxy => {
  const lower = value.toLowerCase();
  if (['true', 'yes', 'on'].includes(lower)) return true;
  if (['false', 'no', 'off'].includes(lower)) return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 0 && hops <= 32) return hops;
    ctx.addIssue({ code: 'custom', message: 'a hop count must be between 1 and 32' });
    return z.NEVER;
  }
  const entries = value.split(',').map((part) => part.trim()).filter(Boolean);
  const valid = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/;
  const bad = entries.find((entry) => !valid.test(entry));
  if (bad !== undefined || entries.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message: `"${bad ?? value}" is not true/false, a hop count, an IP/CIDR or loopback|linklocal|uniquelocal`,
    });
    return z.NEVER;
  }
  return entries;
});

const masterKey = z.string().transform((value, ctx) => {
  const key = decodeMasterKey(value);
  if (!key) {
    ctx.addIssue({ code: 'custom', message: 'must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)' });
    return z.NEVER;
  }
  return key;
});

const region = z.string().transform((value, ctx): GenesysRegion => {
  const found = resolveRegion(value);
  if (!found) {
    const keys = knownRegions().map((r) => r.key).join(', ');
    ctx.addIssue({ code: 'custom', message: `unknown region "${value}"; use an SDK key (${keys}) or its host` });
    return z.NEVER;
  }
  return found;
});

/**
 * One environment variable: its doc string, its default as text (null = unset; "(mode)" when it
 * depends on the mode) and the schema that turns its trimmed, non-empty text into a value.
 */
export interface ConfigVariable<T> {
  name: string;
  description: string;
  default: string | null;
  schema: z.ZodType<T, string>;
}

const variable = <T>(
  name: string,
  description: string,
  defaultText: string | null,
  schema: z.ZodType<T, string>,
): ConfigVariable<T> => ({ name, description, default: defaultText, schema });

/**
 * Every variable the service reads, with its doc string. `parseConfig` applies them; docs and
 * `--help` texts can list them from here.
 */
export const CONFIG_VARIABLES = {
  PORT: variable('PORT', 'TCP port of the HTTP server (0 = any free port).', '3000', wholeNumber(0, 65535)),
  HOST: variable(
    'HOST',
    'Address to listen on. Demo mode listens on loopback only.',
    '127.0.0.1 in demo mode, 0.0.0.0 otherwise',
    z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or an IP address'),
  ),
  PUBLIC_URL: variable(
    'PUBLIC_URL',
    'The base URL agents and Genesys reach this service at (widget and redirect URIs derive from it).',
    'http://localhost:<PORT>',
    baseUrl('http(s)'),
  ),
  DATA_DIR: variable(
    'DATA_DIR',
    'Directory for the SQLite database and, in demo mode, the generated master key.',
    './data',
    z.string().transform((value) => resolve(value)),
  ),
  DATABASE_URL: variable(
    'DATABASE_URL',
    'PostgreSQL connection string (postgres://…); unset = SQLite under DATA_DIR.',
    null,
    z.string().refine((value) => /^postgres(ql)?:\/\//.test(value), 'must start with postgres:// or postgresql://'),
  ),
  GENESYS_REGION: variable(
    'GENESYS_REGION',
    'Genesys Cloud region as an SDK key (us_east_1) or host (mypurecloud.com). Not needed with GENESYS_API_URL.',
    null,
    region,
  ),
  GENESYS_API_URL: variable(
    'GENESYS_API_URL',
    'Explicit Platform API base URL (e.g. an emulator at http://127.0.0.1:8089); replaces GENESYS_REGION. ' +
      'In demo mode it points at an already running emulator instead of starting the embedded one.',
    null,
    baseUrl('API'),
  ),
  GENESYS_LOGIN_URL: variable(
    'GENESYS_LOGIN_URL',
    "Explicit login base URL; defaults to the region's login host, or to GENESYS_API_URL when that is set.",
    null,
    baseUrl('login'),
  ),
  GENESYS_CLIENT_ID: variable('GENESYS_CLIENT_ID', "The backend's client-credentials OAuth client id.", null, identifier),
  GENESYS_CLIENT_SECRET: variable('GENESYS_CLIENT_SECRET', "That client's secret.", null, identifier),
  GENESYS_WIDGET_CLIENT_ID: variable(
    'GENESYS_WIDGET_CLIENT_ID',
    "The widget's OAuth client id (CODE grant with PKCE).",
    null,
    identifier,
  ),
  DEMO_DATASET: variable(
    'DEMO_DATASET',
    'Demo mode: a dataset file for the embedded emulator (default: the bundled demo dataset).',
    null,
    z
      .string()
      .transform((value) => resolve(value))
      .refine((path) => existsSync(path), 'file not found'),
  ),
  CRM_WEBHOOK_URL: variable('CRM_WEBHOOK_URL', 'Where merged sessions are sent (Standard Webhooks).', null, httpUrl('http(s)')),
  CRM_WEBHOOK_SECRET: variable(
    'CRM_WEBHOOK_SECRET',
    'Signing secret of CRM_WEBHOOK_URL: whsec_ + base64 of 24 to 64 random bytes.',
    null,
    z.string().refine((value) => {
      const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(value);
      if (!match?.[1]) return false;
      const bytes = Buffer.from(match[1], 'base64').length;
      return bytes >= 24 && bytes <= 64;
    }, 'must be whsec_ followed by base64 of 24 to 64 bytes'),
  ),
  TWILIO_ACCOUNT_SID: variable(
    'TWILIO_ACCOUNT_SID',
    'Carrier line-type lookup (Twilio Lookup v2): the account SID. With TWILIO_AUTH_TOKEN, tells a household landline from a mobile for US numbers.',
    null,
    z.string().regex(/^AC[0-9a-f]{32}$/, 'must be AC followed by 32 lower-case hex digits'),
  ),
  TWILIO_AUTH_TOKEN: variable('TWILIO_AUTH_TOKEN', 'The auth token (or API key secret) of TWILIO_ACCOUNT_SID.', null, identifier),
  TWILIO_LOOKUP_URL: variable(
    'TWILIO_LOOKUP_URL',
    'Base URL of the line-type lookup (demo mode without TWILIO_* credentials: the embedded emulator).',
    TWILIO_LOOKUP_BASE_URL,
    baseUrl('http(s)'),
  ),
  MASTER_KEY: variable(
    'MASTER_KEY',
    'Encrypts stored secrets and the audit key: 32 random bytes in base64. Demo mode generates one under DATA_DIR.',
    null,
    masterKey,
  ),
  MASTER_KEY_PREVIOUS: variable(
    'MASTER_KEY_PREVIOUS',
    'During a key rotation: the previous master key(s), comma-separated, still accepted for decryption.',
    null,
    list(masterKey),
  ),
  LOG_LEVEL: variable(
    'LOG_LEVEL',
    'pino log level.',
    'info',
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) as z.ZodType<LogLevel, string>,
  ),
  CORS_ORIGINS: variable(
    'CORS_ORIGINS',
    'Comma-separated origins allowed to call the API from a browser.',
    "PUBLIC_URL's origin",
    list(origin),
  ),
  TRUST_PROXY: variable(
    'TRUST_PROXY',
    "Express 'trust proxy': true/false, a hop count, or comma-separated IPs, CIDRs or loopback|linklocal|uniquelocal.",
    'false',
    trustProxy,
  ),
  ALLOW_PRIVATE_WEBHOOK_URLS: variable(
    'ALLOW_PRIVATE_WEBHOOK_URLS',
    'Allow webhook URLs that resolve to private, loopback or link-local addresses (demo mode always allows loopback).',
    'false',
    boolean,
  ),
  WEBHOOK_TIMEOUT_MS: variable('WEBHOOK_TIMEOUT_MS', 'Timeout of one webhook delivery.', '15000', wholeNumber(1000, 60_000)),
  RATE_LIMIT_PER_MINUTE: variable(
    'RATE_LIMIT_PER_MINUTE',
    'API requests allowed per agent per minute.',
    '300',
    wholeNumber(1, 100_000),
  ),
  AUTH_CACHE_TTL_MS: variable(
    'AUTH_CACHE_TTL_MS',
    'How long a checked agent token is cached (at most 60 s).',
    '60000',
    wholeNumber(0, 60_000),
  ),
  JOB_LEASE_MS: variable(
    'JOB_LEASE_MS',
    'How long a claimed merge job stays leased to a process without a heartbeat; a crashed process\'s jobs resume after it.',
    '30000',
    wholeNumber(1000, 3_600_000),
  ),
  JOB_HEARTBEAT_MS: variable(
    'JOB_HEARTBEAT_MS',
    'How often a running job renews its lease (less than half of JOB_LEASE_MS).',
    '10000',
    wholeNumber(100, 1_800_000),
  ),
  JOB_POLL_INTERVAL_MS: variable(
    'JOB_POLL_INTERVAL_MS',
    "How often the runner looks for due jobs (and how often job progress is re-read for another replica's jobs).",
    '1000',
    wholeNumber(10, 600_000),
  ),
  JOB_MAX_ATTEMPTS: variable(
    'JOB_MAX_ATTEMPTS',
    'Claims of one job before it is failed as attempts_exhausted (crash loops, repeated retries).',
    '8',
    wholeNumber(1, 100),
  ),
  JOB_CONCURRENCY: variable('JOB_CONCURRENCY', 'Merge jobs run at once by one process.', '4', wholeNumber(1, 64)),
  IDEMPOTENCY_TTL_HOURS: variable(
    'IDEMPOTENCY_TTL_HOURS',
    'How long an Idempotency-Key is remembered.',
    '24',
    wholeNumber(24, 24 * 30),
  ),
  AUDIT_RETENTION_DAYS: variable(
    'AUDIT_RETENTION_DAYS',
    'Audit entries older than this are purged (an anchor keeps the rest verifiable).',
    '730',
    wholeNumber(1, 36_500),
  ),
} as const;

/** The names of the variables `parseConfig` reads. */
export type ConfigVariableName = keyof typeof CONFIG_VARIABLES;
