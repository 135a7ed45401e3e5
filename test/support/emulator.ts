/**
 * Start a Genesys Cloud org emulator for a test: the demo dataset (or another), port 0, loopback,
 * optionally on a manual clock. Tokens come from the emulator's own test controls or its OAuth
 * endpoint, never from a real org.
 */
import { createManualClock, type ManualClock } from '../../server/src/clock/index.js';
import { readFile } from 'node:fs/promises';
import {
  DatasetError, DEMO_IDS, demoDatasetPath, loadDataset, parseDataset, startEmulator,
  type Dataset, type EmulatorBehaviour, type EmulatorClock, type EmulatorLimits, type RunningEmulator,
} from '../../emulator/src/index.js';

/** The demo dataset file as plain JSON (unvalidated, for tests that break it). */
export async function demoDatasetJson(): Promise<Dataset> {
  return JSON.parse(await readFile(demoDatasetPath, 'utf8')) as Dataset;
}

/** The `DatasetError` refusing `json`; throws when the dataset is accepted. */
export function datasetRefusal(json: unknown): DatasetError {
  try {
    parseDataset(json);
  } catch (error) {
    if (error instanceof DatasetError) return error;
    throw error;
  }
  throw new Error('expected the dataset to be refused');
}

/** Demo users by role name, as in `DEMO_IDS.users`. */
export type DemoUser = keyof typeof DEMO_IDS.users;

/** Options of {@link startTestEmulator}; all optional. */
export interface StartTestEmulatorOptions {
  /** Default: the demo dataset (`emulator/data/demo-dataset.json`). */
  dataset?: Dataset;
  /**
   * `true`: a `ManualClock` starting at the dataset's `referenceTime` (so served instants equal the
   * stored ones); a number: a `ManualClock` starting there. Ignored when `clock` is given.
   */
  manualClock?: boolean | number;
  /** Any clock, e.g. one shared with the server under test. */
  clock?: EmulatorClock;
  limits?: Partial<EmulatorLimits>;
  behaviour?: Partial<EmulatorBehaviour>;
  /** How the latency fault waits (default: real timers). */
  sleep?: (ms: number) => Promise<void>;
}

/** A running emulator plus what tests usually need next: its dataset, clock and tokens. */
export interface TestEmulator extends RunningEmulator {
  dataset: Dataset;
  /** The manual clock, when one was asked for with `manualClock`. */
  manualClock: ManualClock | undefined;
  /** A user token minted directly (no HTTP): a demo role name (`mergeAgent`, …), or any user id or email. */
  userToken(user: DemoUser | string, clientId?: string): string;
  /** A client-credentials token obtained over `POST /oauth/token` (default: the demo backend client). */
  clientToken(client?: { id: string; secret: string }): Promise<string>;
}

/** Reads the demo dataset (validated). */
export function loadDemoDataset(): Promise<Dataset> {
  return loadDataset(demoDatasetPath);
}

/** Starts an emulator on 127.0.0.1:0. Close it with `close()` in `afterAll`/`afterEach`. */
export async function startTestEmulator(options: StartTestEmulatorOptions = {}): Promise<TestEmulator> {
  const dataset = options.dataset ?? (await loadDemoDataset());
  const manualClock = options.clock || !options.manualClock
    ? undefined
    : createManualClock(typeof options.manualClock === 'number' ? options.manualClock : Date.parse(dataset.referenceTime ?? new Date().toISOString()));
  const running = await startEmulator({
    dataset,
    ...(options.clock ?? manualClock ? { clock: options.clock ?? manualClock! } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.behaviour ? { behaviour: options.behaviour } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const demoUsers: Record<string, string> = DEMO_IDS.users;
  return {
    ...running,
    dataset,
    manualClock,
    userToken: (user, clientId) =>
      running.emulator.mintUserToken({ userId: demoUsers[user] ?? user, ...(clientId === undefined ? {} : { clientId }) }),
    clientToken: (client = DEMO_IDS.clients.backend) => clientCredentialsToken(running.url, client.id, client.secret),
  };
}

/** `POST {url}/oauth/token` with `grant_type=client_credentials` and Basic auth; rejects on any non-200. */
export async function clientCredentialsToken(url: string, clientId: string, secret: string): Promise<string> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** `POST {url}/__emulator/tokens` → a user token (for a server or browser test holding only the URL). */
export async function mintUserTokenOver(url: string, user: string, clientId?: string): Promise<string> {
  const response = await fetch(`${url}/__emulator/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, ...(clientId === undefined ? {} : { clientId }) }),
  });
  if (response.status !== 201) throw new Error(`token mint failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
