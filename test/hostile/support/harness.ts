/**
 * The service under hostile input: in process, no job runner or relay running on their own (a
 * request cannot start work behind the test's back), the emulator's rate limit and the org's
 * Genesys call budget out of the way, the per-agent limit raised, proxies on loopback trusted (so a test can give each request
 * its own client address), and some history already stored (one merge run and its webhook
 * delivered), so queries over audit entries, jobs and deliveries have rows to trip over.
 */
import { DEMO_IDS } from '../../../emulator/src/index.js';
import type { Job, MergePlan } from '../../../server/src/http/index.js';
import { startTestEmulator, type TestEmulator } from '../../support/emulator.js';
import { idempotencyKey, startTestServer, type StartTestServerOptions, type TestServer } from '../../support/server.js';

export interface HostileServer {
  server: TestServer;
  /** A token of the demo admin, who also holds every agent permission. */
  admin: string;
  /** The id of the merge job run at start. */
  jobId: string;
}

/** The seed of every property run here (`HOSTILE_SEED` to replay another). */
export const SEED = Number(process.env.HOSTILE_SEED ?? 20261126);

/**
 * Starts the service (against `emulator`, default a fresh one with the demo dataset) and runs one
 * merge of Jane's conversations through it. Closing it closes the emulator too.
 */
export async function startHostileServer(
  options: Pick<StartTestServerOptions, 'env'> & { emulator?: TestEmulator } = {},
): Promise<HostileServer> {
  const emulator = options.emulator ?? (await startTestEmulator({ limits: { rateLimitPerWindow: 1_000_000 } }));
  const server = await startTestServer({
    emulator,
    start: false,
    env: { RATE_LIMIT_PER_MINUTE: '100000', TRUST_PROXY: 'loopback', ...options.env },
    // Nor the org's Genesys call budget (300 a minute), which hundreds of requests would spend.
    service: { genesys: { rateLimit: { perWindow: 1_000_000, windowMs: 60_000 } } },
  });
  const admin = server.token('admin');
  const conversationIds = [DEMO_IDS.conversations.janeActiveCall, DEMO_IDS.conversations.janeWebMessage];
  const plan = (await (await server.request('/api/v1/merges/preview', { token: admin, body: { conversationIds } })).json()) as MergePlan;
  const accepted = await server.request('/api/v1/merges', {
    token: admin,
    headers: { 'idempotency-key': idempotencyKey() },
    body: { conversationIds: plan.conversationIds, planHash: plan.planHash },
  });
  if (accepted.status !== 202) throw new Error(`setup merge refused: ${accepted.status} ${await accepted.text()}`);
  const job = (await accepted.json()) as Job;
  await server.service.runner.tick();
  await server.service.runner.idle();
  await server.service.relay.runOnce();
  const done = await server.service.store.jobs.get(job.id);
  if (done?.status !== 'succeeded') throw new Error(`setup merge did not succeed: ${JSON.stringify(done?.status)}`);
  return { server, admin, jobId: job.id };
}

/** Closes the service and its emulator. */
export async function closeHostileServer(hostile: HostileServer | undefined): Promise<void> {
  if (!hostile) return;
  await hostile.server.close();
  await hostile.server.emulator.close();
}
