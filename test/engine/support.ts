/**
 * Engine tests' helpers: an engine over a test emulator sharing its manual clock, Genesys call
 * counts from the emulator's own request log, and step-by-step execution.
 */
import { DEMO_IDS, NO_FAULTS, type Dataset, type EmulatorBehaviour, type FaultSettings } from '../../emulator/src/index.js';
import {
  createInteractionMerger, type EngineDeps, type ExecutionState, type InteractionMerger, type MergePlan, type RunStepOptions, type StepOutcome,
} from '../../server/src/engine/index.js';
import { createGenesysClient, type GenesysClient, type GenesysClientOptions } from '../../server/src/genesys/index.js';
import type { TenantSettings } from '../../server/src/merge/index.js';
import { DEFAULT_TENANT_SETTINGS } from '../../server/src/tenants/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

export const C = DEMO_IDS.conversations;
export const K = DEMO_IDS.contacts;

export async function startEngineEmulator(options: { dataset?: Dataset; behaviour?: Partial<EmulatorBehaviour> } = {}): Promise<TestEmulator> {
  return startTestEmulator({ manualClock: true, ...(options.dataset ? { dataset: options.dataset } : {}), ...(options.behaviour ? { behaviour: options.behaviour } : {}) });
}

/** Back to the dataset as loaded, no faults, no request counts. */
export function resetEmulator(emu: TestEmulator, faults: Partial<FaultSettings> = {}): void {
  emu.emulator.reset();
  emu.emulator.setFaults({ ...NO_FAULTS, ...faults });
  emu.emulator.clearRequestCounts();
}

export interface TestEngine {
  merger: InteractionMerger;
  genesys: GenesysClient;
}

/** An engine on the demo backend client, on the emulator's manual clock, jitter-free. */
export function createTestEngine(
  emu: TestEmulator,
  overrides: { settings?: Partial<TenantSettings>; client?: Partial<GenesysClientOptions>; engine?: Partial<EngineDeps> } = {},
): TestEngine {
  const genesys = createGenesysClient({
    target: { baseUrl: emu.url },
    credentials: { clientId: DEMO_IDS.clients.backend.id, clientSecret: DEMO_IDS.clients.backend.secret },
    clock: emu.manualClock!,
    random: () => 0,
    ...overrides.client,
  });
  const merger = createInteractionMerger({
    genesys,
    settings: { ...DEFAULT_TENANT_SETTINGS, ...overrides.settings },
    clock: emu.manualClock!,
    ...overrides.engine,
  });
  return { merger, genesys };
}

/** Endpoints the engine's budget counts: every API call but the org settings (cached) and the token. */
const UNCOUNTED = new Set(['/api/v2/organizations/me', '/api/v2/analytics/dataretention/settings']);

/** Genesys API calls the emulator answered since the last clear, by `METHOD path` (every status). */
export function apiCalls(emu: TestEmulator): { total: number; byEndpoint: Record<string, number> } {
  const byEndpoint: Record<string, number> = {};
  let total = 0;
  for (const entry of emu.emulator.requestCounts().entries) {
    if (!entry.path.startsWith('/api/v2/') || UNCOUNTED.has(entry.path)) continue;
    const key = `${entry.method} ${entry.path}`;
    byEndpoint[key] = (byEndpoint[key] ?? 0) + entry.count;
    total += entry.count;
  }
  return { total, byEndpoint };
}

/** Calls of one endpoint (`METHOD path template`) since the last clear. */
export const callsTo = (emu: TestEmulator, endpoint: string) => apiCalls(emu).byEndpoint[endpoint] ?? 0;

export const MERGE_POST = 'POST /api/v2/externalcontacts/contacts/merge';
export const ASSOCIATE_PUT = 'PUT /api/v2/externalcontacts/conversations/{conversationId}';

/** Runs every remaining step; returns the outcomes in order. */
export async function runAll(merger: InteractionMerger, state: ExecutionState, options?: RunStepOptions): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (let current = state; ;) {
    const outcome = await merger.runStep(current, undefined, options);
    outcomes.push(outcome);
    if (outcome.done) return outcomes;
    current = outcome.state;
  }
}

/** Previews and asserts the plan is valid (the preview's own calls are then cleared). */
export async function validPlan(emu: TestEmulator, merger: InteractionMerger, conversationIds: string[]): Promise<MergePlan> {
  const plan = await merger.preview({ conversationIds });
  if (!plan.valid) throw new Error(`expected a valid plan, got ${JSON.stringify(plan.problems)}`);
  emu.emulator.clearRequestCounts();
  return plan;
}

/** Round-trips through JSON, as the job store persists the state. */
export const persisted = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
