import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CONFIG_VARIABLES,
  ConfigError,
  parseConfig,
  redactConfig,
  resolveRegion,
} from '../../server/src/config/index.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const OTHER_KEY = Buffer.alloc(32, 9).toString('base64');
const REAL = {
  GENESYS_REGION: 'us_east_1',
  GENESYS_CLIENT_ID: 'backend-client',
  GENESYS_CLIENT_SECRET: 'backend-secret',
  GENESYS_WIDGET_CLIENT_ID: 'widget-client',
  MASTER_KEY: KEY,
};

function expectConfigError(env: Record<string, string | undefined>, variable: string): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.message).toContain(variable);
    expect(configError.issues.map((issue) => issue.variable)).toContain(variable);
    return configError;
  }
  throw new Error(`expected a ConfigError naming ${variable}`);
}

describe('parseConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'im-config-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when nothing is set, then demo mode runs on SQLite under DATA_DIR with the documented defaults', () => {
    const config = parseConfig({ DATA_DIR: dataDir });
    expect(config.mode).toBe('demo');
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.database).toEqual({ kind: 'sqlite', file: join(dataDir, 'interaction-merger.sqlite') });
    expect(config.genesys.apiBaseUrl).toBeNull();
    expect(config.webhooks).toEqual({ allowPrivateUrls: false, allowLoopback: true, timeoutMs: 15_000 });
    expect(config.http.corsOrigins).toEqual(['http://localhost:3000']);
    expect(config.jobs).toMatchObject({ leaseMs: 30_000, heartbeatMs: 10_000, idempotencyTtlMs: 24 * 3_600_000 });
    expect(config.log.level).toBe('info');
  });

  it('when demo mode has no MASTER_KEY, then a key is generated under DATA_DIR with mode 0600 and reused', () => {
    const first = parseConfig({ DATA_DIR: dataDir });
    const file = join(dataDir, 'master.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.masterKey.current).toHaveLength(32);
    expect(first.masterKey.source).toBe('file');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.masterKey.current.toString('base64'));
    const second = parseConfig({ DATA_DIR: dataDir });
    expect(second.masterKey.current.equals(first.masterKey.current)).toBe(true);
  });

  it('when the demo key file is readable by others, then it is tightened to 0600', () => {
    writeFileSync(join(dataDir, 'master.key'), `${KEY}\n`, { mode: 0o644 });
    const config = parseConfig({ DATA_DIR: dataDir });
    expect(config.masterKey.current.toString('base64')).toBe(KEY);
    expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
  });

  it('when the GENESYS_* variables are set, then the region gives the API and login URLs', () => {
    const config = parseConfig({ ...REAL, DATA_DIR: dataDir });
    expect(config.mode).toBe('genesys');
    expect(config.host).toBe('0.0.0.0');
    expect(config.genesys).toEqual({
      region: { key: 'us_east_1', host: 'mypurecloud.com' },
      apiBaseUrl: 'https://api.mypurecloud.com',
      loginBaseUrl: 'https://login.mypurecloud.com',
      customBaseUrl: false,
      clientId: 'backend-client',
      clientSecret: 'backend-secret',
      widgetClientId: 'widget-client',
    });
    expect(config.webhooks.allowLoopback).toBe(false);
    expect(config.masterKey.source).toBe('env');
  });

  it('when the region is written as a host, then it resolves to the same SDK region', () => {
    for (const value of ['mypurecloud.ie', 'api.mypurecloud.ie', 'https://login.mypurecloud.ie/', 'EU-WEST-1']) {
      expect(parseConfig({ ...REAL, GENESYS_REGION: value }).genesys.region).toEqual({ key: 'eu_west_1', host: 'mypurecloud.ie' });
    }
    expect(resolveRegion('usw2.pure.cloud')).toEqual({ key: 'us_west_2', host: 'usw2.pure.cloud' });
  });

  it('when GENESYS_API_URL is set, then GENESYS_REGION is not needed and login defaults to that origin', () => {
    const config = parseConfig({ ...REAL, GENESYS_REGION: undefined, GENESYS_API_URL: 'http://127.0.0.1:8089/' });
    expect(config.genesys.region).toBeNull();
    expect(config.genesys.apiBaseUrl).toBe('http://127.0.0.1:8089');
    expect(config.genesys.loginBaseUrl).toBe('http://127.0.0.1:8089');
    expect(config.genesys.customBaseUrl).toBe(true);
  });

  it('when only GENESYS_API_URL is set, then demo mode uses that emulator', () => {
    const config = parseConfig({ DATA_DIR: dataDir, GENESYS_API_URL: 'http://127.0.0.1:8089' });
    expect(config.mode).toBe('demo');
    expect(config.genesys.apiBaseUrl).toBe('http://127.0.0.1:8089');
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['GENESYS_REGION', { ...REAL, GENESYS_REGION: 'mars_north_1' }],
    ['GENESYS_API_URL', { ...REAL, GENESYS_API_URL: 'ftp://x' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ['MASTER_KEY', { MASTER_KEY: Buffer.alloc(16).toString('base64') }],
    ['MASTER_KEY', { MASTER_KEY: `${KEY}!` }],
    ['MASTER_KEY_PREVIOUS', { MASTER_KEY: KEY, MASTER_KEY_PREVIOUS: `${OTHER_KEY},nope` }],
    ['CRM_WEBHOOK_SECRET', { CRM_WEBHOOK_URL: 'https://crm.example.com/hook', CRM_WEBHOOK_SECRET: 'plain' }],
    ['CRM_WEBHOOK_SECRET', { CRM_WEBHOOK_URL: 'https://crm.example.com/hook' }],
    ['CRM_WEBHOOK_URL', { CRM_WEBHOOK_SECRET: `whsec_${Buffer.alloc(24, 1).toString('base64')}` }],
    ['TWILIO_ACCOUNT_SID', { TWILIO_ACCOUNT_SID: 'not-a-sid', TWILIO_AUTH_TOKEN: 'token' }],
    ['TWILIO_AUTH_TOKEN', { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}` }],
    ['TWILIO_ACCOUNT_SID', { TWILIO_AUTH_TOKEN: 'token' }],
    ['TWILIO_LOOKUP_URL', { TWILIO_LOOKUP_URL: 'https://lookups.example.com/?x=1' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['CORS_ORIGINS', { CORS_ORIGINS: 'https://ok.example.com,https://bad.example.com/path' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'maybe' }],
    ['ALLOW_PRIVATE_WEBHOOK_URLS', { ALLOW_PRIVATE_WEBHOOK_URLS: 'perhaps' }],
    ['JOB_HEARTBEAT_MS', { JOB_LEASE_MS: '10000', JOB_HEARTBEAT_MS: '6000' }],
    ['AUTH_CACHE_TTL_MS', { AUTH_CACHE_TTL_MS: '120000' }],
    ['DEMO_DATASET', { DEMO_DATASET: '/no/such/dataset.json' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'https://user:pw@merger.example.com' }],
  ])('when %s is invalid, then ConfigError names it', (variable, env) => {
    expectConfigError({ DATA_DIR: dataDir, ...env }, variable);
  });

  it('when a credential is missing outside demo mode, then ConfigError names the missing variable', () => {
    expectConfigError({ ...REAL, GENESYS_WIDGET_CLIENT_ID: undefined }, 'GENESYS_WIDGET_CLIENT_ID');
    expectConfigError({ ...REAL, GENESYS_REGION: '' }, 'GENESYS_REGION');
    expectConfigError({ ...REAL, MASTER_KEY: undefined }, 'MASTER_KEY');
  });

  it('when several variables are bad, then every one is named in one error', () => {
    const error = expectConfigError({ DATA_DIR: dataDir, PORT: 'x', LOG_LEVEL: 'loud' }, 'PORT');
    expect(error.message).toContain('LOG_LEVEL');
  });

  it('when a variable is an empty string, then it counts as unset', () => {
    expect(parseConfig({ DATA_DIR: dataDir, PORT: '', DATABASE_URL: '  ' }).database.kind).toBe('sqlite');
  });

  it('when the tunables are set, then they are typed values', () => {
    const config = parseConfig({
      ...REAL,
      MASTER_KEY_PREVIOUS: ` ${OTHER_KEY} `,
      DATABASE_URL: 'postgres://im:pw@db.internal:5432/im',
      TRUST_PROXY: 'loopback, 10.0.0.0/8',
      ALLOW_PRIVATE_WEBHOOK_URLS: 'true',
      CORS_ORIGINS: 'https://apps.mypurecloud.com, https://merger.example.com',
      JOB_LEASE_MS: '60000',
      JOB_HEARTBEAT_MS: '15000',
      IDEMPOTENCY_TTL_HOURS: '48',
      CRM_WEBHOOK_URL: 'https://crm.example.com/hook',
      CRM_WEBHOOK_SECRET: `whsec_${Buffer.alloc(32, 3).toString('base64')}`,
    });
    expect(config.masterKey.previous.map((key) => key.toString('base64'))).toEqual([OTHER_KEY]);
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://im:pw@db.internal:5432/im' });
    expect(config.http.trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(config.webhooks).toMatchObject({ allowPrivateUrls: true, allowLoopback: true });
    expect(config.http.corsOrigins).toEqual(['https://apps.mypurecloud.com', 'https://merger.example.com']);
    expect(config.jobs).toMatchObject({ leaseMs: 60_000, heartbeatMs: 15_000, idempotencyTtlMs: 48 * 3_600_000 });
    expect(config.crmWebhook?.url).toBe('https://crm.example.com/hook');
    expect(config.lineTypeLookup).toBeNull();
  });

  it('when the Twilio credentials are set, then the line-type lookup is configured (default base URL, or TWILIO_LOOKUP_URL)', () => {
    const sid = `AC${'ab'.repeat(16)}`;
    expect(parseConfig({ ...REAL, TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'lookup-token' }).lineTypeLookup)
      .toEqual({ baseUrl: 'https://lookups.twilio.com', accountSid: sid, authToken: 'lookup-token' });
    expect(parseConfig({ ...REAL, TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'lookup-token', TWILIO_LOOKUP_URL: 'http://127.0.0.1:8089/twilio-lookups/' }).lineTypeLookup?.baseUrl)
      .toBe('http://127.0.0.1:8089/twilio-lookups');
  });

  it('when the config is parsed, then it is deeply frozen', () => {
    const config = parseConfig({ ...REAL });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.genesys)).toBe(true);
    expect(Object.isFrozen(config.http.corsOrigins)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('when the config is redacted for printing, then no secret or key remains', () => {
    const config = parseConfig({
      ...REAL,
      DATABASE_URL: 'postgres://im:db-password@db.internal/im',
      CRM_WEBHOOK_URL: 'https://crm.example.com/hook',
      CRM_WEBHOOK_SECRET: `whsec_${Buffer.alloc(32, 3).toString('base64')}`,
      TWILIO_ACCOUNT_SID: `AC${'ab'.repeat(16)}`,
      TWILIO_AUTH_TOKEN: 'twilio-lookup-token',
    });
    const text = JSON.stringify(redactConfig(config));
    for (const secret of ['backend-secret', 'db-password', KEY, Buffer.alloc(32, 3).toString('base64'), 'twilio-lookup-token']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('backend-client');
  });

  it('when the variables are listed, then each has a doc string', () => {
    for (const variable of Object.values(CONFIG_VARIABLES)) {
      expect(variable.description.length, variable.name).toBeGreaterThan(10);
    }
    expect(Object.keys(CONFIG_VARIABLES)).toEqual(
      expect.arrayContaining(['PORT', 'DATA_DIR', 'DATABASE_URL', 'GENESYS_REGION', 'GENESYS_CLIENT_ID', 'GENESYS_CLIENT_SECRET',
        'GENESYS_WIDGET_CLIENT_ID', 'GENESYS_API_URL', 'DEMO_DATASET', 'CRM_WEBHOOK_URL', 'CRM_WEBHOOK_SECRET', 'MASTER_KEY']),
    );
  });
});
