/**
 * Sustained load through the HTTP API as agents produce it: each agent, with their own token,
 * takes the next customer, opens the candidates of that customer's latest interaction, previews
 * the auto-selected set, submits the merge (`Idempotency-Key`) and follows the job's event stream
 * to its end, then takes the next customer. Customers for whom the service proposes nothing, or
 * whose plan is not valid, are skipped (counted, not merged).
 */
import { randomBytes } from 'node:crypto';
import { readServerSentEvents } from '../../client/widget/api/sse.js';
import type { AnalyticsConversation, Dataset } from '../../emulator/src/index.js';
import { DEMO_IDS } from '../../emulator/src/index.js';
import type { CandidatesResponse, Job, MergePlan } from '../../server/src/http/index.js';

/** One customer to merge: the truth key, the interaction the agent has open, and how many the customer has. */
export interface LoadCustomer {
  customer: string;
  anchorConversationId: string;
  conversations: number;
}

/**
 * Customers of `dataset` worth opening the widget for, in a seeded random order: at least two
 * conversations in the home division, not purged, within `lookBackDays` of the latest one (the
 * anchor). The service decides what it actually proposes.
 */
export function loadCustomers(dataset: Dataset, options: { lookBackDays: number; seed: number }): LoadCustomer[] {
  const purged = new Set(dataset.purged);
  const home = DEMO_IDS.divisions.home;
  const byCustomer = new Map<string, AnalyticsConversation[]>();
  for (const conversation of dataset.conversations) {
    const key = dataset.truth[conversation.conversationId];
    if (!key || purged.has(conversation.conversationId)) continue;
    if (!conversation.divisionIds.every((d) => d === home)) continue;
    const list = byCustomer.get(key) ?? [];
    list.push(conversation);
    byCustomer.set(key, list);
  }
  const customers: LoadCustomer[] = [];
  for (const [customer, list] of byCustomer) {
    list.sort((a, b) => Date.parse(b.conversationStart) - Date.parse(a.conversationStart));
    const anchor = list[0]!;
    const from = Date.parse(anchor.conversationStart) - options.lookBackDays * 86_400_000;
    const recent = list.filter((c) => Date.parse(c.conversationStart) >= from);
    if (recent.length >= 2) customers.push({ customer, anchorConversationId: anchor.conversationId, conversations: recent.length });
  }
  customers.sort((a, b) => (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0));
  return shuffle(customers, options.seed);
}

function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Merge-role agents of the home division (the generator's agents plus the demo's), up to `count`. */
export function loadAgents(dataset: Dataset, count: number): string[] {
  const agents = dataset.users
    .filter((u) => u.roleIds.includes(DEMO_IDS.roles.mergeAgent) && u.divisionId === DEMO_IDS.divisions.home)
    .map((u) => u.id);
  if (agents.length === 0) throw new Error('the dataset has no merge agent in the home division');
  return agents.slice(0, count);
}

/**
 * `merged` / `failed`: the job's end; `no_candidates`: nothing auto-selected; `invalid_plan`: the
 * preview found an error; `not_submitted`: valid, but the target was reached meanwhile; `error`: a
 * request failed (see `error`).
 */
export type LoadOutcome = 'merged' | 'failed' | 'no_candidates' | 'invalid_plan' | 'not_submitted' | 'error';

/** What happened to one customer. Times in ms; null when the step was not reached. */
export interface LoadSample {
  customer: string;
  outcome: LoadOutcome;
  /** Whether `POST /api/v1/merges` was sent (one of the merges the run counts). */
  submitted: boolean;
  /** Conversations in the merge (the anchor and the selected ones). */
  conversations: number;
  /** Contacts of the plan (k in the N + k + 4 budget: the contacts the conversations resolve to), once previewed. */
  contacts: number | null;
  candidatesMs: number | null;
  previewMs: number | null;
  /** `POST /api/v1/merges` (validate and queue) until its 202. */
  submitMs: number | null;
  /** From the 202 until the job's `done` event. */
  jobMs: number | null;
  /** From opening the candidates until the job's `done` event. */
  endToEndMs: number | null;
  jobId: string | null;
  /** The job's own count of Genesys calls (`result.metrics.apiCalls`). */
  jobApiCalls: number | null;
  /** When this customer's work ended, ms since the load started. */
  endedAtMs: number;
  /** `status code: message` of the failing request, or the job's error. */
  error: string | null;
}

/** The load section's merges of one size N (conversations per merge), as `figures.stores.<store>.byConversations[N]`; read by the growth section. */
export interface ByConversations {
  merges: number;
  contactsP50: number;
  jobCallsP50: number;
  jobCallsMax: number;
  /** The largest N + k + 4 among the group's merges. */
  budgetMax: number;
  overBudget: number;
  jobMsP50: number;
  jobMsP99: number;
  endToEndP50: number;
}

export interface LoadOptions {
  serverUrl: string;
  /** One token per agent; the agents work concurrently, each one customer at a time. */
  tokens: readonly string[];
  customers: readonly LoadCustomer[];
  /** Stop submitting once this many merges were submitted. */
  merges: number;
  /** Per request, and for a job to finish. */
  timeoutMs: number;
  onProgress?: (submitted: number) => void;
}

export interface LoadRun {
  samples: LoadSample[];
  wallMs: number;
  /** Customers the agents took (merged, failed, skipped or in error). */
  customersTaken: number;
}

/** A request to the service that answered 3xx–5xx (or broke): `METHOD path status code: message`. */
export class RequestFailed extends Error {}

/**
 * One JSON request to the service as an agent: bearer `token`, JSON `body` when given; resolves
 * with the status and parsed body of a 2xx answer, throws {@link RequestFailed} otherwise.
 */
export async function apiRequest<T>(
  serverUrl: string,
  token: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${serverUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    signal: AbortSignal.timeout(init.timeoutMs ?? 60_000),
  });
  const text = await response.text();
  const body = (text ? JSON.parse(text) : null) as T;
  if (response.status >= 300) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new RequestFailed(`${init.method ?? 'GET'} ${path.split('?')[0]} ${response.status} ${error?.code ?? ''}: ${error?.message ?? text.slice(0, 200)}`);
  }
  return { status: response.status, body };
}

/** The conversations the service auto-selects for `conversationId` (not already merged), with the anchor first. */
export function selectedSet(anchorConversationId: string, candidates: CandidatesResponse): string[] {
  return [anchorConversationId, ...candidates.candidates.filter((c) => c.selected && !c.alreadyMerged).map((c) => c.conversationId)];
}

/** Follows `GET /api/v1/merges/{id}/events` (as the widget does, token in a header) until its `done` event: the finished job. */
export async function followJob(serverUrl: string, token: string, jobId: string, timeoutMs: number): Promise<Job> {
  const response = await fetch(`${serverUrl}/api/v1/merges/${jobId}/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status !== 200 || !response.body) throw new RequestFailed(`GET /api/v1/merges/{id}/events ${response.status}`);
  for await (const message of readServerSentEvents(response.body)) {
    if (message.event === 'done') return JSON.parse(message.data) as Job;
  }
  throw new RequestFailed(`the event stream of job ${jobId} ended without done`);
}

/** Runs the agents until `merges` merges were submitted and followed to their end (or customers run out). */
export async function runLoad(options: LoadOptions): Promise<LoadRun> {
  const samples: LoadSample[] = [];
  let nextCustomer = 0;
  let submitted = 0;
  const started = performance.now();
  const request = <T>(token: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    apiRequest<T>(options.serverUrl, token, path, { ...init, timeoutMs: options.timeoutMs });

  const awaitDone = (token: string, jobId: string) => followJob(options.serverUrl, token, jobId, options.timeoutMs);

  const agent = async (token: string) => {
    while (submitted < options.merges && nextCustomer < options.customers.length) {
      const customer = options.customers[nextCustomer++]!;
      const t0 = performance.now();
      const sample: LoadSample = {
        customer: customer.customer, outcome: 'error', submitted: false, conversations: 0, contacts: null, candidatesMs: null, previewMs: null,
        submitMs: null, jobMs: null, endToEndMs: null, jobId: null, jobApiCalls: null, endedAtMs: 0, error: null,
      };
      try {
        const id = encodeURIComponent(customer.anchorConversationId);
        const candidates = await request<CandidatesResponse>(token, `/api/v1/candidates?conversationId=${id}`);
        const t1 = performance.now();
        sample.candidatesMs = t1 - t0;
        const conversationIds = selectedSet(customer.anchorConversationId, candidates.body);
        if (conversationIds.length < 2) {
          sample.outcome = 'no_candidates';
          continue;
        }
        sample.conversations = conversationIds.length;
        const plan = await request<MergePlan>(token, '/api/v1/merges/preview', { method: 'POST', body: { conversationIds } });
        const t2 = performance.now();
        sample.previewMs = t2 - t1;
        sample.contacts = plan.body.contacts.length;
        if (!plan.body.valid) {
          sample.outcome = 'invalid_plan';
          sample.error = plan.body.problems.filter((p) => p.severity === 'error').map((p) => p.code).join(',');
          continue;
        }
        if (submitted >= options.merges) {
          sample.outcome = 'not_submitted';
          continue;
        }
        submitted++;
        sample.submitted = true;
        options.onProgress?.(submitted);
        const accepted = await request<Job>(token, '/api/v1/merges', {
          method: 'POST',
          body: { conversationIds: plan.body.conversationIds, planHash: plan.body.planHash },
          headers: { 'idempotency-key': randomBytes(12).toString('hex') },
        });
        const t3 = performance.now();
        sample.submitMs = t3 - t2;
        sample.jobId = accepted.body.id;
        const job = accepted.body.status === 'succeeded' || accepted.body.status === 'failed' ? accepted.body : await awaitDone(token, accepted.body.id);
        const t4 = performance.now();
        sample.jobMs = t4 - t3;
        sample.endToEndMs = t4 - t0;
        if (job.status === 'succeeded' && job.result) {
          sample.outcome = 'merged';
          sample.jobApiCalls = job.result.metrics.apiCalls;
        } else {
          sample.outcome = 'failed';
          sample.error = `job ${job.status}: ${job.error?.code ?? ''} ${job.error?.message ?? ''}`.trim();
        }
      } catch (error) {
        sample.outcome = 'error';
        sample.error = error instanceof RequestFailed ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
      } finally {
        sample.endedAtMs = performance.now() - started;
        samples.push(sample);
      }
    }
  };

  await Promise.all(options.tokens.map((token) => agent(token)));
  return { samples, wallMs: performance.now() - started, customersTaken: nextCustomer };
}
