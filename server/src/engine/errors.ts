import { AppError } from '../errors/index.js';
import { GenesysApiError } from '../genesys/index.js';
import type { ValidationProblem } from '../merge/index.js';

/**
 * The error codes the engine throws (as `AppError`), and what a job runner should do with them:
 * - `conversation_not_found` (404): the conversation is unknown, purged or not visible.
 * - `invalid_selection` / `invalid_query` (400): bad input, naming the field in `details.field`.
 * - `plan_invalid` (422): the plan has validation errors (`details.problems`); never executed.
 * - `plan_changed` (409): re-validation found a different plan (`details.planHash` is the new
 *   hash): back to preview.
 * - `invalid_state` (400): an execution state the engine cannot run (wrong version, finished).
 * - `merge_conflict` (409, retryable): the contacts kept changing under the merge (409 after
 *   re-planning, bounded); try the step again later.
 * - `confirm_timeout` (504, retryable): Genesys did not show the merge and the associations
 *   within the confirmation window (analytics lag); running `confirm` again is harmless.
 */
export type EngineErrorCode =
  | 'conversation_not_found'
  | 'invalid_selection'
  | 'invalid_query'
  | 'plan_invalid'
  | 'plan_changed'
  | 'invalid_state'
  | 'merge_conflict'
  | 'confirm_timeout';

/** Codes after which the same step may succeed when run again later. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set(['merge_conflict', 'confirm_timeout']);

/** How long to wait before running a step again after a retryable engine error, ms. */
export const ENGINE_RETRY_AFTER_MS = 5_000;

/** `conversation_not_found` (404) naming the conversation. */
export const conversationNotFound = (conversationId: string) =>
  new AppError('conversation_not_found', 404, `Conversation ${conversationId} was not found (unknown, purged, or not visible to the app)`, {
    details: { conversationId },
  });

/** `invalid_selection` (400) naming the field. */
export const invalidSelection = (field: string, message: string) =>
  new AppError('invalid_selection', 400, `${field}: ${message}`, { details: { field } });

/** `plan_invalid` (422) with the plan's error-severity problems in `details.problems`. */
export const planInvalid = (problems: readonly ValidationProblem[], message = 'The merge plan has validation errors') =>
  new AppError('plan_invalid', 422, message, { details: { problems: problems.filter((p) => p.severity === 'error') } });

/**
 * What a job runner should do after `runStep` threw: `retry` the same step after `afterMs`
 * (Genesys rate limits and outages that outlasted the client's own retries, a merge conflict that
 * outlasted re-planning, a confirmation that outlasted its window), or `failed` with a code and a
 * message an agent can read. Unknown errors are `failed` with code `internal`.
 */
export type EngineErrorOutcome =
  | { kind: 'retry'; afterMs: number; reason: string }
  | { kind: 'failed'; code: string; message: string; status: number; details?: unknown };

/** Classifies an error thrown by the engine (see {@link EngineErrorOutcome}). */
export function engineErrorOutcome(error: unknown): EngineErrorOutcome {
  if (error instanceof AppError) {
    if (RETRYABLE_CODES.has(error.code)) return { kind: 'retry', afterMs: ENGINE_RETRY_AFTER_MS, reason: error.code };
    return { kind: 'failed', code: error.code, message: error.message, status: error.status, details: error.details };
  }
  if (error instanceof GenesysApiError) {
    if (error.exhausted || error.status === null || error.status === 429 || (error.status >= 500 && error.status !== 501)) {
      // Retries ran out (rate limit, outage) or the outcome of a write is unknown: the steps
      // re-read before they write, so running the step again later is safe.
      return { kind: 'retry', afterMs: Math.max(ENGINE_RETRY_AFTER_MS, 30_000), reason: `genesys ${error.status ?? 'network'} on ${error.endpoint}` };
    }
    const code = error.status === 401 ? 'genesys_unauthorized' : error.status === 403 ? 'genesys_forbidden' : error.status === 404 ? 'genesys_not_found' : 'genesys_rejected';
    return {
      kind: 'failed',
      code,
      message: `Genesys Cloud answered ${error.status} to ${error.endpoint}${error.code ? ` (${error.code})` : ''}`,
      status: 502,
      details: { endpoint: error.endpoint, status: error.status, correlationId: error.correlationId },
    };
  }
  return { kind: 'failed', code: 'internal', message: 'Internal error', status: 500 };
}
