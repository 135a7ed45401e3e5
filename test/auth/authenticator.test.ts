import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { createAgentAuthenticator, type AgentAuthenticator } from '../../server/src/auth/index.js';
import type { ManualClock } from '../../server/src/clock/index.js';
import { AppError } from '../../server/src/errors/index.js';
import { createLogger } from '../../server/src/logging/index.js';
import type { Tenant } from '../../server/src/tenants/index.js';
import { demoTenantAt } from './support/tenant.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

let emulator: TestEmulator;
let clock: ManualClock;
let tenant: Tenant;
let logLines: string[];

function authenticator(ttlMs = 60_000): AgentAuthenticator {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  return createAgentAuthenticator({
    tenants: { get: async (id) => (id === tenant.id ? tenant : null), list: async () => [tenant] },
    clock,
    ttlMs,
    logger: createLogger({ level: 'debug', destination: sink }),
  });
}

const calls = (template: string) => emulator.emulator.requestCounts().byEndpoint[template] ?? 0;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  emulator = await startTestEmulator({ manualClock: true });
  clock = emulator.manualClock!;
  tenant = demoTenantAt(emulator.url);
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.emulator.clearRequestCounts();
  logLines = [];
});

describe('agent token checks', () => {
  it('when a widget user token is presented, then the principal carries the tenant, the user and their permissions', async () => {
    const session = await authenticator().authenticate(`Bearer ${emulator.userToken('mergeAgent', DEMO_IDS.clients.widget.id)}`);
    expect(session.principal).toMatchObject({
      tenantId: DEMO_IDS.orgId,
      userId: DEMO_IDS.users.mergeAgent,
      name: 'Alex Agent',
      clientId: DEMO_IDS.clients.widget.id,
    });
    expect(session.principal.permissions).toContain('externalContacts:identity:merge');
  });

  it('when the same token comes again within the TTL, then Genesys is asked once; after the TTL, again', async () => {
    const auth = authenticator(60_000);
    const header = `Bearer ${emulator.userToken('mergeAgent', DEMO_IDS.clients.widget.id)}`;
    await auth.authenticate(header);
    await auth.authenticate(header);
    clock.advance(59_000);
    await auth.authenticate(header);
    expect(calls('GET /api/v2/tokens/me')).toBe(1);
    expect(calls('GET /api/v2/users/me')).toBe(1);
    clock.advance(1_001);
    await auth.authenticate(header);
    expect(calls('GET /api/v2/tokens/me')).toBe(2);
  });

  it('when a longer TTL is configured, then verdicts are still cached for at most 60 s', async () => {
    const auth = authenticator(3_600_000);
    const header = `Bearer ${emulator.userToken('viewAgent', DEMO_IDS.clients.widget.id)}`;
    await auth.authenticate(header);
    clock.advance(60_000);
    await auth.authenticate(header);
    expect(calls('GET /api/v2/tokens/me')).toBe(2);
  });

  it('when requests with one token arrive together, then they share one check', async () => {
    const auth = authenticator();
    const header = `Bearer ${emulator.userToken('admin', DEMO_IDS.clients.widget.id)}`;
    const sessions = await Promise.all([auth.authenticate(header), auth.authenticate(header), auth.authenticate(header)]);
    expect(new Set(sessions.map((s) => s.principal.userId))).toEqual(new Set([DEMO_IDS.users.admin]));
    expect(calls('GET /api/v2/tokens/me')).toBe(1);
  });

  it('when the header is absent or not a bearer token, then 401 says which', async () => {
    const auth = authenticator();
    const missing = await rejection(auth.authenticate(undefined));
    expect([missing.status, (missing.details as { reason: string }).reason]).toEqual([401, 'missing_token']);
    const malformed = await rejection(auth.authenticate('Basic abc'));
    expect([malformed.status, (malformed.details as { reason: string }).reason]).toEqual([401, 'invalid_token']);
    expect(calls('GET /api/v2/tokens/me')).toBe(0);
  });

  it('when the token has expired, then 401 invalid_token', async () => {
    const token = emulator.userToken('mergeAgent', DEMO_IDS.clients.widget.id);
    clock.advance(86_401_000);
    const error = await rejection(authenticator().authenticate(`Bearer ${token}`));
    expect([error.status, (error.details as { reason: string }).reason]).toEqual([401, 'invalid_token']);
  });

  it('when the token is a client-credentials token, then 401: a user token is required', async () => {
    const token = emulator.emulator.mintClientToken(DEMO_IDS.clients.backend.id);
    const error = await rejection(authenticator().authenticate(`Bearer ${token}`));
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/user token/);
  });

  it('when a token is refused, then the token never reaches the log', async () => {
    const token = emulator.emulator.mintClientToken(DEMO_IDS.clients.adminCli.id);
    await rejection(authenticator().authenticate(`Bearer ${token}`));
    expect(logLines.join('')).not.toContain(token);
  });
});
