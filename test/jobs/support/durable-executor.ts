import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { MergeStep } from '../../../server/src/http/contract.js';
import { MERGE_STEPS, type StepExecutor } from '../../../server/src/jobs/index.js';
import { sampleResult } from '../../store/support/fixtures.js';

/**
 * A `StepExecutor` whose side effects survive a SIGKILL: each step appends `jobId:step` to
 * `effectsFile` (synchronously) before reporting, then calls `afterEffect`, where a crash test
 * can kill the process between the effect and its persistence.
 */
export function createDurableExecutor(effectsFile: string, afterEffect: (step: MergeStep) => void = () => {}): StepExecutor {
  return {
    async runStep({ job, state }) {
      const next = (state as { next: number } | null)?.next ?? 0;
      const step = MERGE_STEPS[next]!;
      appendFileSync(effectsFile, `${job.id}:${step}\n`);
      afterEffect(step);
      if (step !== 'record') return { kind: 'progress', step, state: { next: next + 1 } };
      return {
        kind: 'done',
        step,
        state: { next: next + 1 },
        result: sampleResult(job.conversationIds),
        markers: job.conversationIds.map((conversationId) => ({ conversationId, contactId: 'contact-canonical' })),
        outboxEvent: { type: 'interaction.merged', payload: { jobId: job.id } },
      };
    },
  };
}

/** How many times each step's side effect happened for a job. */
export function effectCounts(effectsFile: string, jobId: string): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(MERGE_STEPS.map((step) => [step, 0]));
  if (!existsSync(effectsFile)) return counts;
  for (const line of readFileSync(effectsFile, 'utf8').split('\n')) {
    const [id, step] = line.split(':');
    if (id === jobId && step) counts[step] = (counts[step] ?? 0) + 1;
  }
  return counts;
}
