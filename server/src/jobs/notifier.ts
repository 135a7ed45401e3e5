import type { JobRecord } from '../store/index.js';

/**
 * In-process job news: progress for server-sent events on this replica, and "a job was
 * submitted" for the local runner. Another replica's progress arrives by polling the store
 * (`watchJob`), so nothing is lost when the job runs elsewhere.
 */
export interface JobNotifier {
  /** A job changed (the record as persisted, with its new version). */
  publish(job: JobRecord): void;
  /** Listens to one job's changes; returns the unsubscribe function. */
  subscribe(jobId: string, listener: (job: JobRecord) => void): () => void;
  /** A job became due: wake the local runner. */
  submitted(): void;
  /** Listens to submissions; returns the unsubscribe function. */
  onSubmitted(listener: () => void): () => void;
}

/** Creates an in-process notifier. Listeners that throw are isolated from each other. */
export function createJobNotifier(): JobNotifier {
  const byJob = new Map<string, Set<(job: JobRecord) => void>>();
  const submissions = new Set<() => void>();
  const call = (listener: () => void) => {
    try {
      listener();
    } catch {
      // a listener's failure is its own; the publisher and the other listeners carry on
    }
  };
  return {
    publish(job) {
      for (const listener of [...(byJob.get(job.id) ?? [])]) call(() => listener(job));
    },
    subscribe(jobId, listener) {
      let listeners = byJob.get(jobId);
      if (!listeners) byJob.set(jobId, (listeners = new Set()));
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) byJob.delete(jobId);
      };
    },
    submitted() {
      for (const listener of [...submissions]) call(listener);
    },
    onSubmitted(listener) {
      submissions.add(listener);
      return () => submissions.delete(listener);
    },
  };
}
