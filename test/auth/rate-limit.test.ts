/**
 * A Genesys that answers 429 naming its wait only in `inin-ratelimit-reset` (no `Retry-After`):
 * the authenticator waits a short wait out on its own clock, and answers a long one at once (the
 * agent is looking at the widget, which counts it down), saying how long the agent should wait.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentAuthenticator } from '../../server/src/auth/index.js';
import { createManualClock } from '../../server/src/clock/index.js';
import { AppError } from '../../server/src/errors/index.js';
import { demoTenantAt } from './support/tenant.js';

let resetSeconds = 3;
let genesys: Server;
let url: string;
let seen: string[] = [];

beforeAll(async () => {
  genesys = createServer((req, res) => {
    seen.push(`${req.method} ${req.url?.split('?')[0]}`);
    res.writeHead(429, { 'content-type': 'application/json', 'inin-ratelimit-reset': String(resetSeconds) });
    res.end(JSON.stringify({ message: 'Rate limit exceeded', code: 'too.many.requests', status: 429 }));
  });
  await new Promise<void>((resolve) => genesys.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(genesys.address() as AddressInfo).port}`;
});

afterAll(async () => {
  genesys.closeAllConnections();
  await new Promise((resolve) => genesys.close(resolve));
});

describe('the auth path under a Genesys rate limit', () => {
  const authenticate = async () => {
    seen = [];
    const tenant = demoTenantAt(url);
    const clock = createManualClock();
    const auth = createAgentAuthenticator({
      tenants: { get: async () => tenant, list: async () => [tenant] },
      clock,
      ttlMs: 60_000,
    });
    return { clock, error: await auth.authenticate('Bearer some-agent-token').catch((e: unknown) => e) };
  };

  it('when Genesys keeps answering 429 with a short wait in inin-ratelimit-reset, then it is waited out twice, then 503 genesys_rate_limited names it', async () => {
    resetSeconds = 3;
    const { clock, error } = await authenticate();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 503, code: 'genesys_rate_limited', details: { upstreamStatus: 429, retryAfterSeconds: 3 } });
    expect(seen).toEqual(['GET /api/v2/tokens/me', 'GET /api/v2/tokens/me', 'GET /api/v2/tokens/me']);
    // Each wait is the reset plus jitter under 250 ms.
    expect(clock.sleeps).toHaveLength(2);
    for (const wait of clock.sleeps) expect(Math.floor(wait / 1000)).toBe(3);
  });

  it('when the wait Genesys names is longer than an agent should stare at a spinner, then 503 genesys_rate_limited names it at once', async () => {
    resetSeconds = 42;
    const { clock, error } = await authenticate();
    expect(error).toMatchObject({ status: 503, code: 'genesys_rate_limited', details: { upstreamStatus: 429, retryAfterSeconds: 42 } });
    expect(seen).toEqual(['GET /api/v2/tokens/me']);
    expect(clock.sleeps).toEqual([]);
  });
});
