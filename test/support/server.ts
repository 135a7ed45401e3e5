/**
 * Start the service for a test: in process on port 0 against a test emulator (the composition
 * root of `server/src/app`, the demo org registered as the tenant), or as a child process
 * (`tsx server/src/main.ts` or a test entry) that can be killed. Plus a loopback CRM receiver that
 * verifies Standard Webhooks signatures with the `standardwebhooks` library (independently of the
 * server's own signing code), and token minting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Webhook } from 'standardwebhooks';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { createService, listen, type Listening, type Service, type ServiceOptions } from '../../server/src/app/index.js';
import { parseConfig, generateMasterKey } from '../../server/src/config/index.js';
import { generateWebhookSecret } from '../../server/src/crm/index.js';
import { createDemoSite, demoTenantRegistration, listInteractions, type DemoSite } from '../../server/src/demo/index.js';
import { systemClock, type Clock } from '../../server/src/clock/index.js';
import { createLogger } from '../../server/src/logging/index.js';
import { mintUserTokenOver, startTestEmulator, type DemoUser, type TestEmulator } from './emulator.js';

export type { DemoUser };

/** The repository root (child processes run there). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');

// ---- the CRM receiver -----------------------------------------------------------------------

/** One request the receiver got. */
export interface ReceivedWebhook {
  webhookId: string;
  /** Verified by `standardwebhooks`' own `Webhook.verify` with the receiver's secret. */
  verified: boolean;
  body: string;
  payload: unknown;
  /** Epoch ms (wall clock). */
  at: number;
}

/** A loopback webhook receiver. */
export interface TestReceiver {
  url: string;
  /** `whsec_…`, to register as the tenant's webhook secret. */
  secret: string;
  readonly received: ReceivedWebhook[];
  /** Status codes to answer next, in order (then 204). */
  respondWith(...statuses: number[]): void;
  /** Resolves once `count` verified deliveries arrived (no timers: resolved by the requests). */
  waitFor(count: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** Standard Webhooks' tolerance for `webhook-timestamp` (the library's, in seconds). */
const TIMESTAMP_TOLERANCE_S = 5 * 60;

/**
 * `Webhook.verify` reads `Date.now()`, which a service on a moved clock would fail: this checks
 * the same signature (`Webhook.sign` over id, timestamp and the exact body) and the timestamp
 * against `clock` instead. Throws like `verify` when either does not hold.
 */
function verifierOnClock(webhook: Webhook, clock: Clock) {
  return (body: string, headers: Record<string, string>): unknown => {
    const id = headers['webhook-id']!;
    const timestamp = Number(headers['webhook-timestamp']);
    const inTime = Number.isInteger(timestamp) && Math.abs(clock.now() / 1000 - timestamp) <= TIMESTAMP_TOLERANCE_S;
    if (!inTime || id === '' || !headers['webhook-signature']!.split(' ').includes(webhook.sign(id, new Date(timestamp * 1000), body))) {
      throw new Error('webhook signature or timestamp does not verify');
    }
    return JSON.parse(body) as unknown;
  };
}

/**
 * Starts a receiver on 127.0.0.1:0 at `/hooks`, verifying with the `standardwebhooks` library;
 * with `clock`, timestamps are checked against it (for a service on a moved clock).
 */
export async function startTestReceiver(secret = generateWebhookSecret(), options: { clock?: Clock } = {}): Promise<TestReceiver> {
  const received: ReceivedWebhook[] = [];
  const queued: number[] = [];
  const waiters: Array<{ count: number; resolve: (list: ReceivedWebhook[]) => void }> = [];
  const webhook = new Webhook(secret);
  const verify = options.clock ? verifierOnClock(webhook, options.clock) : (body: string, headers: Record<string, string>) => webhook.verify(body, headers);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = true;
      let payload: unknown = null;
      try {
        payload = verify(body, {
          'webhook-id': String(req.headers['webhook-id'] ?? ''),
          'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
          'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
        });
      } catch {
        verified = false;
      }
      received.push({ webhookId: String(req.headers['webhook-id'] ?? ''), verified, body, payload, at: Date.now() });
      const verifiedCount = received.filter((r) => r.verified).length;
      for (const waiter of [...waiters]) {
        if (verifiedCount >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(received.filter((r) => r.verified));
        }
      }
      res.statusCode = queued.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    secret,
    received,
    respondWith: (...statuses) => queued.push(...statuses),
    waitFor(count) {
      const verified = received.filter((r) => r.verified);
      if (verified.length >= count) return Promise.resolve(verified);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- the service in process -----------------------------------------------------------------

export interface StartTestServerOptions {
  /** Default: a fresh emulator with the demo dataset (closed with the server). */
  emulator?: TestEmulator;
  /** Extra environment for `parseConfig` (e.g. `RATE_LIMIT_PER_MINUTE`). */
  env?: Record<string, string>;
  /** Default: a fresh SQLite file under a temporary `DATA_DIR`. */
  store?: ServiceOptions['store'];
  /**
   * The CRM webhook of the demo tenant: a receiver started here (default), the built-in CRM
   * receiver of the demo site (`'site'`, needs `site`), another one, or none.
   */
  webhook?: 'receiver' | 'site' | { url: string; secret: string } | null;
  /**
   * Serve the demo site as `npm start` does: the desktop harness's endpoints (the emulator's
   * interactions) and the built-in CRM receiver. Pages need `service.clientDir` (a client build).
   */
  site?: boolean;
  /** Start the job runner and the relay (default both); a part not started can be driven by hand (`relay.runOnce()`, `runner.tick()`). */
  start?: boolean | { jobs?: boolean; relay?: boolean };
  /** More options for the composition root (executor wrapper, relay schedule, observers…). */
  service?: Partial<Omit<ServiceOptions, 'config' | 'logger'>>;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  service: Service;
  emulator: TestEmulator;
  /** The receiver started for the tenant's webhook, when `webhook` was `'receiver'`. */
  receiver: TestReceiver | null;
  /** The demo site (harness endpoints, built-in CRM receiver), when `site` was set. */
  site: DemoSite | null;
  dataDir: string;
  /** A user token of a demo user (role name or id), issued to the widget client unless `clientId` says otherwise. */
  token(user: DemoUser | string, clientId?: string): string;
  /** `fetch` on the server with `token` as bearer (when given) and JSON `body`. */
  request(path: string, init?: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

/** The environment of a test server (demo mode against the given emulator). */
export function testEnvironment(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    MASTER_KEY: generateMasterKey(),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    JOB_POLL_INTERVAL_MS: '50',
    ALLOW_PRIVATE_WEBHOOK_URLS: 'true',
    ...extra,
  };
}

/**
 * Starts the service in this process on 127.0.0.1:0 with the demo org (served by `emulator`) as
 * its tenant, on the wall clock. Close it with `close()`.
 */
export async function startTestServer(options: StartTestServerOptions = {}): Promise<TestServer> {
  const emulator = options.emulator ?? (await startTestEmulator());
  const dataDir = mkdtempSync(join(tmpdir(), 'im-server-'));
  const config = parseConfig(testEnvironment(dataDir, options.env));
  const logger = createLogger({ level: config.log.level });
  const receiver = options.webhook === undefined || options.webhook === 'receiver' ? await startTestReceiver() : null;
  let service: Service | null = null;
  const site = options.site
    ? createDemoSite({
        clock: systemClock,
        webhookSecret: async () => (service ? ((await service.tenants.webhookEndpoint(DEMO_IDS.orgId))?.secret ?? null) : null),
        interactions: () => listInteractions(emulator.emulator, emulator.dataset),
      })
    : null;
  service = await createService({
    config,
    logger,
    demoGenesysUrl: emulator.url,
    ...(options.store ? { store: options.store } : {}),
    ...(site ? { extraRouters: site.routers, frameOrigins: site.frameOrigins } : {}),
    ...options.service,
  });
  let listening: Listening | null = null;
  try {
    listening = await listen(service.app, { host: '127.0.0.1', port: 0 });
    site?.listeningOn(listening.port);
    const webhook =
      receiver ? { url: receiver.url, secret: receiver.secret }
      : options.webhook === 'site' ? { url: site!.webhookUrl(), secret: generateWebhookSecret() }
      : (options.webhook as { url: string; secret: string } | null | undefined) ?? null;
    await service.tenants.ensure(demoTenantRegistration({ genesysUrl: emulator.url, webhook }));
    await service.refreshTenants();
    const start = options.start ?? true;
    if (start !== false) service.start(start === true ? {} : start);
  } catch (error) {
    await listening?.close(0);
    await service.close({ graceMs: 0 });
    await receiver?.close();
    throw error;
  }
  const running = listening;
  const started = service;
  const url = `http://127.0.0.1:${running.port}`;
  return {
    url,
    port: running.port,
    service: started,
    emulator,
    receiver,
    site,
    dataDir,
    token: (user, clientId = DEMO_IDS.clients.widget.id) => emulator.userToken(user, clientId),
    request(path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      return fetch(`${url}${path}`, {
        method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
        headers,
        ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
      });
    },
    async close() {
      await running.close(0);
      await started.close({ graceMs: 1000 });
      await receiver?.close();
      if (!options.emulator) await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---- the service as a child process ---------------------------------------------------------

export interface ChildServer {
  process: ChildProcess;
  /** `http://127.0.0.1:<port>` once listening. */
  url: string;
  port: number;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Resolves with the first stdout line (already printed or to come) matching `pattern`. */
  waitForLine(pattern: RegExp): Promise<string>;
  /** Resolves with the exit code (or the signal) when the process ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns `node [nodeArgs] --import tsx <entry>` (default `server/src/main.ts`): one process, so a signal
 * reaches the server itself (the `tsx` CLI would run it in a grandchild that SIGKILL misses), with
 * `env` added to a minimal base (PATH, HOME), and waits for its
 * `Interaction Merger listening on http://host:port` line.
 */
export async function startChildServer(options: { env: Record<string, string>; entry?: string; nodeArgs?: readonly string[] }): Promise<ChildServer> {
  const entry = options.entry ?? 'server/src/main.ts';
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const watchers: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString('utf8'));
    if (stderr.length > 200) stderr.shift();
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const watcher of [...watchers]) {
      if (watcher.pattern.test(line)) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve(line);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const waitForLine = (pattern: RegExp) => {
    const found = lines.find((line) => pattern.test(line));
    if (found) return Promise.resolve(found);
    return new Promise<string>((resolve, reject) => {
      watchers.push({ pattern, resolve });
      exited.then(({ code, signal }) =>
        reject(new Error(`child server exited (${code ?? signal}) before printing ${pattern}:\n${stderr.join('').slice(-4000)}`)),
      );
    });
  };
  const listeningLine = await waitForLine(/^Interaction Merger listening on http:\/\/[^:]+:(\d+)/);
  const port = Number(/:(\d+)\s*$/.exec(listeningLine)![1]);
  return {
    process: child,
    url: `http://127.0.0.1:${port}`,
    port,
    lines,
    waitForLine,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

// ---- tokens ---------------------------------------------------------------------------------

/** A user token minted by the emulator at `emulatorUrl` (`POST /__emulator/tokens`), for the widget client by default. */
export function mintToken(emulatorUrl: string, user: DemoUser | string, clientId: string = DEMO_IDS.clients.widget.id): Promise<string> {
  const users: Record<string, string> = DEMO_IDS.users;
  return mintUserTokenOver(emulatorUrl, users[user] ?? user, clientId);
}

/** A random `Idempotency-Key`. */
export const idempotencyKey = () => randomBytes(12).toString('hex');
