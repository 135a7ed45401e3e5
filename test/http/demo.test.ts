import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServerSentEvents } from '../../client/widget/api/sse.js';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { createManualClock } from '../../server/src/clock/index.js';
import { generateWebhookSecret, signWebhook } from '../../server/src/crm/index.js';
import { createCrmReceiver, desktopRoutes, startDemoEmulator, type DemoEmulator } from '../../server/src/demo/index.js';
import type { Job, MergePlan } from '../../server/src/http/index.js';
import { createLogger } from '../../server/src/logging/index.js';
import { idempotencyKey, mintToken, startChildServer, startTestServer, type ChildServer } from '../support/server.js';

describe('the built-in CRM receiver', () => {
  const clock = createManualClock(Date.parse('2026-11-26T10:00:00Z'));
  const secret = generateWebhookSecret();
  const receiver = createCrmReceiver({ clock, secret: async () => secret });
  const app = express().use(receiver.router);
  const payload = JSON.stringify({ id: 'msg_1', type: 'interaction.merged', data: { contactId: 'c-1' } });

  it('when a correctly signed webhook arrives, then it is acknowledged and listed as verified; a repeat is acknowledged once more but listed once', async () => {
    const headers = signWebhook({ id: 'msg_1', payload, secret, at: clock.now() });
    for (let i = 0; i < 2; i++) {
      const response = await request(app).post('/crm/hooks').set(headers).set('content-type', 'application/json').send(payload);
      expect(response.status).toBe(204);
    }
    const listed = await request(app).get('/crm/api/deliveries');
    expect(listed.body).toEqual([
      { webhookId: 'msg_1', receivedAt: '2026-11-26T10:00:00.000Z', type: 'interaction.merged', verified: true, payload: JSON.parse(payload) },
    ]);
  });

  it('when the signature does not match, then 400 and it is listed as not verified', async () => {
    const headers = signWebhook({ id: 'msg_2', payload, secret: generateWebhookSecret(), at: clock.now() });
    const response = await request(app).post('/crm/hooks').set(headers).set('content-type', 'application/json').send(payload);
    expect(response.status).toBe(400);
    expect(receiver.deliveries()[0]).toMatchObject({ webhookId: 'msg_2', verified: false });
  });

  it('when the signature is too old, then it is not verified', async () => {
    const headers = signWebhook({ id: 'msg_3', payload, secret, at: clock.now() - 10 * 60_000 });
    expect((await request(app).post('/crm/hooks').set(headers).send(payload)).status).toBe(400);
  });
});

describe('the desktop harness endpoints', () => {
  let emulator: DemoEmulator;

  beforeAll(async () => {
    emulator = await startDemoEmulator({ datasetFile: null, logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('when the harness asks, then it gets the widget on the other loopback origin and the org interactions, the one in progress first', async () => {
    const app = express().use(
      desktopRoutes({
        config: () => ({ widgetOrigin: 'http://127.0.0.1:4000', widgetClientId: DEMO_IDS.clients.widget.id, hostOrigin: 'http://localhost:4000', langTag: 'en-us' }),
        interactions: () => emulator.interactions(),
      }),
    );
    expect((await request(app).get('/desktop/api/config')).body).toEqual({
      widgetOrigin: 'http://127.0.0.1:4000', widgetClientId: DEMO_IDS.clients.widget.id, hostOrigin: 'http://localhost:4000', langTag: 'en-us',
    });
    const interactions = (await request(app).get('/desktop/api/interactions')).body as Array<Record<string, unknown>>;
    expect(interactions[0]).toMatchObject({ conversationId: DEMO_IDS.conversations.janeActiveCall, mediaType: 'voice', customerLabel: expect.any(String) });
    expect(interactions.map((i) => i.conversationId)).not.toContain(DEMO_IDS.conversations.mohammedPurgedCall);
    expect(Object.keys(interactions[0]!).sort()).toEqual(['conversationId', 'customerLabel', 'mediaType', 'messageType', 'startTime']);
  });
});

describe('pages', () => {
  const clientDir = mkdtempSync(join(tmpdir(), 'im-client-'));
  for (const page of ['widget', 'desktop', 'crm']) {
    mkdirSync(join(clientDir, page));
    writeFileSync(join(clientDir, page, 'index.html'), `<!doctype html><title>${page}</title>`);
  }
  mkdirSync(join(clientDir, 'assets'));
  writeFileSync(join(clientDir, 'assets', 'app-abc123.js'), 'export {};');

  afterAll(() => rmSync(clientDir, { recursive: true, force: true }));

  it('when the pages are built, then /widget, /desktop, /crm and /assets are served (assets cached for good) and / leads to the desktop', async () => {
    const server = await startTestServer({ webhook: null, start: false, service: { clientDir } });
    try {
      for (const page of ['widget', 'desktop', 'crm']) {
        const response = await fetch(`${server.url}/${page}`);
        expect(response.status).toBe(200);
        expect(await response.text()).toContain(`<title>${page}</title>`);
      }
      const asset = await fetch(`${server.url}/assets/app-abc123.js`);
      expect(asset.headers.get('cache-control')).toMatch(/immutable/);
      const root = await fetch(`${server.url}/`, { redirect: 'manual' });
      expect([root.status, root.headers.get('location')]).toEqual([302, '/desktop']);
      const config = (await (await fetch(`${server.url}/api/v1/auth-config`)).json()) as { loginBaseUrl: string };
      expect(config).toEqual({ loginBaseUrl: server.emulator.url, apiBaseUrl: server.emulator.url });
    } finally {
      await server.close();
    }
  });

  it('when the pages are not built, then /widget says how to build them', async () => {
    const server = await startTestServer({ webhook: null, start: false });
    try {
      const response = await fetch(`${server.url}/widget`);
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/build:client/);
      // Nothing runs merges in this process yet: not ready for traffic, though alive.
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { checks: Record<string, { ok: boolean }> }).checks).toMatchObject({ jobs: { ok: false }, tenants: { ok: true } });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('npm start (demo mode, a child process)', () => {
  let child: ChildServer;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'im-demo-'));
    child = await startChildServer({ env: { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', JOB_POLL_INTERVAL_MS: '100' } });
  });
  afterAll(async () => {
    await child?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when started without Genesys credentials, then it prints the desktop and CRM URLs and a merge reaches the CRM page verified', async () => {
    const desktopLine = await child.waitForLine(/Agent desktop .*http:\/\/localhost:\d+\/desktop/);
    expect(desktopLine).toContain(`http://localhost:${child.port}/desktop`);
    await child.waitForLine(new RegExp(`CRM receiver page: +http://localhost:${child.port}/crm`));
    const emulatorUrl = /(http:\/\/127\.0\.0\.1:\d+)/.exec(await child.waitForLine(/Genesys Cloud emulator:/))![1]!;

    const config = (await (await fetch(`${child.url}/desktop/api/config`)).json()) as { widgetOrigin: string; hostOrigin: string };
    expect(config).toMatchObject({ widgetOrigin: `http://127.0.0.1:${child.port}`, hostOrigin: `http://localhost:${child.port}` });

    const token = await mintToken(emulatorUrl, 'mergeAgent');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const conversationIds = [DEMO_IDS.conversations.emmaCall, DEMO_IDS.conversations.emmaEmail];
    const plan = (await (await fetch(`${child.url}/api/v1/merges/preview`, { method: 'POST', headers, body: JSON.stringify({ conversationIds }) })).json()) as MergePlan;
    const job = (await (
      await fetch(`${child.url}/api/v1/merges`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': idempotencyKey() },
        body: JSON.stringify({ conversationIds: plan.conversationIds, planHash: plan.planHash }),
      })
    ).json()) as Job;
    const stream = await fetch(`${child.url}/api/v1/merges/${job.id}/events`, { headers });
    let done: Job | null = null;
    for await (const message of readServerSentEvents(stream.body!)) if (message.event === 'done') done = JSON.parse(message.data) as Job;
    expect(done?.status).toBe('succeeded');

    // The relay of the child delivers on its own schedule (about a second): look a bounded number of times.
    let deliveries: Array<{ verified: boolean; type: string }> = [];
    for (let i = 0; i < 50 && deliveries.length === 0; i++) {
      await delay(100);
      deliveries = (await (await fetch(`${child.url}/crm/api/deliveries`)).json()) as typeof deliveries;
    }
    expect(deliveries).toEqual([expect.objectContaining({ type: 'interaction.merged', verified: true })]);
  });

  it('when it gets SIGTERM, then it exits cleanly', async () => {
    expect(await child.stop()).toEqual({ code: 0, signal: null });
  });
});
