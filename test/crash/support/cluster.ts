/**
 * Crash-test plumbing: child server processes (the crash entry) sharing one store and one test
 * emulator, merges submitted over HTTP, and what "exactly once" means checked on the emulator and
 * on a loopback CRM receiver.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect } from 'vitest';
import { readServerSentEvents } from '../../../client/widget/api/sse.js';
import { DEMO_IDS } from '../../../emulator/src/index.js';
import { generateMasterKey } from '../../../server/src/config/index.js';
import type { Job, MergePlan } from '../../../server/src/http/index.js';
import type { TestEmulator } from '../../support/emulator.js';
import { idempotencyKey, startChildServer, type ChildServer, type TestReceiver } from '../../support/server.js';

export const CRASH_ENTRY = 'test/crash/support/child-server.ts';
/** PostgreSQL of the tests (database `test` on 127.0.0.1:5432, trust auth). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Where the processes of one case keep their data: a SQLite file, or a PostgreSQL schema. */
export interface SharedStore {
  env: Record<string, string>;
  destroy(): Promise<void>;
}

export async function sharedStore(kind: 'sqlite' | 'postgres', tag: string): Promise<SharedStore> {
  const dataDir = mkdtempSync(join(tmpdir(), `im-crash-${tag}-`));
  if (kind === 'sqlite') {
    return { env: { DATA_DIR: dataDir }, destroy: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const schema = `crash_${tag.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(3).toString('hex')}`.slice(0, 60);
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: TEST_DATABASE_URL, TEST_PG_SCHEMA: schema },
    async destroy() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The environment of a crash child: the test emulator's org, short leases, the receiver as CRM. */
export function childEnvironment(input: { emulator: TestEmulator; receiver: TestReceiver; store: SharedStore; masterKey: string }): Record<string, string> {
  return {
    ...input.store.env,
    GENESYS_API_URL: input.emulator.url,
    GENESYS_CLIENT_ID: DEMO_IDS.clients.backend.id,
    GENESYS_CLIENT_SECRET: DEMO_IDS.clients.backend.secret,
    GENESYS_WIDGET_CLIENT_ID: DEMO_IDS.clients.widget.id,
    MASTER_KEY: input.masterKey,
    CRM_WEBHOOK_URL: input.receiver.url,
    CRM_WEBHOOK_SECRET: input.receiver.secret,
    ALLOW_PRIVATE_WEBHOOK_URLS: 'true',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    JOB_LEASE_MS: '1500',
    JOB_HEARTBEAT_MS: '400',
    JOB_POLL_INTERVAL_MS: '100',
  };
}

export const newMasterKey = generateMasterKey;

export function startCrashChild(env: Record<string, string>): Promise<ChildServer> {
  return startChildServer({ env, entry: CRASH_ENTRY });
}

/** Previews `conversationIds` and submits the merge on `child`; returns the queued job. */
export async function submitMerge(child: ChildServer, token: string, conversationIds: string[]): Promise<Job> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const previewed = await fetch(`${child.url}/api/v1/merges/preview`, { method: 'POST', headers, body: JSON.stringify({ conversationIds }) });
  expect(previewed.status).toBe(200);
  const plan = (await previewed.json()) as MergePlan;
  const accepted = await fetch(`${child.url}/api/v1/merges`, {
    method: 'POST',
    headers: { ...headers, 'idempotency-key': idempotencyKey() },
    body: JSON.stringify({ conversationIds: plan.conversationIds, planHash: plan.planHash }),
  });
  expect(accepted.status).toBe(202);
  return (await accepted.json()) as Job;
}

/** Follows the job's event stream on `child` to its `done` event. */
export async function awaitDone(child: ChildServer, token: string, jobId: string): Promise<Job> {
  const response = await fetch(`${child.url}/api/v1/merges/${jobId}/events`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  for await (const message of readServerSentEvents(response.body!)) {
    if (message.event === 'done') return JSON.parse(message.data) as Job;
  }
  throw new Error(`the event stream of ${jobId} ended without done`);
}

/**
 * Every `STEP <jobId> <step> <pid>` line the replicas printed, split, once each job's `record`
 * line has arrived. A job is done in the store a moment before its process prints that line, so
 * a test that has seen the job finish must still wait for it. (`Promise.any` also absorbs the
 * wait on the replicas that never print it.)
 */
export async function completedSteps(replicas: readonly ChildServer[], jobs: readonly Job[]): Promise<string[][]> {
  await Promise.all(
    jobs.map((job) => Promise.any(replicas.map((replica) => replica.waitForLine(new RegExp(`^STEP ${job.id} record `))))),
  );
  return replicas.flatMap((replica) => replica.lines.filter((line) => line.startsWith('STEP ')).map((line) => line.split(' ')));
}

/** Successful contact merges the emulator answered. */
export function contactMerges(emulator: TestEmulator): number {
  return emulator.emulator.requestCounts().entries
    .filter((e) => e.method === 'POST' && e.path === '/api/v2/externalcontacts/contacts/merge' && e.status < 300)
    .reduce((sum, e) => sum + e.count, 0);
}

/**
 * Asserts Genesys merged the job's contacts exactly into its result contact: each merged contact
 * points at it, and it was not merged again. Unlike `contactMerges`, this holds when a process
 * was killed while its merge POST was in flight (the emulator applied it, but the request never
 * finished, so its request log does not count it).
 */
export function expectMergedInto(emulator: TestEmulator, job: Job): void {
  const head = job.result!.contactId;
  for (const id of job.result!.mergedFromContactIds) expect(emulator.emulator.contact(id)?.mergedTo?.id, `contact ${id}`).toBe(head);
  expect(emulator.emulator.contact(head)?.mergedTo, `contact ${head}`).toBeUndefined();
}

/** Asserts the emulator shows every conversation of the job associated with its contact. */
export function expectAssociated(emulator: TestEmulator, job: Job): void {
  for (const id of job.result!.conversationIds) {
    const customer = emulator.emulator.conversation(id)!.participants!.find((p) => p.purpose === 'customer');
    expect(customer?.externalContactId, `conversation ${id}`).toBe(job.result!.contactId);
  }
}
