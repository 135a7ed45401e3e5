import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import type { ExecutionState } from '../../server/src/engine/index.js';
import type { Job, MergePlan } from '../../server/src/http/index.js';
import { idempotencyKey, startTestServer, type TestServer } from '../support/server.js';

const { conversations: C } = DEMO_IDS;
/** Jane's current call, web message and email: N = 3 conversations over k = 2 contacts. */
const JANE = [C.janeActiveCall, C.janeWebMessage, C.janeEmail];

let server: TestServer;

beforeAll(async () => {
  // Nothing runs jobs until the test says so: the runner's first claim is then like another replica's.
  server = await startTestServer({ start: { jobs: false, relay: false } });
});

afterAll(async () => {
  await server.close();
});

const calls = (template: string) => server.emulator.emulator.requestCounts().byEndpoint[template] ?? 0;

describe('a merge accepted by one process and run by a runner', () => {
  it('when the merge is accepted, then the job is saved with the state after validate, and the first claim goes on from it without validating or re-reading the contacts', async () => {
    const token = server.token('mergeAgent');
    const previewed = await server.request('/api/v1/merges/preview', { token, body: { conversationIds: JANE } });
    const plan = (await previewed.json()) as MergePlan;
    const accepted = await server.request('/api/v1/merges', {
      token,
      headers: { 'idempotency-key': idempotencyKey() },
      body: { conversationIds: plan.conversationIds, planHash: plan.planHash },
    });
    expect(accepted.status).toBe(202);
    const job = (await accepted.json()) as Job;
    expect(job).toMatchObject({ status: 'queued', step: 'validate' });

    const stored = await server.service.store.jobs.get(job.id);
    expect(stored).toMatchObject({ status: 'queued', step: 'validate', completedSteps: 1, attempts: 0 });
    const state = stored!.state as ExecutionState;
    expect(state.next).toBe('merge_contacts');
    expect(state.plan.planHash).toBe(plan.planHash);

    server.emulator.emulator.clearRequestCounts();
    await server.service.runner.tick();
    await server.service.runner.idle();
    const done = await server.service.store.jobs.get(job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });

    // merge_contacts 1 POST, associate N PUTs, confirm 1 contact GET + 1 batch GET: N + 3 after
    // the accepted validate (1 batch GET + k contact GETs), N + k + 4 in all.
    expect(calls('POST /api/v2/externalcontacts/contacts/merge')).toBe(1);
    expect(calls('PUT /api/v2/externalcontacts/conversations/{conversationId}')).toBe(JANE.length);
    expect(calls('GET /api/v2/externalcontacts/contacts/{contactId}')).toBe(1);
    expect(calls('GET /api/v2/analytics/conversations/details')).toBe(1);
  });
});
