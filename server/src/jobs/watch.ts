import type { Clock } from '../clock/index.js';
import { notFound } from '../errors/index.js';
import type { JobRecord, Store } from '../store/index.js';
import type { JobNotifier } from './notifier.js';

/** Options of `watchJob`. */
export interface WatchJobInput {
  store: Pick<Store, 'jobs'>;
  clock: Clock;
  jobId: string;
  /** Only this tenant's job is watched (404 otherwise). */
  tenantId: string;
  /** In-process news of this replica; without it, polling alone. */
  notifier?: JobNotifier;
  /** How often the store is re-read, so progress made by another replica arrives too. */
  pollIntervalMs: number;
  /** Ends the watch (the client went away). */
  signal?: AbortSignal;
}

/**
 * The job's successive states for server-sent events: first as it is now, then each change
 * (a higher `version`) whether it was made in this process (notifier, at once) or by another
 * replica (seen by polling the store). Ends after yielding a `succeeded` or `failed` job, or
 * when `signal` aborts. AppError 404 when the job is not the tenant's.
 */
export async function* watchJob(input: WatchJobInput): AsyncGenerator<JobRecord> {
  const { store, clock, jobId, notifier, signal } = input;
  const pending: JobRecord[] = [];
  let nudge = new AbortController();
  const unsubscribe = notifier?.subscribe(jobId, (job) => {
    pending.push(job);
    nudge.abort();
  });
  const onAbort = () => nudge.abort();
  signal?.addEventListener('abort', onAbort);
  try {
    const first = await store.jobs.get(jobId);
    if (!first || first.tenantId !== input.tenantId) throw notFound(`Merge job ${jobId} was not found`, { jobId });
    pending.push(first);
    let seen = -1;
    while (!signal?.aborted) {
      for (let job = pending.shift(); job; job = pending.shift()) {
        if (job.version <= seen) continue;
        seen = job.version;
        yield job;
        if (job.status === 'succeeded' || job.status === 'failed') return;
      }
      let polled = false;
      try {
        await clock.sleep(input.pollIntervalMs, nudge.signal);
        polled = true;
      } catch {
        nudge = new AbortController(); // a notification (or the end) arrived first
      }
      if (polled && !signal?.aborted) {
        const fresh = await store.jobs.get(jobId);
        if (!fresh) return; // removed with its tenant
        pending.push(fresh);
      }
    }
  } finally {
    unsubscribe?.();
    signal?.removeEventListener('abort', onAbort);
  }
}
