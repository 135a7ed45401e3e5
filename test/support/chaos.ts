/**
 * Helpers of the chaos, hostile-input and privacy suites: a seeded PRNG, merge plans found in a
 * generated org, snapshots of the store and of the emulator's org (to prove that nothing changed),
 * a clock that can be moved hours ahead while the wall clock keeps running, a CRM receiver that lives
 * on such a clock, a TCP gate that makes a receiver unreachable and reachable again, and a job
 * follower that works against any base URL.
 */
import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { readServerSentEvents } from '../../client/widget/api/sse.js';
import { seededRandom, type Dataset } from '../../emulator/src/index.js';
import { systemClock, type Clock } from '../../server/src/clock/index.js';
import type { Job, MergePlan } from '../../server/src/http/index.js';
import { STORE_TABLES, type Store } from '../../server/src/store/index.js';
import type { TestEmulator } from './emulator.js';
import type { ReceivedWebhook } from './server.js';

// ---- randomness ----------------------------------------------------------------------------

/** A seeded PRNG returning numbers in [0, 1) (the emulator's): the same seed gives the same chaos. */
export { seededRandom };

/** A whole number in [min, max] drawn from `random`. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One of `items`, drawn from `random`. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

// ---- merge plans in a generated org --------------------------------------------------------

const DAY_MS = 86_400_000;

/**
 * Groups of conversations that one real customer (the dataset's `truth`) had from one address
 * (the same phone digits or the same email), linked to at least two different contacts, inside
 * the org's analytics retention, over contacts no other group uses: merges the engine should
 * accept. At most six conversations per group.
 */
export function mergeableGroups(dataset: Dataset): string[][] {
  const purged = new Set(dataset.purged ?? []);
  const byId = new Map(dataset.conversations.map((c) => [c.conversationId, c]));
  const reference = Date.parse(dataset.referenceTime ?? new Date().toISOString());
  const oldest = reference - (dataset.org.analyticsRetentionDays - 1) * DAY_MS;
  const groups = new Map<string, { ids: string[]; contacts: Set<string> }>();
  for (const [conversationId, customer] of Object.entries(dataset.truth ?? {})) {
    const conversation = byId.get(conversationId);
    if (!conversation || purged.has(conversationId) || Date.parse(conversation.conversationStart) < oldest) continue;
    const participant = conversation.participants.find((p) => p.purpose === 'customer');
    const session = participant?.sessions?.[0];
    const address = session?.ani ?? session?.addressFrom;
    if (!address || !participant?.externalContactId) continue;
    const key = address.includes('@') ? address.toLowerCase() : address.replace(/\D/g, '').slice(-10);
    if (key.length < 7) continue;
    const group = groups.get(`${customer}\n${key}`) ?? { ids: [], contacts: new Set<string>() };
    group.ids.push(conversationId);
    group.contacts.add(participant.externalContactId);
    groups.set(`${customer}\n${key}`, group);
  }
  const used = new Set<string>();
  const result: string[][] = [];
  for (const group of groups.values()) {
    if (group.ids.length < 2 || group.contacts.size < 2 || [...group.contacts].some((c) => used.has(c))) continue;
    group.contacts.forEach((c) => used.add(c));
    result.push(group.ids.slice(0, 6));
  }
  return result;
}

/**
 * Previews `groups` in order on the service at `baseUrl` as the agent of `token` until `count`
 * plans are valid, need a contact merge, and share no contact with an earlier plan. Throws when
 * the groups run out first.
 */
export async function findMergePlans(baseUrl: string, token: string, groups: readonly string[][], count: number): Promise<MergePlan[]> {
  const plans: MergePlan[] = [];
  const usedContacts = new Set<string>();
  const refused: string[] = [];
  for (const conversationIds of groups) {
    if (plans.length >= count) break;
    const response = await fetch(`${baseUrl}/api/v1/merges/preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ conversationIds }),
    });
    if (response.status !== 200) {
      refused.push(`${response.status} ${(await response.text()).slice(0, 200)}`);
      continue;
    }
    const plan = (await response.json()) as MergePlan;
    if (!plan.valid || !plan.mergeRequired || plan.contacts.some((c) => usedContacts.has(c.id))) continue;
    plan.contacts.forEach((c) => usedContacts.add(c.id));
    plans.push(plan);
  }
  if (plans.length < count) {
    throw new Error(`only ${plans.length} of ${count} mergeable plans found in ${groups.length} groups; refused: ${refused.slice(0, 3).join(' | ')}`);
  }
  return plans;
}

// ---- jobs and webhooks ---------------------------------------------------------------------

/**
 * Follows `GET {baseUrl}/api/v1/merges/{jobId}/events` to its `done` event. With `retries`, an
 * answer of 429 or 503 (e.g. Genesys could not check the token) is asked again at once, up to that
 * many times, as a client told to try again would.
 */
export async function followJob(baseUrl: string, token: string, jobId: string, options: { retries?: number } = {}): Promise<Job> {
  let response: Response;
  for (let tries = 0; ; tries += 1) {
    response = await fetch(`${baseUrl}/api/v1/merges/${jobId}/events`, { headers: { authorization: `Bearer ${token}` } });
    if ((response.status !== 429 && response.status !== 503) || tries >= (options.retries ?? 0)) break;
    await response.body?.cancel();
  }
  if (response.status !== 200) throw new Error(`events of ${jobId}: ${response.status} ${await response.text()}`);
  for await (const message of readServerSentEvents(response.body!)) {
    if (message.event === 'done') return JSON.parse(message.data) as Job;
  }
  throw new Error(`the event stream of ${jobId} ended without done`);
}

/** The distinct `webhook-id`s delivered for each job (`data.jobId` of the verified payloads). */
export function webhookIdsByJob(received: readonly ReceivedWebhook[]): Map<string, Set<string>> {
  const byJob = new Map<string, Set<string>>();
  for (const delivery of received) {
    if (!delivery.verified) continue;
    const jobId = (delivery.payload as { data?: { jobId?: string } }).data?.jobId ?? '(none)';
    byJob.set(jobId, new Set([...(byJob.get(jobId) ?? []), delivery.webhookId]));
  }
  return byJob;
}

// ---- "nothing changed" -----------------------------------------------------------------------

/** Every row of every store table, as JSON text per table (rows in a stable order). */
export async function storeSnapshot(store: Store): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const table of STORE_TABLES) {
    const rows = await store.db.selectFrom(table).selectAll().execute();
    const texts = rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
    snapshot[table] = JSON.stringify(texts.sort());
  }
  return snapshot;
}

/** Rows per store table (cheap to compare between many requests). */
export async function storeRowCounts(store: Store): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of STORE_TABLES) {
    const row = await store.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** What a merge or an association would change in the emulator's org. */
export interface EmulatorState {
  /** Every dataset contact as served, as JSON text. */
  contacts: string;
  /** conversationId → the external contact ids of its customer participants. */
  links: string;
  /** Calls to the org's contacts that were not reads. */
  mutations: number;
}

/** The emulator's contacts and conversation links now, and how many writes it answered. */
export function emulatorState(emulator: TestEmulator): EmulatorState {
  const contacts = emulator.dataset.externalContacts.map((c) => emulator.emulator.contact(c.id));
  const links = emulator.dataset.conversations.map((c) => [
    c.conversationId,
    emulator.emulator.conversation(c.conversationId)?.participants.filter((p) => p.purpose === 'customer').map((p) => p.externalContactId ?? null) ?? null,
  ]);
  const mutations = emulator.emulator.requestCounts().entries
    .filter((e) => e.method !== 'GET' && e.path.startsWith('/api/v2/externalcontacts'))
    .reduce((sum, e) => sum + e.count, 0);
  return { contacts: JSON.stringify(contacts), links: JSON.stringify(links), mutations };
}

// ---- Genesys calls as they happen -------------------------------------------------------------

/** A latency `sleep` for the emulator that also reports each API call while it is in flight. */
export interface CallTap {
  /** Pass as the emulator's `sleep`: waits `ms` of real time (the latency fault) after telling the listeners. */
  sleep(ms: number): Promise<void>;
  /** Calls `listener` on every API call from now on; returns the unsubscribe. */
  onCall(listener: () => void): () => void;
}

/**
 * The emulator waits its latency fault once per API call (before the handler, or for contact
 * merges inside it, before the merge is applied), so with a latency set, this `sleep` sees every
 * call while its caller is still waiting for the answer.
 */
export function createCallTap(): CallTap {
  const listeners = new Set<() => void>();
  return {
    sleep(ms) {
      for (const listener of [...listeners]) listener();
      return new Promise((resolve) => setTimeout(resolve, ms));
    },
    onCall(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

// ---- time ------------------------------------------------------------------------------------

/** The wall clock plus an offset that only grows: waits are real, `now()` can jump hours ahead. */
export interface ShiftedClock extends Clock {
  /** Moves `now()` forward by `ms` (no waiting). */
  advance(ms: number): void;
  /** Moves `now()` forward to `epochMs` (never back). */
  advanceTo(epochMs: number): void;
  readonly offsetMs: number;
}

/** A {@link ShiftedClock} starting at the wall clock. */
export function createShiftedClock(): ShiftedClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: (ms, signal) => systemClock.sleep(ms, signal),
    advance(ms) {
      offset += Math.max(0, ms);
    },
    advanceTo(epochMs) {
      offset += Math.max(0, epochMs - (Date.now() + offset));
    },
    get offsetMs() {
      return offset;
    },
  };
}

// ---- an unreachable receiver -----------------------------------------------------------------

/**
 * A loopback TCP gate in front of a receiver: while up, connections are piped to the target; while
 * down, every connection (open or new) is reset at once, as when the receiver's host is gone.
 */
export interface NetworkGate {
  /** `http://127.0.0.1:<gate port><path>` */
  url(path: string): string;
  up(): void;
  down(): void;
  readonly isUp: boolean;
  /** Connections reset while down. */
  readonly refused: number;
  close(): Promise<void>;
}

/** Opens a gate to `target` (an `http://127.0.0.1:<port>/…` URL; only its port is used), up. */
export async function startNetworkGate(target: string): Promise<NetworkGate> {
  const targetPort = Number(new URL(target).port);
  const open = new Set<Socket>();
  let isUp = true;
  let refused = 0;
  const server: TcpServer = createTcpServer((socket) => {
    if (!isUp) {
      refused += 1;
      socket.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    open.add(socket);
    open.add(upstream);
    const drop = () => {
      socket.destroy();
      upstream.destroy();
      open.delete(socket);
      open.delete(upstream);
    };
    socket.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    up() {
      isUp = true;
    },
    down() {
      isUp = false;
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
    },
    get isUp() {
      return isUp;
    },
    get refused() {
      return refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
