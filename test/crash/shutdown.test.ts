import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { createStore } from '../../server/src/store/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startTestReceiver, type ChildServer, type TestReceiver } from '../support/server.js';
import {
  awaitDone, childEnvironment, contactMerges, expectAssociated, newMasterKey, sharedStore, startCrashChild, submitMerge, type SharedStore,
} from './support/cluster.js';

const { conversations: C } = DEMO_IDS;
let emulator: TestEmulator;
let receiver: TestReceiver;
let store: SharedStore;
const children: ChildServer[] = [];

beforeAll(async () => {
  emulator = await startTestEmulator();
  receiver = await startTestReceiver();
  store = await sharedStore('sqlite', 'shutdown');
});

afterAll(async () => {
  for (const child of children) await child.kill();
  await receiver.close();
  await store.destroy();
  await emulator.close();
});

describe('graceful shutdown', () => {
  it('when SIGTERM arrives mid-merge, then the running step finishes, the job is released at once, the process exits 0, and the next one completes it', async () => {
    const env = { ...childEnvironment({ emulator, receiver, store, masterKey: newMasterKey() }), JOB_LEASE_MS: '60000', JOB_HEARTBEAT_MS: '5000' };
    const first = await startCrashChild(env);
    children.push(first);
    const token = emulator.userToken('mergeAgent', DEMO_IDS.clients.widget.id);
    const job = await submitMerge(first, token, [C.janeActiveCall, C.janeWebMessage, C.janeEmail]);
    // Slow Genesys down once the merge is accepted, so SIGTERM lands while a step is running.
    emulator.emulator.setFaults({ latencyMs: 400 });
    await first.waitForLine(new RegExp(`^STEP ${job.id} merge_contacts `));
    expect(await first.stop()).toEqual({ code: 0, signal: null });

    // Released, not left to a 60 s lease: the next process may take it over at once.
    const reader = await createStore({ dialect: 'sqlite', file: join(store.env.DATA_DIR!, 'interaction-merger.sqlite') });
    try {
      const row = await reader.jobs.get(job.id);
      expect(row).toMatchObject({ status: 'running', leaseOwner: null, leaseExpiresAt: null });
      expect(['merge_contacts', 'associate']).toContain(row!.step);
    } finally {
      await reader.close();
    }

    emulator.emulator.setFaults({});
    const second = await startCrashChild(env);
    children.push(second);
    const done = await awaitDone(second, token, job.id);
    expect(done.status).toBe('succeeded');
    expect(contactMerges(emulator)).toBe(1);
    expectAssociated(emulator, done);
    expect(new Set((await receiver.waitFor(1)).map((d) => d.webhookId)).size).toBe(1);
  }, 90_000);
});
