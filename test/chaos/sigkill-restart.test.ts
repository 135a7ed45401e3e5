/**
 * Chaos: the service process is SIGKILLed again and again at seeded random points while a stream
 * of merges goes through its HTTP API, and restarted each time on the same store. Every merge must
 * complete exactly once: its contacts merged once at Genesys, its conversations associated with
 * the new contact, one webhook event id delivered (the same id may arrive more than once), one
 * audit entry of its success, and the audit chain intact.
 *
 * The rest of the chaos suite: `crm-outage.test.ts` (the CRM receiver down for six simulated
 * hours), `genesys-faults.test.ts` (one Genesys call in five answered 429 or 5xx, on two
 * replicas sharing PostgreSQL). Two replicas on one PostgreSQL under a burst of merges, where no
 * job may run twice, are also proven by `test/crash/replicas.test.ts`; one kill at every step
 * boundary by `test/crash/crash-resume.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_IDS, parseDataset } from '../../emulator/src/index.js';
import { generateDataset, resolveGeneratorParams } from '../../emulator/src/generator/index.js';
import type { AuditEntry, AuditVerification } from '../../server/src/audit/index.js';
import { childEnvironment, contactMerges, expectAssociated, expectMergedInto, newMasterKey, sharedStore, startCrashChild } from '../crash/support/cluster.js';
import { createCallTap, findMergePlans, mergeableGroups, seededRandom, webhookIdsByJob } from '../support/chaos.js';
import { startTestEmulator } from '../support/emulator.js';
import { startTestReceiver, type ChildServer, type ReceivedWebhook, type TestReceiver } from '../support/server.js';
import { runKillLoop } from './support/kill-loop.js';

const SEED = 20261126;

/** SQLite, the default store: the full run. PostgreSQL: a shorter one. */
const RUNS = [
  { kind: 'sqlite', merges: 50, kills: 20, customers: 600 },
  { kind: 'postgres', merges: 15, kills: 8, customers: 220 },
] as const;

/** Waits (on the receiver's own events) until every job has at least one verified delivery. */
async function deliveriesCovering(receiver: TestReceiver, jobIds: readonly string[]): Promise<ReceivedWebhook[]> {
  let wanted = jobIds.length;
  for (;;) {
    const received = await receiver.waitFor(wanted);
    const byJob = webhookIdsByJob(received);
    if (jobIds.every((id) => byJob.has(id))) return received;
    wanted = received.length + 1;
  }
}

for (const run of RUNS) {
  describe(`SIGKILL at random points during ${run.merges} merges (${run.kind})`, () => {
    it('when the process is killed again and again and restarted on the same store, then every merge completes exactly once', async () => {
      const dataset = parseDataset(generateDataset(resolveGeneratorParams({ seed: SEED, customers: run.customers })));
      const tap = createCallTap();
      const emulator = await startTestEmulator({ dataset, limits: { rateLimitPerWindow: 1_000_000 }, sleep: tap.sleep });
      const receiver = await startTestReceiver();
      const store = await sharedStore(run.kind, 'chaos');
      // A job may be interrupted by many kills in a row; giving up on it (`attempts_exhausted`) is not what is tested here.
      // A killed process's claimed webhook is sent again once its relay lease expires: seconds, not the default two minutes.
      const env = {
        ...childEnvironment({ emulator, receiver, store, masterKey: newMasterKey() }),
        JOB_MAX_ATTEMPTS: '100',
        WEBHOOK_TIMEOUT_MS: '1000',
        TEST_RELAY_LEASE_MS: '4000',
      };
      const token = emulator.userToken('mergeAgent', DEMO_IDS.clients.widget.id);
      const children: ChildServer[] = [];
      try {
        // The plans are previewed by a process of their own, so the first lifetime starts with the
        // whole of its Genesys rate budget (300 calls a minute per process).
        const planner = await startCrashChild(env);
        children.push(planner);
        const plans = await findMergePlans(planner.url, token, mergeableGroups(dataset), run.merges);
        await planner.kill();
        const first = await startCrashChild(env);
        children.push(first);
        // Every Genesys call takes a little while, so kills land mid-step and mid-call.
        emulator.emulator.setFaults({ latencyMs: 15 });

        const loopStarted = Date.now();
        const result = await runKillLoop({
          env, first, children, plans, token, kills: run.kills, steps: { min: 5, max: 25 }, genesysCalls: tap.onCall, random: seededRandom(SEED),
        });

        const latencies = result.jobs.map((job) => Date.parse(job.updatedAt) - Date.parse(job.createdAt)).toSorted((a, b) => a - b);
        const triggers = ['boundary', 'after', 'during'].map((kind) => `${kind} ${result.kills.filter((kill) => kill.trigger.startsWith(kind)).length}`);
        process.stderr.write(
          `chaos ${run.kind}: ${result.kills.length} kills (${triggers.join(', ')}) in ${Date.now() - loopStarted} ms, ` +
            `${result.resentSubmissions} submissions resent, ${result.replayedSubmissions} replayed, ` +
            `merge latency p50 ${latencies[Math.floor(latencies.length / 2)]} ms max ${latencies.at(-1)} ms, ` +
            `lifetimes ${result.kills.map((kill) => kill.durationMs).join(' ')} ms\n` +
            result.stderr.join(''),
        );
        // The chaos happened: processes died again and again with accepted merges unfinished.
        const interrupted = result.kills.filter((kill) => kill.unfinishedJobs > 0);
        expect(result.kills.length, JSON.stringify(result.kills)).toBeGreaterThanOrEqual(Math.ceil(run.kills / 2));
        expect(interrupted.length, JSON.stringify(result.kills)).toBeGreaterThanOrEqual(Math.ceil(result.kills.length / 3));

        // Every merge succeeded, each with its own plan's contacts and a new contact of its own.
        const failed = result.jobs.filter((job) => job.status !== 'succeeded');
        expect(failed.map((job) => ({ id: job.id, error: job.error })), JSON.stringify(result.kills)).toEqual([]);
        result.jobs.forEach((job, i) => {
          expect(job.result!.mergedFromContactIds.toSorted()).toEqual(plans[i]!.contacts.map((c) => c.id).toSorted());
          expectAssociated(emulator, job);
        });
        expect(new Set(result.jobs.map((job) => job.id)).size).toBe(plans.length);
        expect(new Set(result.jobs.map((job) => job.result!.contactId)).size).toBe(plans.length);
        // Genesys merged each set of contacts once, into the job's contact. (Its request log may miss
        // a merge POST whose process was killed while it was in flight: at most one per kill.)
        for (const job of result.jobs) expectMergedInto(emulator, job);
        expect(contactMerges(emulator)).toBeLessThanOrEqual(plans.length);
        expect(contactMerges(emulator)).toBeGreaterThanOrEqual(plans.length - result.kills.length);

        // The CRM heard of each merge under exactly one event id.
        const jobIds = result.jobs.map((job) => job.id);
        const byJob = webhookIdsByJob(await deliveriesCovering(receiver, jobIds));
        expect([...byJob.keys()].toSorted()).toEqual(jobIds.toSorted());
        expect([...byJob.entries()].filter(([, ids]) => ids.size !== 1)).toEqual([]);

        // The audit chain is intact and records each success once.
        const admin = emulator.userToken('admin', DEMO_IDS.clients.widget.id);
        const headers = { authorization: `Bearer ${admin}` };
        const verification = (await (await fetch(`${result.survivor.url}/api/v1/admin/audit/verify`, { headers })).json()) as AuditVerification;
        expect(verification.ok, JSON.stringify(verification.chains.flatMap((c) => c.problems))).toBe(true);
        const audited = (await (await fetch(`${result.survivor.url}/api/v1/admin/audit?action=merge.succeeded&limit=500`, { headers })).json()) as {
          entries: AuditEntry[];
        };
        expect(audited.entries.map((entry) => entry.ids.jobId).toSorted()).toEqual(jobIds.toSorted());
      } finally {
        for (const child of children) await child.kill();
        await receiver.close();
        await store.destroy();
        await emulator.close();
      }
    }, 420_000);
  });
}
