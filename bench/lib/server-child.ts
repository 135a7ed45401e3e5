/**
 * Child-process entry of the load and growth benchmarks: the service as `server/src/main.ts`
 * builds it outside demo mode (the org of the `GENESYS_*` variables, here an emulator child), so
 * its resident memory is its own. Besides the service's variables it reads:
 * - `BENCH_GENESYS_PER_MINUTE`: the org's Genesys call budget per minute (the client's rate
 *   limiter; default the platform's 300);
 * - `BENCH_GENESYS_CONCURRENCY`: Genesys calls in flight at once for the org (default the client's);
 * - `BENCH_PG_SCHEMA`: with `DATABASE_URL`, the PostgreSQL schema the store lives in.
 * Prints `Interaction Merger listening on <url>` once listening, then one line per persisted step
 * (`STEP <jobId> <step> <ms>`) and per finished job (`DONE <jobId> <status> <ms since created>`),
 * which the benchmark reads for per-step timings. Stops gracefully on SIGTERM.
 */
import { systemClock } from '../../server/src/clock/index.js';
import { createService, ensureConfiguredTenant, listen } from '../../server/src/app/index.js';
import { parseConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logging/index.js';
import type { StoreOptions } from '../../server/src/store/index.js';

const env = process.env;
const config = parseConfig(env);
const logger = createLogger({ level: config.log.level, name: 'bench-server' });
const positive = (name: string): number | undefined => {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`${name} must be a positive whole number\n`);
    process.exit(2);
  }
  return value;
};
const perMinute = positive('BENCH_GENESYS_PER_MINUTE');
const concurrency = positive('BENCH_GENESYS_CONCURRENCY');

const store: StoreOptions | undefined =
  config.database.kind === 'postgres' && env.BENCH_PG_SCHEMA
    ? { dialect: 'postgres', connectionString: config.database.url, schema: env.BENCH_PG_SCHEMA }
    : undefined;

const service = await createService({
  config,
  logger,
  ...(store ? { store } : {}),
  genesys: {
    ...(perMinute ? { rateLimit: { perWindow: perMinute, windowMs: 60_000 } } : {}),
    ...(concurrency ? { concurrency } : {}),
  },
  jobObserver: {
    stepCompleted(job, step, durationMs) {
      process.stdout.write(`STEP ${job.id} ${step} ${durationMs.toFixed(1)}\n`);
    },
    finished(job, durationMs) {
      process.stdout.write(`DONE ${job.id} ${job.status} ${durationMs.toFixed(1)}\n`);
    },
  },
});
const listening = await listen(service.app, { host: config.host, port: config.port });
await ensureConfiguredTenant({ config, tenants: service.tenants, clock: systemClock });
await service.refreshTenants();
service.start();
process.stdout.write(`Interaction Merger listening on ${listening.url}\n`);

process.once('SIGTERM', () => {
  Promise.all([listening.close(1000), service.close({ graceMs: 5000 })]).then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
