import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServerSentEvents } from '../../client/widget/api/sse.js';
import { DEMO_IDS } from '../../emulator/src/index.js';
import type { Job, JobProgressEvent, MergePlan } from '../../server/src/http/index.js';
import { idempotencyKey, startTestServer, type TestServer } from '../support/server.js';

const { conversations: C } = DEMO_IDS;
let server: TestServer;
let token: string;

beforeAll(async () => {
  // The relay is driven by hand, so a delivery is complete when `runOnce` resolves.
  server = await startTestServer({ start: { jobs: true, relay: false } });
  token = server.token('mergeAgent');
});

afterAll(async () => {
  await server.close();
});

async function preview(conversationIds: string[]): Promise<MergePlan> {
  const response = await server.request('/api/v1/merges/preview', { token, body: { conversationIds } });
  expect(response.status).toBe(200);
  return (await response.json()) as MergePlan;
}

function submit(body: unknown, key = idempotencyKey()) {
  return server.request('/api/v1/merges', { token, headers: { 'idempotency-key': key }, body });
}

/** Reads the job's event stream to its end. */
async function events(jobId: string): Promise<Array<{ event: string; data: JobProgressEvent | Job }>> {
  const response = await server.request(`/api/v1/merges/${jobId}/events`, { token, headers: { accept: 'text/event-stream' } });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const out: Array<{ event: string; data: JobProgressEvent | Job }> = [];
  for await (const message of readServerSentEvents(response.body!)) out.push({ event: message.event, data: JSON.parse(message.data) });
  return out;
}

const merges = () =>
  server.emulator.emulator.requestCounts().entries
    .filter((e) => e.method === 'POST' && e.path === '/api/v2/externalcontacts/contacts/merge' && e.status < 300)
    .reduce((sum, e) => sum + e.count, 0);

describe('a merge through the API', () => {
  it('when the agent merges what the widget suggested, then the job succeeds, Genesys is changed once and the CRM gets one verified webhook', async () => {
    const listed = await server.request(`/api/v1/candidates?conversationId=${C.janeActiveCall}`, { token });
    const suggested = ((await listed.json()) as { candidates: Array<{ conversationId: string; selected: boolean }> }).candidates
      .filter((c) => c.selected)
      .map((c) => c.conversationId);
    const plan = await preview([C.janeActiveCall, ...suggested]);
    expect(plan.valid).toBe(true);

    const accepted = await submit({ conversationIds: plan.conversationIds, planHash: plan.planHash });
    expect(accepted.status).toBe(202);
    const job = (await accepted.json()) as Job;
    expect(accepted.headers.get('location')).toBe(`/api/v1/merges/${job.id}`);

    const stream = await events(job.id);
    const done = stream.at(-1)!;
    expect(done.event).toBe('done');
    const finished = done.data as Job;
    expect(finished.status).toBe('succeeded');
    const contactId = finished.result!.contactId;
    expect(finished.result!.mergedFromContactIds.sort()).toEqual([DEMO_IDS.contacts.jane, DEMO_IDS.contacts.janeCallEphemeral].sort());

    // Genesys: one merge, every conversation now points at the new contact.
    expect(merges()).toBe(1);
    for (const id of plan.conversationIds) {
      const customer = server.emulator.emulator.conversation(id)!.participants!.find((p) => p.purpose === 'customer');
      expect(customer?.externalContactId).toBe(contactId);
    }

    // The CRM: exactly one event, verified by an independent verifier, delivered once.
    expect(await server.service.relay.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(await server.service.relay.runOnce()).toMatchObject({ claimed: 0 });
    expect(server.receiver!.received).toHaveLength(1);
    const [delivery] = await server.receiver!.waitFor(1);
    expect((delivery!.payload as { data: { contactId: string; jobId: string } }).data).toMatchObject({ contactId, jobId: job.id });
    const [event] = await server.service.outbox.list({ tenantId: DEMO_IDS.orgId, limit: 10 });
    expect(event).toMatchObject({ id: delivery!.webhookId, status: 'delivered', attempts: 1 });

    // Our record: the conversation reads as merged, by whom, and the agent's choice was kept as feedback.
    const context = await server.request(`/api/v1/context?conversationId=${C.janeActiveCall}`, { token });
    expect(((await context.json()) as { alreadyMerged: unknown }).alreadyMerged).toMatchObject({ mergedBy: 'Alex Agent', contactId, jobId: job.id });
    const [feedback] = await server.service.store.feedback.list({ tenantId: DEMO_IDS.orgId, limit: 10 });
    expect(feedback).toMatchObject({ jobId: job.id, kept: suggested, removed: [], added: [] });

    // The audit log tells the story, identifiers only as pseudonyms, and the chain verifies.
    const actions = (await server.service.audit.query({ tenantId: DEMO_IDS.orgId, limit: 100 })).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining([
      'merge.requested', 'merge.validated', 'genesys.contacts_merged', 'genesys.conversation_associated', 'merge.succeeded',
      'merge.recorded', 'webhook.delivered',
    ]));
    expect((await server.service.audit.verify(DEMO_IDS.orgId)).ok).toBe(true);
  });

  it('when merges ran, then /metrics shows their latency, Genesys calls, webhook attempts and dedup feedback, with no identifier in a label', async () => {
    const text = await (await server.request('/metrics')).text();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN);
    expect(value(/^interaction_merger_merge_duration_seconds_count\{outcome="succeeded"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^interaction_merger_merge_step_duration_seconds_count\{step="validate",outcome="succeeded"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^interaction_merger_genesys_requests_total\{endpoint="\/api\/v2\/externalcontacts\/contacts\/merge",method="POST",status="200"\} (\d+)/m)).toBe(1);
    expect(value(/^interaction_merger_webhook_attempts_total\{outcome="delivered",status_class="2xx"\} (\d+)/m)).toBe(1);
    expect(value(/^interaction_merger_dedup_precision (\S+)/m)).toBe(1);
    for (const id of [...Object.values(C), ...Object.values(DEMO_IDS.contacts), '+1617', '@example']) expect(text).not.toContain(id);
    expect((await server.request('/healthz')).status).toBe(200);
    const ready = await server.request('/readyz');
    expect([ready.status, ((await ready.json()) as { ready: boolean }).ready]).toEqual([200, true]);
  });

  it('when the same Idempotency-Key and body come again, then the same job is answered; with another body, 422', async () => {
    const plan = await preview([C.emmaCall, C.emmaEmail]);
    const key = idempotencyKey();
    const body = { conversationIds: plan.conversationIds, planHash: plan.planHash };
    const first = (await (await submit(body, key)).json()) as Job;
    const again = await submit(body, key);
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as Job).id).toBe(first.id);

    const other = await submit({ conversationIds: [C.emmaCall, C.emmaWhatsApp], planHash: plan.planHash }, key);
    expect(other.status).toBe(422);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('idempotency_key_reused');
    const jobs = await server.service.queue.list({ tenantId: DEMO_IDS.orgId, limit: 50 });
    expect(jobs.filter((j) => j.conversationIds.includes(C.emmaCall))).toHaveLength(1);
    await events(first.id);
  });

  it('when the contacts changed after the preview, then the merge is refused with 409 plan_changed and no job is created', async () => {
    const all = await preview([C.carlosWhatsApp, C.carlosSms, C.carlosCall, C.carlosWhatsAppRecent]);
    const part = await preview([C.carlosWhatsApp, C.carlosSms]);
    const first = (await (await submit({ conversationIds: part.conversationIds, planHash: part.planHash })).json()) as Job;
    expect(((await events(first.id)).at(-1)!.data as Job).status).toBe('succeeded');

    const jobsBefore = (await server.service.queue.list({ tenantId: DEMO_IDS.orgId, limit: 50 })).length;
    const stale = await submit({ conversationIds: all.conversationIds, planHash: all.planHash });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('plan_changed');
    expect((await server.service.queue.list({ tenantId: DEMO_IDS.orgId, limit: 50 })).length).toBe(jobsBefore);
  });

  it('when the planHash is not the preview\'s, then 409 plan_changed', async () => {
    const plan = await preview([C.lindaWhatsApp, C.lindaSms]);
    const response = await submit({ conversationIds: plan.conversationIds, planHash: `${plan.planHash.slice(0, -4)}0000` });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('plan_changed');
  });

  it("when another agent asks for someone's job, then it is not found", async () => {
    const [job] = await server.service.queue.list({ tenantId: DEMO_IDS.orgId, limit: 1 });
    const response = await server.request(`/api/v1/merges/${job!.id}`, { token: server.token('viewAgent') });
    expect(response.status).toBe(404);
    const own = await server.request(`/api/v1/merges/${job!.id}`, { token });
    expect(own.status).toBe(200);
  });
});

describe('merge progress', () => {
  it('when each step is let through in turn, then the event stream reports each step, then done', async () => {
    const gates: Array<() => void> = [];
    const waiting: Array<(release: () => void) => void> = [];
    const gated = await startTestServer({
      webhook: null,
      service: {
        wrapExecutor: (executor) => ({
          runStep: async (context) => {
            await new Promise<void>((release) => {
              const next = waiting.shift();
              if (next) next(release);
              else gates.push(release);
            });
            return executor.runStep(context);
          },
        }),
      },
    });
    try {
      const agent = gated.token('mergeAgent');
      const previewed = await gated.request('/api/v1/merges/preview', { token: agent, body: { conversationIds: [C.emmaCall, C.emmaEmail, C.emmaWhatsApp] } });
      const plan = (await previewed.json()) as MergePlan;
      const accepted = await gated.request('/api/v1/merges', {
        token: agent,
        headers: { 'idempotency-key': idempotencyKey() },
        body: { conversationIds: plan.conversationIds, planHash: plan.planHash },
      });
      const job = (await accepted.json()) as Job;
      const response = await gated.request(`/api/v1/merges/${job.id}/events`, { token: agent });
      const seen: Array<{ event: string; data: JobProgressEvent | Job }> = [];
      const release = () => new Promise<void>((resolve) => {
        const gate = gates.shift();
        if (gate) {
          gate();
          resolve();
        } else {
          waiting.push((r) => {
            r();
            resolve();
          });
        }
      });
      for await (const message of readServerSentEvents(response.body!)) {
        seen.push({ event: message.event, data: JSON.parse(message.data) });
        if (message.event === 'done') break;
        await release();
      }
      const progress = seen.filter((m) => m.event === 'progress').map((m) => m.data as JobProgressEvent);
      // Queued, then claimed (both after validate, which ran while the merge was accepted and was
      // saved with the job; the stream may open after the claim), then a progress event per step.
      expect([...new Set(progress.map((p) => p.completedSteps))]).toEqual([1, 2, 3, 4, 5]);
      expect([...new Set(progress.map((p) => p.step))]).toEqual(['validate', 'merge_contacts', 'associate', 'confirm', 'reconcile']);
      expect(progress.every((p) => p.totalSteps === 6 && p.jobId === job.id)).toBe(true);
      expect(seen.at(-1)).toMatchObject({ event: 'done', data: { id: job.id, status: 'succeeded', step: 'record' } });
    } finally {
      while (gates.length > 0) gates.shift()!();
      await gated.close();
    }
  });
});
