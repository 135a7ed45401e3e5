import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../server/src/clock/index.js';
import { createMemoryOutbox, createOutboxRelay, createPinnedFetch } from '../../server/src/crm/index.js';
import type { Resolve } from '../../server/src/crm/index.js';
import { createMetrics } from '../../server/src/metrics/index.js';
import { captureLogger } from '../logging/support.js';
import { sampleOutboxMessage } from './support/fixtures.js';
import { SECRET, START } from './support/harness.js';
import { CRM_TEST_CERT, CRM_TEST_KEY } from './support/tls.js';
import { verifyBySpec } from './support/verifier.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tlsReceiver() {
  const seen: Array<{ servername: string | false | null; host: string | undefined; body: string; headers: Record<string, unknown> }> = [];
  const server = createServer({ cert: CRM_TEST_CERT, key: CRM_TEST_KEY }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        servername: (req.socket as TLSSocket).servername,
        host: req.headers.host,
        body: Buffer.concat(chunks).toString(),
        headers: req.headers,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port: (server.address() as AddressInfo).port, seen };
}

describe('pinned transport over TLS', () => {
  it('when the checked address is loopback, then TLS still verifies the certificate for the URL\'s name (SNI and Host are the name)', async () => {
    const receiver = await tlsReceiver();
    const clock = createManualClock(START);
    const resolve: Resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    const store = createMemoryOutbox();
    const fetch = createPinnedFetch({ ca: CRM_TEST_CERT });
    cleanups.push(() => fetch.close());
    const relay = createOutboxRelay({
      store, clock, fetch, resolve, allowLoopback: true, ownerId: 'tls',
      logger: captureLogger().logger, metrics: createMetrics({ defaultMetrics: false }),
    });
    cleanups.push(() => relay.stop());

    store.setEndpoint({ tenantId: 'tenant-1', url: `https://crm.test:${receiver.port}/hooks`, secret: SECRET, enabled: true });
    const good = sampleOutboxMessage('tenant-1', 'job-1', clock.now());
    store.enqueue(good, clock.now());
    expect(await relay.runOnce()).toMatchObject({ delivered: 1 });
    expect(receiver.seen).toHaveLength(1);
    expect(receiver.seen[0]).toMatchObject({ servername: 'crm.test', host: `crm.test:${receiver.port}`, body: good.payload });
    expect(verifyBySpec(SECRET, receiver.seen[0]!.headers as Record<string, string>, receiver.seen[0]!.body)).toBe(true);

    store.setEndpoint({ tenantId: 'tenant-1', url: `https://impostor.test:${receiver.port}/hooks`, secret: SECRET, enabled: true });
    const bad = sampleOutboxMessage('tenant-1', 'job-2', clock.now());
    store.enqueue(bad, clock.now());
    expect(await relay.runOnce()).toMatchObject({ retried: 1 });
    expect(store.get(bad.id)?.lastError).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID|altnames/);
    expect(receiver.seen).toHaveLength(1);
  });
});
