/**
 * The SIGKILL chaos driver: a stream of merges submitted over HTTP to whichever child server
 * process is alive (a few at a time, as agents would), while the processes are killed one after
 * the other at seeded random points and restarted on the same store. A lifetime ends at a random
 * step boundary (the crash entry's `CRASH_AT`, which freezes the process there), right after a
 * random number of persisted steps (other jobs are then mid-step or mid-submission), or while a
 * random Genesys call is in flight (Genesys may carry it out, a contact merge included, after its
 * caller died).
 */
import { createInterface } from 'node:readline';
import type { Job, MergePlan } from '../../../server/src/http/index.js';
import { startCrashChild } from '../../crash/support/cluster.js';
import { followJob, pick, randomInt } from '../../support/chaos.js';
import type { ChildServer } from '../../support/server.js';

/**
 * Step boundaries of the crash entry (`CRASH_AT`): before a step, after its effects on Genesys
 * but before anything is persisted, and after the completed job is persisted.
 */
export const STEP_BOUNDARIES: readonly string[] = Object.freeze([
  'merge_contacts:before', 'merge_contacts:after-effects',
  'associate:before', 'associate:after-effects',
  'confirm:before', 'confirm:after-effects',
  'reconcile:before', 'reconcile:after-effects',
  'record:before', 'record:after-effects', 'record:after-save',
]);

/** How one process lifetime ended. */
export interface KillRecord {
  lifetime: number;
  /** `boundary <step:phase>`, `after <n> steps` or `during Genesys call <n>`. */
  trigger: string;
  /** Whether the trigger fired (false: the safety limit or the end of the work ended it). */
  fired: boolean;
  /** Jobs accepted (202 received) but not known to be completed when the process was killed. */
  unfinishedJobs: number;
  /** Whether a submission was on the wire when the process was killed. */
  duringSubmission: boolean;
  /** From the process's start (its first `listening` line) to its death. */
  durationMs: number;
}

/** The outcome of a chaos run. */
export interface KillLoopResult {
  /** The jobs as finally reported by the last process (in plan order). */
  jobs: Job[];
  kills: KillRecord[];
  /** Submissions answered as replays of an earlier one (`Idempotent-Replayed`). */
  replayedSubmissions: number;
  /** Submissions cut by a kill and sent again (same key) to the next process. */
  resentSubmissions: number;
  /** The process left running (also in `children`). */
  survivor: ChildServer;
  /** What the processes wrote to stderr (errors only, at `LOG_LEVEL=error`), to explain a failure. */
  stderr: string[];
}

/** What the driver needs. */
export interface KillLoopOptions {
  /** Environment of every child (store, emulator, receiver, keys). */
  env: Record<string, string>;
  /** The first process, already running (it previewed the plans). */
  first: ChildServer;
  /** Every process the driver starts is pushed here at once, so the caller can kill them whatever happens. */
  children: ChildServer[];
  plans: readonly MergePlan[];
  /** Processes killed before the survivor is started. */
  kills: number;
  random: () => number;
  /** An agent token that may merge. */
  token: string;
  /** Merges accepted but not finished at any time (default 4): the next waits for one to finish. */
  inFlight?: number;
  /** A lifetime ended by a step count lasts between these many persisted steps (default 3–20). */
  steps?: { min: number; max: number };
  /** Share of lifetimes ended at a step boundary (default 0.4). */
  boundaryShare?: number;
  /**
   * Subscribes to every Genesys call the emulator receives, told while the call is in flight (see
   * `createCallTap`); returns the unsubscribe. With it, a share of lifetimes (`callShare`, default
   * 0.3) ends during a random call, between `calls.min` and `calls.max` (default 5–80).
   */
  genesysCalls?: (listener: () => void) => () => void;
  callShare?: number;
  calls?: { min: number; max: number };
  /** A lifetime whose trigger never fires is ended after this long anyway (a guard, not a wait). */
  lifetimeLimitMs?: number;
}

const STEP_LINE = /^STEP (\S+) (\S+) \d+$/;

/** Calls `onLine` with every stdout line of `child` from now on. */
function watchLines(child: ChildServer, onLine: (line: string) => void): void {
  createInterface({ input: child.process.stdout! }).on('line', onLine);
}

/** Runs the chaos: see the module comment. Resolves once every job is done on the survivor. */
export async function runKillLoop(options: KillLoopOptions): Promise<KillLoopResult> {
  const { plans, random, token, children } = options;
  const limitMs = options.lifetimeLimitMs ?? 60_000;
  const window = options.inFlight ?? 4;
  const stepRange = options.steps ?? { min: 3, max: 20 };
  const boundaryShare = options.boundaryShare ?? 0.4;
  const callShare = options.genesysCalls ? (options.callShare ?? 0.3) : 0;
  const callRange = options.calls ?? { min: 5, max: 80 };
  const stderr: string[] = [];
  const completed = new Set<string>();
  const jobIds: Array<string | null> = plans.map(() => null);
  let current: ChildServer | null = options.first;
  let waiting: Array<(child: ChildServer) => void> = [];
  let slotWaiters: Array<() => void> = [];
  let submitting = false;
  let replayedSubmissions = 0;
  let resentSubmissions = 0;
  let allDone: () => void = () => undefined;
  const everythingDone = new Promise<void>((resolve) => {
    allDone = resolve;
  });

  const unfinished = () => jobIds.filter((id) => id !== null && !completed.has(id)).length;
  const noteCompleted = (jobId: string) => {
    if (completed.has(jobId)) return;
    completed.add(jobId);
    const ready = slotWaiters;
    slotWaiters = [];
    ready.forEach((resolve) => resolve());
    if (jobIds.every((id) => id !== null && completed.has(id))) allDone();
  };
  const noteStep = (line: string) => {
    const match = STEP_LINE.exec(line);
    if (match?.[2] === 'record') noteCompleted(match[1]!);
  };
  const track = (child: ChildServer) => {
    for (const line of child.lines) noteStep(line);
    watchLines(child, noteStep);
    child.process.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  };
  const alive = (): Promise<ChildServer> => (current ? Promise.resolve(current) : new Promise((resolve) => waiting.push(resolve)));
  const setCurrent = (child: ChildServer) => {
    current = child;
    const resolveAll = waiting;
    waiting = [];
    resolveAll.forEach((resolve) => resolve(child));
  };
  /**
   * A job can complete in the store just before its process dies, without its `STEP` line
   * reaching us: ask the new process about every job not known to be done.
   */
  const refreshCompleted = async (child: ChildServer) => {
    for (const id of jobIds) {
      if (id === null || completed.has(id)) continue;
      const response = await fetch(`${child.url}/api/v1/merges/${id}`, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200) continue;
      const job = (await response.json()) as Job;
      if (job.status === 'succeeded' || job.status === 'failed') noteCompleted(id);
    }
  };
  const freeSlot = (): Promise<void> => (unfinished() < window ? Promise.resolve() : new Promise((resolve) => slotWaiters.push(resolve)));

  /** Submits every plan in turn, `window` at a time; a submission cut by a kill is sent again, same key, to the next process. */
  const submitter = (async () => {
    for (const [index, plan] of plans.entries()) {
      await freeSlot();
      const key = `chaos-${index}-${plan.planHash.slice(0, 16)}`;
      for (let tries = 0; ; tries += 1) {
        const child = await alive();
        submitting = true;
        try {
          const response = await fetch(`${child.url}/api/v1/merges`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify({ conversationIds: plan.conversationIds, planHash: plan.planHash }),
          });
          const text = await response.text();
          if (response.status !== 202) throw new Error(`merge ${index} answered ${response.status}: ${text}`);
          if (response.headers.get('idempotent-replayed') === 'true') replayedSubmissions += 1;
          if (tries > 0) resentSubmissions += 1;
          jobIds[index] = (JSON.parse(text) as Job).id;
          break;
        } catch (error) {
          if (!(error instanceof TypeError)) throw error; // fetch failed: the process died under it
          if (current === child) current = null;
        } finally {
          submitting = false;
        }
      }
    }
  })();
  // Awaited at the end; a failed submission also ends the lifetime race below at once.
  submitter.catch(() => undefined);

  const kills: KillRecord[] = [];
  let child = options.first;
  track(child);
  for (let lifetime = 0; lifetime < options.kills; lifetime += 1) {
    const kind = random();
    const boundary = lifetime > 0 && kind < boundaryShare ? pick(random, STEP_BOUNDARIES) : null;
    const steps = randomInt(random, stepRange.min, stepRange.max);
    const calls = !boundary && kind >= 1 - callShare ? randomInt(random, callRange.min, callRange.max) : null;
    if (lifetime > 0) {
      child = await startCrashChild({ ...options.env, ...(boundary ? { CRASH_AT: boundary } : {}) });
      children.push(child);
      track(child);
      await refreshCompleted(child);
      setCurrent(child);
    }
    let unsubscribe: () => void = () => {};
    const bornAt = Date.now();
    const trigger = boundary ? child.waitForLine(/^CRASH_POINT /).then(() => true)
      : calls !== null ? new Promise<boolean>((resolve) => {
        const dying = child;
        let seen = 0;
        unsubscribe = options.genesysCalls!(() => {
          // Killed at once, while this call is still being answered.
          if (++seen !== calls) return;
          dying.process.kill('SIGKILL');
          resolve(true);
        });
      })
      : nthStep(child, steps).then(() => true);
    let guard: NodeJS.Timeout | undefined;
    const fired = await Promise.race([
      trigger,
      everythingDone.then(() => false),
      submitter.then(() => new Promise<boolean>(() => undefined)),
      new Promise<boolean>((resolve) => {
        guard = setTimeout(() => resolve(false), limitMs);
      }),
    ]);
    clearTimeout(guard);
    unsubscribe();
    const duringSubmission = submitting;
    current = null;
    await child.kill();
    const triggerName = boundary ? `boundary ${boundary}` : calls !== null ? `during Genesys call ${calls}` : `after ${steps} steps`;
    kills.push({ lifetime, trigger: triggerName, fired, unfinishedJobs: unfinished(), duringSubmission, durationMs: Date.now() - bornAt });
    if (!fired && jobIds.every((id) => id !== null && completed.has(id))) break;
  }

  const survivor = await startCrashChild(options.env);
  children.push(survivor);
  track(survivor);
  setCurrent(survivor);
  await submitter;
  const jobs = await Promise.all(jobIds.map((id) => followJob(survivor.url, token, id!)));
  return { jobs, kills, replayedSubmissions, resentSubmissions, survivor, stderr };
}

/** Resolves after the `n`-th `STEP` line printed by `child` from now on. */
function nthStep(child: ChildServer, n: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    watchLines(child, (line) => {
      if (STEP_LINE.test(line) && ++seen === n) resolve();
    });
  });
}
