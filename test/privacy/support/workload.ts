/**
 * A realistic run of the service in this process with every log line captured: agents open
 * widgets on the demo customers, search by phone, email and name, preview and merge through the
 * HTTP API (SSE progress, an idempotent retry), the CRM receiver fails a few deliveries first,
 * Genesys fails some calls for a while, bad and forged requests carry personal data, and an
 * administrator reads the audit log and the deliveries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DEMO_IDS } from '../../../emulator/src/index.js';
import { createService, listen, type Service } from '../../../server/src/app/index.js';
import { parseConfig } from '../../../server/src/config/index.js';
import { demoTenantRegistration } from '../../../server/src/demo/index.js';
import type { CandidatesResponse, Job, MergePlan } from '../../../server/src/http/index.js';
import { createLogger } from '../../../server/src/logging/index.js';
import { startTestEmulator, type TestEmulator } from '../../support/emulator.js';
import { idempotencyKey, startTestReceiver, testEnvironment, type TestReceiver } from '../../support/server.js';

const { conversations: C } = DEMO_IDS;

export interface Workload {
  service: Service;
  emulator: TestEmulator;
  receiver: TestReceiver;
  url: string;
  /** Every log line the service wrote, at level trace. */
  logs: string[];
  /** Tokens used during the run. */
  tokens: { agent: string; admin: string };
  /** Merge jobs that succeeded. */
  succeeded: Job[];
  /** Every HTTP answer body the run read (agents and the admin see customer data; not scanned). */
  requests: number;
  close(): Promise<void>;
}

/** The current interactions agents open, one per demo customer. */
const ANCHORS = [C.janeActiveCall, C.carlosWhatsAppRecent, C.lindaWhatsApp, C.tomEmail, C.mohammedWebMessage, C.emmaCall, C.priyaCall];
/** What agents type into the search: customer identifiers in the forms people write them. */
const SEARCHES = ['(617) 555-0142', '+13055550187', 'jane.doe@example.com', 'Jane Doe', 'Baker', '07700 900123', 'm.alsayed@example.com'];

export async function runWorkload(): Promise<Workload> {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  const emulator = await startTestEmulator({ limits: { rateLimitPerWindow: 100_000 } });
  const receiver = await startTestReceiver();
  const dataDir = mkdtempSync(join(tmpdir(), 'im-privacy-'));
  const config = parseConfig(testEnvironment(dataDir, { LOG_LEVEL: 'trace', JOB_POLL_INTERVAL_MS: '25' }));
  const logger = createLogger({ level: 'trace', name: 'interaction-merger', destination });
  const service = await createService({
    config,
    logger,
    demoGenesysUrl: emulator.url,
    relay: { pollIntervalMs: 25, schedule: [20, 40, 80, 160] },
    // The org's Genesys call budget (300 a minute) would make the later agents wait; this run is about what is written, not pace.
    genesys: { rateLimit: { perWindow: 100_000, windowMs: 60_000 } },
  });
  const listening = await listen(service.app, { host: '127.0.0.1', port: 0 });
  await service.tenants.ensure(demoTenantRegistration({ genesysUrl: emulator.url, webhook: { url: receiver.url, secret: receiver.secret } }));
  await service.refreshTenants();
  service.start();
  const url = `http://127.0.0.1:${listening.port}`;
  const tokens = { agent: emulator.userToken('mergeAgent'), admin: emulator.userToken('admin') };
  let requests = 0;
  const call = async (path: string, init: { token?: string | null; method?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
    requests += 1;
    const headers: Record<string, string> = { ...init.headers };
    const token = init.token === undefined ? tokens.agent : init.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${url}${path}`, {
      method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  };
  /** Reads the job's server-sent events until `done` (the widget's way of waiting). */
  const awaitJob = async (id: string): Promise<Job> => {
    const response = await call(`/api/v1/merges/${id}/events`);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      const match = /event: done\ndata: (.*)\n/.exec(text);
      if (match) {
        await reader.cancel();
        return JSON.parse(match[1]!) as Job;
      }
    }
    return (await (await call(`/api/v1/merges/${id}`)).json()) as Job;
  };

  const succeeded: Job[] = [];
  // The CRM fails the first deliveries: retries, with their errors logged and recorded.
  receiver.respondWith(500, 503, 429);
  for (const [index, anchor] of ANCHORS.entries()) {
    // Genesys fails some calls while two agents look around (retries, errors logged); merges run without faults.
    if (index === 2 || index === 3) emulator.emulator.setFaults({ errorRates: { '503': 0.25, '500': 0.05 } });
    await call(`/api/v1/context?conversationId=${anchor}`);
    // Under faults the answer may be a 503 without candidates.
    const { candidates = [] } = (await (await call(`/api/v1/candidates?conversationId=${anchor}`)).json()) as Partial<CandidatesResponse>;
    for (const q of SEARCHES.slice(index % 3, (index % 3) + 3)) await call(`/api/v1/candidates/search?conversationId=${anchor}&q=${encodeURIComponent(q)}`);
    const selected = [anchor, ...candidates.filter((c) => c.selected && c.conversationId !== anchor).map((c) => c.conversationId)];
    const all = [anchor, ...candidates.filter((c) => c.conversationId !== anchor).map((c) => c.conversationId)];
    // Previewing everything offered, then the auto-selection: the first may well be refused (continuity).
    await call('/api/v1/merges/preview', { body: { conversationIds: all } });
    const plan = (await (await call('/api/v1/merges/preview', { body: { conversationIds: selected } })).json()) as MergePlan;
    emulator.emulator.setFaults({});
    if (plan.valid && selected.length >= 2) {
      const key = idempotencyKey();
      const accepted = await call('/api/v1/merges', { body: { conversationIds: plan.conversationIds, planHash: plan.planHash }, headers: { 'idempotency-key': key } });
      if (accepted.status === 202) {
        const job = (await accepted.json()) as Job;
        await call('/api/v1/merges', { body: { conversationIds: plan.conversationIds, planHash: plan.planHash }, headers: { 'idempotency-key': key } });
        const done = await awaitJob(job.id);
        if (done.status === 'succeeded') succeeded.push(done);
      }
    } else if (selected.length >= 2) {
      await call('/api/v1/merges', { body: { conversationIds: selected, planHash: 'stale-plan-hash-0000' }, headers: { 'idempotency-key': idempotencyKey() } });
    }
  }
  emulator.emulator.setFaults({});

  // Bad and forged requests carrying personal data where ids and tokens belong.
  await call('/api/v1/context?conversationId=jane.doe@example.com');
  await call(`/api/v1/candidates/search?conversationId=${C.janeCall}&q=${encodeURIComponent(`call back on (617) 555-0142 ${'x'.repeat(250)}`)}`);
  await call('/api/v1/merges/preview', { body: { conversationIds: ['+16175550142', 'Jane Doe'] } });
  await call('/api/v1/merges/preview', { body: { conversationIds: [C.janeCall], note: 'jane.doe@example.com' } });
  await call(`/api/v1/context?conversationId=${C.janeCall}`, { token: 'jane.doe@example.com' });
  await call(`/api/v1/context?conversationId=${C.janeCall}`, { token: null, headers: { authorization: 'Bearer +16175550142' } });
  await call('/api/v1/merges/+16175550142');

  // The administrator's side.
  await receiver.waitFor(succeeded.length);
  await call('/api/v1/admin/tenant', { token: tokens.admin });
  await call('/api/v1/admin/tenant/settings', { token: tokens.admin, method: 'PATCH', body: { threshold: 0.8 } });
  await call('/api/v1/admin/audit?limit=500', { token: tokens.admin });
  await call('/api/v1/admin/audit/verify', { token: tokens.admin });
  const { deliveries } = (await (await call('/api/v1/admin/webhooks/deliveries', { token: tokens.admin })).json()) as { deliveries: Array<{ eventId: string }> };
  for (const delivery of deliveries) await call(`/api/v1/admin/webhooks/deliveries/${delivery.eventId}/attempts`, { token: tokens.admin });
  await call('/api/v1/admin/webhooks/replay', { token: tokens.admin, body: {} });

  return {
    service,
    emulator,
    receiver,
    url,
    logs,
    tokens,
    succeeded,
    get requests() {
      return requests;
    },
    async close() {
      await listening.close(0);
      await service.close({ graceMs: 1000 });
      await receiver.close();
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
