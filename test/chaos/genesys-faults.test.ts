/**
 * Chaos: Genesys answers one call in five with 429 or a 5xx while two server replicas sharing one
 * PostgreSQL work through a burst of merges. Every merge completes, exactly once: one contact
 * merge per job at Genesys, each step of each job completed by one replica once, one webhook id.
 * (Two replicas under a burst without faults: `test/crash/replicas.test.ts`.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, parseDataset } from '../../emulator/src/index.js';
import { generateDataset, resolveGeneratorParams } from '../../emulator/src/generator/index.js';
import type { Job, MergePlan } from '../../server/src/http/index.js';
import {
  childEnvironment, completedSteps, contactMerges, expectAssociated, newMasterKey, sharedStore, startCrashChild, type SharedStore,
} from '../crash/support/cluster.js';
import { findMergePlans, followJob, mergeableGroups, webhookIdsByJob } from '../support/chaos.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startTestReceiver, type ChildServer, type TestReceiver } from '../support/server.js';

const SEED = 20261128;
/**
 * A burst for two replicas: a merge costs about 23 Genesys calls with its acceptance and retries,
 * and each replica keeps to the org's rate budget (300 calls a minute), so this is about their
 * budget for one minute.
 */
const MERGES = 24;
/** One call in five fails: rate limited, or a server error of each kind Genesys answers. */
const ERROR_RATES = { '429': 0.08, '500': 0.04, '502': 0.03, '503': 0.03, '504': 0.02 };

let emulator: TestEmulator;
let receiver: TestReceiver;
let store: SharedStore;
let token: string;
let plans: MergePlan[];
const replicas: ChildServer[] = [];

beforeAll(async () => {
  const dataset = parseDataset(generateDataset(resolveGeneratorParams({ seed: SEED, customers: 300 })));
  emulator = await startTestEmulator({ dataset, limits: { rateLimitPerWindow: 1_000_000 } });
  receiver = await startTestReceiver();
  store = await sharedStore('postgres', 'chaos-faults');
  token = emulator.userToken('mergeAgent', DEMO_IDS.clients.widget.id);
  const env = { ...childEnvironment({ emulator, receiver, store, masterKey: newMasterKey() }), JOB_CONCURRENCY: '4' };
  // The plans are previewed by a process of their own: each process keeps its calls to Genesys
  // within the org's rate budget (300 a minute), which the previews would otherwise eat into.
  const planner = await startCrashChild(env);
  try {
    plans = await findMergePlans(planner.url, token, mergeableGroups(dataset), MERGES);
  } finally {
    await planner.kill();
  }
  replicas.push(await startCrashChild(env), await startCrashChild(env));
}, 120_000);

afterAll(async () => {
  for (const replica of replicas) await replica.kill();
  await receiver?.close();
  await store?.destroy();
  await emulator?.close();
});

/**
 * POST /api/v1/merges, sent again with the same key while the answer says to try again (429, 502,
 * 503 or 504 naming the upstream trouble, as a client would); returns the error codes it met. A 500
 * (an error the service did not expect) fails the test.
 */
async function submit(on: ChildServer, plan: MergePlan, key: string): Promise<{ job: Job; answers: string[] }> {
  const answers: string[] = [];
  for (;;) {
    const response = await fetch(`${on.url}/api/v1/merges`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ conversationIds: plan.conversationIds, planHash: plan.planHash }),
    });
    const text = await response.text();
    if (response.status === 202) return { job: JSON.parse(text) as Job, answers };
    if (![429, 502, 503, 504].includes(response.status) || answers.length >= 10) throw new Error(`merge answered ${response.status}: ${text}`);
    answers.push(`${response.status} ${(JSON.parse(text) as { error?: { code?: string } }).error?.code ?? '?'}`);
  }
}

describe('Genesys failing one call in five', () => {
  it('when 20 % of Genesys calls answer 429 or 5xx while two replicas run a burst of merges, then every merge completes exactly once', async () => {
    // Each call also takes a little while, so the replicas' jobs overlap and their leases are renewed mid-step.
    emulator.emulator.setFaults({ errorRates: ERROR_RATES, latencyMs: 20 });

    const t0 = Date.now();
    const submitted = await Promise.all(plans.map((plan, i) => submit(replicas[i % 2]!, plan, `faults-${i}`)));
    const t1 = Date.now();
    const jobs = await Promise.all(submitted.map(({ job }, i) => followJob(replicas[(i + 1) % 2]!.url, token, job.id, { retries: 10 })));
    const apiCalls = emulator.emulator.requestCounts().entries.filter((e) => e.path.startsWith('/api/v2/'));
    const injected = apiCalls.filter((e) => e.status === 429 || e.status >= 500).reduce((sum, e) => sum + e.count, 0);
    const calls = apiCalls.reduce((sum, e) => sum + e.count, 0);
    const t2 = Date.now();
    emulator.emulator.setFaults({ errorRates: {} });

    expect(jobs.filter((job) => job.status !== 'succeeded').map((job) => ({ id: job.id, error: job.error }))).toEqual([]);
    expect(injected, 'faults the emulator injected').toBeGreaterThanOrEqual(MERGES);
    expect(contactMerges(emulator)).toBe(plans.length);
    jobs.forEach((job, i) => {
      expect(job.result!.mergedFromContactIds.toSorted()).toEqual(plans[i]!.contacts.map((c) => c.id).toSorted());
      expectAssociated(emulator, job);
    });

    // Each step of each job was completed once, by one replica or the other.
    const steps = await completedSteps(replicas, jobs);
    for (const job of jobs) {
      const mine = steps.filter(([, jobId, step]) => jobId === job.id && step !== 'validate').map(([, , step]) => step!);
      expect(mine.toSorted(), job.id).toEqual(['associate', 'confirm', 'merge_contacts', 'reconcile', 'record']);
    }
    expect(new Set(steps.map(([, , , pid]) => pid)).size, 'replicas that completed steps').toBe(2);

    // The CRM heard of each merge under one id.
    await receiver.waitFor(jobs.length);
    const byJob = webhookIdsByJob(receiver.received);
    expect([...byJob.keys()].toSorted()).toEqual(jobs.map((job) => job.id).toSorted());
    expect([...byJob.entries()].filter(([, ids]) => ids.size !== 1)).toEqual([]);

    const latencies = jobs.map((job) => Date.parse(job.updatedAt) - Date.parse(job.createdAt)).toSorted((a, b) => a - b);
    process.stderr.write(
      `genesys faults: ${jobs.length} merges submitted in ${t1 - t0} ms, done ${t2 - t1} ms later, ${injected} of ${calls} Genesys calls answered 429/5xx, submissions resent after ${JSON.stringify(submitted.flatMap((s) => s.answers))}, ` +
        `retries ${jobs.reduce((n, job) => n + (job.result?.metrics.retries ?? 0), 0)}, ` +
        `merge latency p50 ${latencies[Math.floor(latencies.length / 2)]} ms max ${latencies.at(-1)} ms\n`,
    );
  }, 180_000);
});
