import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, parseDataset, type Dataset } from '../../emulator/src/index.js';
import { generateDataset, resolveGeneratorParams } from '../../emulator/src/generator/index.js';
import type { Job, MergePlan } from '../../server/src/http/index.js';
import { createStore, type Store } from '../../server/src/store/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { idempotencyKey, startTestReceiver, type ChildServer, type TestReceiver } from '../support/server.js';
import {
  TEST_DATABASE_URL, awaitDone, childEnvironment, completedSteps, contactMerges, newMasterKey, sharedStore, startCrashChild, type SharedStore,
} from './support/cluster.js';

/** Merges submitted at once, spread over the two processes. */
const MERGES = 16;

let emulator: TestEmulator;
let receiver: TestReceiver;
let store: SharedStore;
let replicas: ChildServer[] = [];
let dataset: Dataset;

/** Conversations of one real customer (the dataset's truth) linked to at least two contacts: merge candidates. */
function customerGroups(data: Dataset): string[][] {
  const byCustomer = new Map<string, string[]>();
  const purged = new Set(data.purged ?? []);
  for (const [conversationId, customer] of Object.entries(data.truth ?? {})) {
    if (purged.has(conversationId)) continue;
    byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), conversationId]);
  }
  const contactsOf = (conversationId: string) =>
    data.conversations
      .find((c) => c.conversationId === conversationId)
      ?.participants.filter((p) => p.purpose === 'customer' && p.externalContactId)
      .map((p) => p.externalContactId!) ?? [];
  return [...byCustomer.values()].filter((ids) => ids.length >= 2 && new Set(ids.flatMap(contactsOf)).size >= 2);
}

beforeAll(async () => {
  dataset = parseDataset(generateDataset(resolveGeneratorParams({ seed: 20261126, customers: 120 })));
  emulator = await startTestEmulator({ dataset, limits: { rateLimitPerWindow: 1_000_000 } });
  receiver = await startTestReceiver();
  store = await sharedStore('postgres', 'replicas');
  const env = { ...childEnvironment({ emulator, receiver, store, masterKey: newMasterKey() }), JOB_CONCURRENCY: '4' };
  replicas = [await startCrashChild(env)];
  // The second replica starts once the first has migrated the schema and registered the tenant.
  replicas.push(await startCrashChild(env));
}, 120_000);

afterAll(async () => {
  for (const replica of replicas) await replica.kill();
  await receiver?.close();
  await store?.destroy();
  await emulator?.close();
});

describe('two replicas on one PostgreSQL', () => {
  it('when many merges are submitted to both at once, then every job runs once, each step by one replica, each merge posted once', async () => {
    const token = emulator.userToken('mergeAgent', DEMO_IDS.clients.widget.id);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const replica = (i: number) => replicas[i % 2]!;

    // Valid plans that need a contact merge, over disjoint contacts.
    const plans: MergePlan[] = [];
    const usedContacts = new Set<string>();
    for (const group of customerGroups(dataset)) {
      if (plans.length >= MERGES) break;
      const response = await fetch(`${replica(plans.length).url}/api/v1/merges/preview`, {
        method: 'POST', headers, body: JSON.stringify({ conversationIds: group.slice(0, 6) }),
      });
      if (response.status !== 200) continue;
      const plan = (await response.json()) as MergePlan;
      if (!plan.valid || !plan.mergeRequired || plan.contacts.some((c) => usedContacts.has(c.id))) continue;
      plan.contacts.forEach((c) => usedContacts.add(c.id));
      plans.push(plan);
    }
    expect(plans.length).toBeGreaterThanOrEqual(8);

    const jobs = await Promise.all(
      plans.map(async (plan, i) => {
        const response = await fetch(`${replica(i).url}/api/v1/merges`, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': idempotencyKey() },
          body: JSON.stringify({ conversationIds: plan.conversationIds, planHash: plan.planHash }),
        });
        expect(response.status).toBe(202);
        return (await response.json()) as Job;
      }),
    );
    // Progress is followed on the other replica than the one that accepted the job: through the store.
    const finished = await Promise.all(jobs.map((job, i) => awaitDone(replica(i + 1), token, job.id)));
    expect(finished.map((job) => job.status)).toEqual(jobs.map(() => 'succeeded'));

    // Each step of each job was completed exactly once, by one replica or the other. (`validate`
    // runs while the merge is accepted; a replica that claims a job accepted by the other runs it
    // again, read-only, as its first step.)
    const steps = await completedSteps(replicas, jobs);
    for (const job of jobs) {
      const mine = steps.filter(([, jobId]) => jobId === job.id).map(([, , step]) => step!).filter((step) => step !== 'validate');
      expect(mine.sort()).toEqual(['associate', 'confirm', 'merge_contacts', 'reconcile', 'record']);
      expect(steps.filter(([, jobId, step]) => jobId === job.id && step === 'validate').length).toBeLessThanOrEqual(1);
    }
    const pids = new Set(steps.map(([, , , pid]) => pid));
    expect(pids.size).toBe(2);

    // Every job was claimed once, and Genesys saw one merge per job.
    const reader: Store = await createStore({ dialect: 'postgres', connectionString: TEST_DATABASE_URL, schema: store.env.TEST_PG_SCHEMA!, poolSize: 1 });
    try {
      for (const job of jobs) expect((await reader.jobs.get(job.id))?.attempts, job.id).toBe(1);
    } finally {
      await reader.close();
    }
    expect(contactMerges(emulator)).toBe(jobs.length);

    // The CRM hears of each merge under one id.
    const delivered = await receiver.waitFor(jobs.length);
    const byJob = new Map<string, Set<string>>();
    for (const delivery of delivered) {
      const jobId = (delivery.payload as { data: { jobId: string } }).data.jobId;
      byJob.set(jobId, new Set([...(byJob.get(jobId) ?? []), delivery.webhookId]));
    }
    expect([...byJob.keys()].sort()).toEqual(jobs.map((j) => j.id).sort());
    expect([...byJob.values()].every((ids) => ids.size === 1)).toBe(true);
  }, 180_000);
});
