import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startTestReceiver, type ChildServer } from '../support/server.js';
import {
  awaitDone, childEnvironment, contactMerges, expectAssociated, newMasterKey, sharedStore, startCrashChild, submitMerge,
} from './support/cluster.js';

const { conversations: C, contacts } = DEMO_IDS;
/** Jane's current call, web message and email: two contacts to merge, three conversations to associate. */
const JANE = [C.janeActiveCall, C.janeWebMessage, C.janeEmail];

/**
 * Every boundary of the steps the runner executes (`validate` runs while the merge is accepted,
 * so `merge_contacts:before` is the boundary after it): before a step, after its effects on
 * Genesys but before anything is persisted, and after the completed job is persisted.
 */
const BOUNDARIES = [
  'merge_contacts:before', 'merge_contacts:after-effects',
  'associate:before', 'associate:after-effects',
  'confirm:before', 'confirm:after-effects',
  'reconcile:before', 'reconcile:after-effects',
  'record:before', 'record:after-effects', 'record:after-save',
];

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator.close();
});

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`a merge killed mid-way (${kind})`, () => {
    for (const boundary of BOUNDARIES) {
      it(`when the process is SIGKILLed at ${boundary} and restarted on the same store, then the merge completes exactly once`, async () => {
        emulator.emulator.reset();
        const receiver = await startTestReceiver();
        const store = await sharedStore(kind, boundary);
        const env = childEnvironment({ emulator, receiver, store, masterKey: newMasterKey() });
        const children: ChildServer[] = [];
        try {
          const first = await startCrashChild({ ...env, CRASH_AT: boundary });
          children.push(first);
          const token = emulator.userToken('mergeAgent', DEMO_IDS.clients.widget.id);
          const job = await submitMerge(first, token, JANE);
          const point = await first.waitForLine(/^CRASH_POINT /);
          expect(point).toBe(`CRASH_POINT ${boundary} ${job.id}`);
          await first.kill();

          const second = await startCrashChild(env);
          children.push(second);
          const done = await awaitDone(second, token, job.id);
          expect(done.status).toBe('succeeded');
          expect(done.result!.mergedFromContactIds.sort()).toEqual([contacts.jane, contacts.janeCallEphemeral].sort());
          expect(contactMerges(emulator)).toBe(1);
          expectAssociated(emulator, done);

          const delivered = await receiver.waitFor(1);
          const ids = new Set(delivered.map((d) => d.webhookId));
          expect(ids.size).toBe(1);
          expect((delivered[0]!.payload as { data: { jobId: string; contactId: string } }).data).toMatchObject({
            jobId: job.id,
            contactId: done.result!.contactId,
          });
        } finally {
          for (const child of children) await child.kill();
          await receiver.close();
          await store.destroy();
        }
      }, 60_000);
    }
  });
}
