/**
 * A test entry for crash tests: the service as `server/src/main.ts` builds it outside demo mode
 * (the org of the `GENESYS_*` variables, here a test emulator), plus test-only variables:
 * - `TEST_PG_SCHEMA`: with `DATABASE_URL`, the PostgreSQL schema the store lives in;
 * - `TEST_RELAY_LEASE_MS`: how long the CRM relay leases a claimed event (default 120 s, so an
 *   event claimed by a killed process waits that long before another process sends it again;
 *   must exceed the relay's rounds of `WEBHOOK_TIMEOUT_MS`);
 * - `CRASH_AT=<step>:<phase>`: stops the merge at a step boundary and prints
 *   `CRASH_POINT <step>:<phase> <jobId>`, then waits to be killed. Phases: `before` (the step is
 *   about to run), `after-effects` (it ran, Genesys was changed, nothing is persisted yet),
 *   `after-save` (its state, or the completed job, is persisted).
 * Also prints `STEP <jobId> <step> <pid>` after each persisted step (for the replica test).
 */
import { systemClock } from '../../../server/src/clock/index.js';
import { createService, ensureConfiguredTenant, listen } from '../../../server/src/app/index.js';
import { parseConfig } from '../../../server/src/config/index.js';
import type { ExecutionState } from '../../../server/src/engine/index.js';
import type { StepExecutor } from '../../../server/src/jobs/index.js';
import { createLogger } from '../../../server/src/logging/index.js';
import type { StoreOptions } from '../../../server/src/store/index.js';

const env = process.env;
const config = parseConfig(env);
const logger = createLogger({ level: config.log.level, name: 'crash-child' });
const [crashStep, crashPhase] = (env.CRASH_AT ?? '').split(':');
let frozen = false;

const stopHere = (step: string, phase: string, jobId: string): Promise<never> => {
  frozen = true;
  process.stdout.write(`CRASH_POINT ${step}:${phase} ${jobId}\n`);
  return new Promise<never>(() => undefined);
};

const wrapExecutor = (executor: StepExecutor): StepExecutor => ({
  async runStep(context) {
    if (frozen) return new Promise<never>(() => undefined);
    const next = (context.state as ExecutionState | null)?.next ?? 'merge_contacts';
    if (crashPhase === 'before' && next === crashStep) return stopHere(next, 'before', context.job.id);
    const outcome = await executor.runStep(context);
    const step = outcome.kind === 'progress' || outcome.kind === 'done' ? outcome.step : null;
    if (crashPhase === 'after-effects' && step === crashStep) return stopHere(step, 'after-effects', context.job.id);
    return outcome;
  },
});

const store: StoreOptions | undefined =
  config.database.kind === 'postgres' && env.TEST_PG_SCHEMA
    ? { dialect: 'postgres', connectionString: config.database.url, schema: env.TEST_PG_SCHEMA, poolSize: 4 }
    : undefined;

const service = await createService({
  config,
  logger,
  ...(store ? { store } : {}),
  ...(env.TEST_RELAY_LEASE_MS ? { relay: { leaseMs: Number(env.TEST_RELAY_LEASE_MS) } } : {}),
  wrapExecutor,
  jobObserver: {
    stepCompleted(job, step) {
      process.stdout.write(`STEP ${job.id} ${step} ${process.pid}\n`);
      if (crashPhase === 'after-save' && step === crashStep) void stopHere(step, 'after-save', job.id);
    },
  },
});
const listening = await listen(service.app, { host: config.host, port: config.port });
await ensureConfiguredTenant({ config, tenants: service.tenants, clock: systemClock });
await service.refreshTenants();
service.start();
process.stdout.write(`Interaction Merger listening on ${listening.url}\n`);

process.once('SIGTERM', () => {
  Promise.all([listening.close(1000), service.close({ graceMs: 2000 })]).then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
