/**
 * The emulator and the service as child processes of a benchmark (entries `emulator-child.ts`
 * and `server-child.ts` beside this file), so each one's resident memory can be read on its own,
 * and a PostgreSQL schema of the benchmark's own.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { generateMasterKey } from '../../server/src/config/index.js';
import { REPO_ROOT, startChildServer, type ChildServer } from '../../test/support/server.js';

const EMULATOR_ENTRY = relative(REPO_ROOT, join(import.meta.dirname, 'emulator-child.ts'));
const SERVER_ENTRY = relative(REPO_ROOT, join(import.meta.dirname, 'server-child.ts'));

/** PostgreSQL of the benchmarks (database `test` on 127.0.0.1:5432, trust auth); `BENCH_DATABASE_URL` overrides. */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface EmulatorChildOptions {
  datasetFile: string;
  /** Requests per token per minute. */
  rateLimitPerMinute: number;
  /** Uniform random latency added to every API call (0, 0 for none). */
  latencyMs: { min: number; max: number };
}

export interface EmulatorChild {
  pid: number;
  url: string;
  /** Loading and validating the dataset, building the emulator and listening, ms. */
  loadMs: number;
  conversations: number;
  contacts: number;
  close(): Promise<void>;
}

/** Starts `emulator-child.ts` on the dataset file and waits for its URL line. */
export async function startEmulatorChild(options: EmulatorChildOptions): Promise<EmulatorChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', EMULATOR_ENTRY, options.datasetFile], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      BENCH_RATE_LIMIT: String(options.rateLimitPerMinute),
      BENCH_LATENCY_MIN_MS: String(options.latencyMs.min),
      BENCH_LATENCY_MAX_MS: String(options.latencyMs.max),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString('utf8'));
    if (stderr.length > 100) stderr.shift();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    void exited.then(() => reject(new Error(`the emulator child exited before listening:\n${stderr.join('').slice(-4000)}`)));
  });
  const started = JSON.parse(first) as { url: string; loadMs: number; conversations: number; contacts: number };
  return {
    pid: child.pid!,
    ...started,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Null when {@link BENCH_DATABASE_URL} answers a query within 5 s, else why not (the report says so and runs SQLite only). */
export async function postgresUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Where one service child keeps its data: a SQLite file under a temporary `DATA_DIR`, or a PostgreSQL schema. */
export interface BenchStore {
  kind: 'sqlite' | 'postgres';
  env: Record<string, string>;
  /** Removes the directory, and drops the schema. */
  destroy(): Promise<void>;
}

/** A fresh store for one run; PostgreSQL gets a schema `bench_<tag>_<random>` in {@link BENCH_DATABASE_URL}. */
export function benchStore(kind: 'sqlite' | 'postgres', tag: string): BenchStore {
  const dataDir = mkdtempSync(join(tmpdir(), `im-bench-${tag}-`));
  if (kind === 'sqlite') return { kind, env: { DATA_DIR: dataDir }, destroy: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const schema = `bench_${tag.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(3).toString('hex')}`.slice(0, 60);
  return {
    kind,
    env: { DATA_DIR: dataDir, DATABASE_URL: BENCH_DATABASE_URL, BENCH_PG_SCHEMA: schema },
    async destroy() {
      const client = new pg.Client({ connectionString: BENCH_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The V8 flags `npm start` gives the service (package.json `start`), for memory: a small young
 * generation, and an old generation let grow to 1.5× what the last full collection kept (V8
 * otherwise picks up to 4× under load, and the process's resident memory swings with it). Passed
 * on the command line: `NODE_OPTIONS` refuses `--heap-growing-percent`.
 */
export const SERVICE_NODE_FLAGS = '--max-semi-space-size=4 --heap-growing-percent=50';

export interface ServerChildOptions {
  emulatorUrl: string;
  store: BenchStore;
  /** The org's Genesys call budget per minute (the service's client-side limiter). */
  genesysPerMinute: number;
  /** Where merged sessions are sent (a loopback receiver), or null for none. */
  webhook: { url: string; secret: string } | null;
  /** More service variables (`JOB_CONCURRENCY`, …). */
  env?: Record<string, string>;
}

/**
 * Starts `server-child.ts` outside demo mode against the emulator's org (the demo identities of
 * generated datasets), with the HTTP rate limit lifted so the load measures the service, not
 * its per-client throttle.
 */
export function startServerChild(options: ServerChildOptions): Promise<ChildServer> {
  return startChildServer({
    entry: SERVER_ENTRY,
    env: {
      ...options.store.env,
      GENESYS_API_URL: options.emulatorUrl,
      GENESYS_CLIENT_ID: DEMO_IDS.clients.backend.id,
      GENESYS_CLIENT_SECRET: DEMO_IDS.clients.backend.secret,
      GENESYS_WIDGET_CLIENT_ID: DEMO_IDS.clients.widget.id,
      MASTER_KEY: generateMasterKey(),
      ...(options.webhook ? { CRM_WEBHOOK_URL: options.webhook.url, CRM_WEBHOOK_SECRET: options.webhook.secret } : {}),
      ALLOW_PRIVATE_WEBHOOK_URLS: 'true',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      RATE_LIMIT_PER_MINUTE: '100000',
      BENCH_GENESYS_PER_MINUTE: String(options.genesysPerMinute),
      ...options.env,
    },
    // As `npm start` runs the service (package.json); BENCH_SERVER_NODE_FLAGS tries others.
    nodeArgs: (process.env.BENCH_SERVER_NODE_FLAGS ?? SERVICE_NODE_FLAGS).split(' ').filter((flag) => flag.length > 0),
  });
}

/** Step and job timings the service child printed (`STEP` and `DONE` lines), by job id. */
export interface ServerTimings {
  steps: Map<string, Array<{ step: string; ms: number }>>;
  done: Map<string, { status: string; ms: number }>;
}

/** Parses the `STEP <jobId> <step> <ms>` and `DONE <jobId> <status> <ms>` lines of `server-child.ts`. */
export function parseServerTimings(lines: readonly string[]): ServerTimings {
  const steps = new Map<string, Array<{ step: string; ms: number }>>();
  const done = new Map<string, { status: string; ms: number }>();
  for (const line of lines) {
    const parts = line.split(' ');
    if (parts[0] === 'STEP' && parts.length === 4) {
      const list = steps.get(parts[1]!) ?? [];
      list.push({ step: parts[2]!, ms: Number(parts[3]) });
      steps.set(parts[1]!, list);
    } else if (parts[0] === 'DONE' && parts.length === 4) {
      done.set(parts[1]!, { status: parts[2]!, ms: Number(parts[3]) });
    }
  }
  return { steps, done };
}
