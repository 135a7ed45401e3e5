import type { MergeStep } from '../../../server/src/http/contract.js';
import { MERGE_STEPS, type StepContext, type StepExecutor, type StepOutcome } from '../../../server/src/jobs/index.js';
import { sampleResult } from '../../store/support/fixtures.js';

/** The state the fake executor keeps between steps. */
export interface FakeState {
  next: number;
  trail: string[];
}

/** What a test can make a step do, by job and step. */
export type StepBehaviour =
  | { kind: 'block'; until: Promise<void> }
  | { kind: 'throw'; times: number }
  | { kind: 'retry'; afterMs: number; times: number }
  | { kind: 'fail' };

/**
 * A `StepExecutor` over the six merge steps whose side effects are counted per job and step
 * (`effects`), with per-step behaviours (block, throw, retry, fail) to drive the runner.
 * Each step checks that it was given the state the previous step returned.
 */
export interface FakeExecutor extends StepExecutor {
  /** Side effects performed, by `${jobId}:${step}`. */
  readonly effects: Map<string, number>;
  /** Calls of `runStep`, by `${jobId}:${step}`. */
  readonly calls: Map<string, number>;
  /** The signals steps were given, by `${jobId}:${step}` (the latest). */
  readonly signals: Map<string, AbortSignal>;
  behave(jobId: string, step: MergeStep, behaviour: StepBehaviour): void;
  effectsOf(jobId: string): Record<string, number>;
}

export function createFakeExecutor(): FakeExecutor {
  const effects = new Map<string, number>();
  const calls = new Map<string, number>();
  const signals = new Map<string, AbortSignal>();
  const behaviours = new Map<string, StepBehaviour>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  return {
    effects,
    calls,
    signals,
    behave(jobId, step, behaviour) {
      behaviours.set(`${jobId}:${step}`, behaviour);
    },
    effectsOf(jobId) {
      return Object.fromEntries(MERGE_STEPS.map((step) => [step, effects.get(`${jobId}:${step}`) ?? 0]));
    },
    async runStep({ job, state, signal }: StepContext): Promise<StepOutcome> {
      const current = (state as FakeState | null) ?? { next: 0, trail: [] };
      if (current.trail.length !== current.next) throw new Error('state does not match the steps completed');
      const step = MERGE_STEPS[current.next]!;
      const key = `${job.id}:${step}`;
      bump(calls, key);
      signals.set(key, signal);
      const behaviour = behaviours.get(key);
      if (behaviour?.kind === 'block') {
        await Promise.race([
          behaviour.until,
          new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
        ]);
      }
      if (behaviour?.kind === 'throw' && behaviour.times > 0) {
        behaviour.times -= 1;
        throw new Error(`step ${step} exploded`);
      }
      if (behaviour?.kind === 'retry' && behaviour.times > 0) {
        behaviour.times -= 1;
        return { kind: 'retry', afterMs: behaviour.afterMs, reason: 'rate_limited', state: current };
      }
      if (behaviour?.kind === 'fail') {
        return { kind: 'failed', error: { code: 'continuity_conflict', message: 'Another person’s identifier' } };
      }
      bump(effects, key);
      const next: FakeState = { next: current.next + 1, trail: [...current.trail, step] };
      if (step !== 'record') return { kind: 'progress', step, state: next };
      return {
        kind: 'done',
        step,
        state: next,
        result: sampleResult(job.conversationIds),
        markers: job.conversationIds.map((conversationId) => ({ conversationId, contactId: 'contact-canonical' })),
        outboxEvent: { type: 'interaction.merged', payload: `{"jobId":"${job.id}","contactId":"contact-canonical"}` },
      };
    },
  };
}
