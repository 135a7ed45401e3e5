/**
 * Chaos: the CRM receiver is unreachable for six hours of the service's clock while merges go on
 * (and the service restarts on the same store halfway), then comes back: every webhook is
 * delivered, under one event id per merge, none dead-lettered. The clock is injected: the relay's
 * retry schedule follows it and the test moves it ahead; the relay is driven round by round
 * (`relay.runOnce()`), so nothing waits for real time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS, parseDataset } from '../../emulator/src/index.js';
import { generateDataset, resolveGeneratorParams } from '../../emulator/src/generator/index.js';
import { generateMasterKey } from '../../server/src/config/index.js';
import type { DeliveryAttempt } from '../../server/src/crm/index.js';
import type { Job } from '../../server/src/http/index.js';
import { contactMerges, expectAssociated } from '../crash/support/cluster.js';
import {
  createShiftedClock, findMergePlans, followJob, mergeableGroups, seededRandom, startNetworkGate, webhookIdsByJob,
} from '../support/chaos.js';
import { startTestEmulator } from '../support/emulator.js';
import { startTestReceiver, startTestServer, type TestServer } from '../support/server.js';

const SEED = 20261127;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** How far the clock moves between two relay rounds. */
const ROUND = 15 * MINUTE;
const OUTAGE = 6 * HOUR;
/** Merges submitted when the outage begins, and again halfway through it (on the restarted service). */
const BATCH = 6;

describe('the CRM receiver down for six hours', () => {
  it('when the receiver is unreachable for six hours while merges complete and the service restarts, then once it is back every merge reaches it under one event id, none dead-lettered', async () => {
    const dataset = parseDataset(generateDataset(resolveGeneratorParams({ seed: SEED, customers: 160 })));
    const emulator = await startTestEmulator({ dataset, limits: { rateLimitPerWindow: 1_000_000 } });
    const clock = createShiftedClock();
    const receiver = await startTestReceiver(undefined, { clock });
    const gate = await startNetworkGate(receiver.url);
    const dataDir = mkdtempSync(join(tmpdir(), 'im-chaos-outage-'));
    const masterKey = generateMasterKey();
    /** One process's service on the shared SQLite file; its relay is not started but driven here. */
    const startService = () =>
      startTestServer({
        emulator,
        env: { MASTER_KEY: masterKey },
        store: { dialect: 'sqlite', file: join(dataDir, 'merger.db') },
        webhook: { url: gate.url('/hooks'), secret: receiver.secret },
        start: { jobs: true, relay: false },
        service: { clock, relay: { random: seededRandom(SEED) } },
      });
    const token = emulator.userToken('mergeAgent', DEMO_IDS.clients.widget.id);
    const groups = mergeableGroups(dataset);
    let server: TestServer | null = null;

    /** Previews `count` merges from `groups` on `on`, submits them and follows each to its end. */
    const mergeBatch = async (on: TestServer, batchGroups: string[][], count: number): Promise<Job[]> => {
      const plans = await findMergePlans(on.url, token, batchGroups, count);
      const accepted = await Promise.all(
        plans.map(async (plan, i) => {
          const response = await on.request('/api/v1/merges', {
            token,
            body: { conversationIds: plan.conversationIds, planHash: plan.planHash },
            headers: { 'idempotency-key': `outage-${clock.offsetMs}-${i}` },
          });
          expect(response.status).toBe(202);
          return (await response.json()) as Job;
        }),
      );
      return Promise.all(accepted.map((job) => followJob(on.url, token, job.id)));
    };

    try {
      server = await startService();
      gate.down();
      const outageStart = clock.now();
      const jobs = await mergeBatch(server, groups.slice(0, Math.floor(groups.length / 2)), BATCH);
      let restarted = false;
      let rounds = 0;
      while (clock.now() - outageStart < OUTAGE) {
        const round = await server.service.relay.runOnce();
        expect(round, `round ${rounds} of the outage`).toMatchObject({ delivered: 0, dead: 0, disabled: 0, failed: 0 });
        rounds += 1;
        if (!restarted && clock.now() - outageStart >= OUTAGE / 2) {
          // Halfway: the process goes away and a new one takes over the store; more merges come in.
          await server.close();
          server = await startService();
          jobs.push(...(await mergeBatch(server, groups.slice(Math.floor(groups.length / 2)), BATCH)));
          restarted = true;
        }
        clock.advance(ROUND);
      }
      expect(restarted).toBe(true);
      expect(jobs.map((job) => job.status)).toEqual(jobs.map(() => 'succeeded'));
      expect(receiver.received).toEqual([]);
      expect(gate.refused, 'attempts the gate turned away').toBeGreaterThanOrEqual(2 * BATCH * 4);
      const duringOutage = await server.service.outbox.list({ tenantId: DEMO_IDS.orgId, limit: 100 });
      expect(duringOutage.map((event) => event.status)).toEqual(jobs.map(() => 'pending'));

      // The receiver is back: rounds go on until every merge is delivered (a day at most).
      gate.up();
      const backAt = clock.now();
      const jobIds = jobs.map((job) => job.id);
      while (!jobIds.every((id) => webhookIdsByJob(receiver.received).has(id))) {
        expect(clock.now() - outageStart, 'simulated time until every event was delivered').toBeLessThan(24 * HOUR);
        const round = await server.service.relay.runOnce();
        expect(round).toMatchObject({ dead: 0, disabled: 0, failed: 0 });
        clock.advance(ROUND);
      }

      // Each merge under exactly one event id, its own, with a verified signature.
      expect(receiver.received.every((delivery) => delivery.verified)).toBe(true);
      const byJob = webhookIdsByJob(receiver.received);
      expect([...byJob.keys()].toSorted()).toEqual(jobIds.toSorted());
      expect([...byJob.entries()].filter(([, ids]) => ids.size !== 1)).toEqual([]);
      jobs.forEach((job) => expectAssociated(emulator, job));
      expect(contactMerges(emulator)).toBe(jobs.length);

      // Every event kept trying by the schedule (5 s, 5 min, 30 min, 2 h, 5 h… after the first) and
      // was delivered by the first attempt due after the receiver came back.
      const events = await server.service.outbox.list({ tenantId: DEMO_IDS.orgId, limit: 100 });
      expect(events.map((event) => event.status)).toEqual(jobs.map(() => 'delivered'));
      expect(events.map((event) => event.id).toSorted()).toEqual([...byJob.values()].flatMap((ids) => [...ids]).toSorted());
      for (const event of events) {
        const attempts: DeliveryAttempt[] = await server.service.outbox.attempts(event.id);
        const failed = attempts.slice(0, -1);
        expect(attempts.at(-1), event.id).toMatchObject({ outcome: 'delivered', httpStatus: 204 });
        expect(attempts.at(-1)!.at).toBeGreaterThanOrEqual(backAt);
        expect(failed.every((a) => a.outcome === 'retry' && a.httpStatus === null && a.at < backAt), event.id).toBe(true);
        expect(failed.length, event.id).toBeGreaterThanOrEqual(4);
        expect(attempts.at(-1)!.at - failed.at(-1)!.at, event.id).toBeLessThanOrEqual(5 * HOUR * 1.1 + ROUND);
      }
      process.stderr.write(
        `crm outage: ${jobs.length} merges, ${gate.refused} attempts refused over ${OUTAGE / HOUR} h, all delivered ` +
          `${((Math.max(...events.map((e) => e.deliveredAt!)) - outageStart) / HOUR).toFixed(2)} h after the outage began\n`,
      );
    } finally {
      await server?.close();
      await gate.close();
      await receiver.close();
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
