import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { generateMasterKey } from '../../server/src/config/index.js';
import type { CandidatesResponse, Job, MergePlan } from '../../server/src/http/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { idempotencyKey, startTestServer, type TestServer } from '../support/server.js';
import { createTestDatabase, type TestDatabase } from '../store/support/databases.js';

const { conversations: C } = DEMO_IDS;

let emulator: TestEmulator;
let database: TestDatabase;
let shownBy: TestServer;
let mergedBy: TestServer;

beforeAll(async () => {
  emulator = await startTestEmulator();
  database = await createTestDatabase('postgres', 'dedup_replicas');
  // Two replicas on one PostgreSQL database with one master key; no job runs, only the acceptance is looked at.
  const env = { MASTER_KEY: generateMasterKey() };
  shownBy = await startTestServer({ emulator, env, store: database.options, start: false, webhook: null });
  mergedBy = await startTestServer({ emulator, env, store: database.options, start: false, webhook: null });
});

afterAll(async () => {
  await shownBy?.close();
  await mergedBy?.close();
  await database?.destroy();
  await emulator?.close();
});

async function counter(server: TestServer, kind: string): Promise<number> {
  const text = await (await server.request('/metrics')).text();
  const line = text.split('\n').find((l) => l.startsWith(`interaction_merger_dedup_feedback_total{kind="${kind}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('dedup feedback across replicas', () => {
  it('when one replica showed the auto-selection and another accepts the merge, then what the agent kept, removed and added is recorded there', async () => {
    const token = shownBy.token('mergeAgent');
    const listed = (await (await shownBy.request(`/api/v1/candidates?conversationId=${C.janeActiveCall}`, { token })).json()) as CandidatesResponse;
    const selected = listed.candidates.filter((c) => c.selected).map((c) => c.conversationId);
    expect(selected).toEqual(expect.arrayContaining([C.janeWebMessage, C.janeEmail]));

    // The agent unticks the web message, adds the earlier call (found by search: it is older than
    // the look-back), and merges on the other replica.
    const submitted = [C.janeEmail, C.janeCall];
    const conversationIds = [C.janeActiveCall, ...submitted];
    const kept = selected.filter((id) => submitted.includes(id)).sort();
    const removed = selected.filter((id) => !submitted.includes(id)).sort();
    const added = submitted.filter((id) => !selected.includes(id)).sort();
    expect(removed).toContain(C.janeWebMessage);
    const plan = (await (await mergedBy.request('/api/v1/merges/preview', { token, body: { conversationIds } })).json()) as MergePlan;
    const accepted = await mergedBy.request('/api/v1/merges', {
      token,
      headers: { 'idempotency-key': idempotencyKey() },
      body: { conversationIds: plan.conversationIds, planHash: plan.planHash },
    });
    expect(accepted.status).toBe(202);
    const job = (await accepted.json()) as Job;

    const [feedback] = await mergedBy.service.store.feedback.list({ tenantId: DEMO_IDS.orgId, limit: 10 });
    expect(feedback).toMatchObject({ jobId: job.id, userId: DEMO_IDS.users.mergeAgent });
    expect([feedback!.kept.sort(), feedback!.removed.sort(), feedback!.added.sort()]).toEqual([kept, removed, added]);
    expect([await counter(mergedBy, 'kept'), await counter(mergedBy, 'removed'), await counter(mergedBy, 'added')]).toEqual([
      kept.length, removed.length, added.length,
    ]);
    expect(await counter(shownBy, 'removed')).toBe(0);
  });
});
