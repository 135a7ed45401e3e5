/**
 * The real service in demo mode, in this process, for browser end-to-end tests: the composition
 * root (`createService`) wired as `server/src/main.ts` wires demo mode (the built-in CRM receiver
 * at `/crm/hooks` as the demo tenant's webhook, the desktop harness endpoints, the built client
 * pages, the harness allowed to frame the widget), against a Genesys Cloud emulator with the
 * demo dataset. Listens on 127.0.0.1:<port>, so the harness is `http://localhost:<port>/desktop`
 * and the widget `http://127.0.0.1:<port>/widget`: two origins, as in Genesys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_IDS } from '../../../emulator/src/index.js';
import { createService, listen, type Listening, type Service, type ServiceOptions } from '../../../server/src/app/index.js';
import { systemClock } from '../../../server/src/clock/index.js';
import { parseConfig } from '../../../server/src/config/index.js';
import { generateWebhookSecret } from '../../../server/src/crm/index.js';
import {
  createCrmReceiver, demoTenantRegistration, desktopRoutes, startDemoEmulator, DEMO_ORG_ID, DEMO_WIDGET_CLIENT_ID,
  type CrmDelivery, type DemoEmulator,
} from '../../../server/src/demo/index.js';
import { createLogger } from '../../../server/src/logging/index.js';
import { testEnvironment } from '../../support/server.js';

/** One running demo: the service, its emulator, and the two loopback origins. */
export interface DemoServer {
  /** `http://localhost:<port>`: the desktop harness and the CRM page. */
  hostOrigin: string;
  /** `http://127.0.0.1:<port>`: the widget and its API. */
  widgetOrigin: string;
  /** The emulator's base URL (API, login host, `/__emulator/` controls). */
  emulatorUrl: string;
  emulator: DemoEmulator;
  service: Service;
  /** The CRM receiver's deliveries, newest first (what `/crm/api/deliveries` serves). */
  deliveries(): CrmDelivery[];
  close(): Promise<void>;
}

/** Options of {@link startDemoServer}. */
export interface StartDemoServerOptions {
  /** The built client folder (`buildClient()` of test/browser/support). */
  clientDir: string;
  /** Extra environment for `parseConfig` (e.g. `RATE_LIMIT_PER_MINUTE`). */
  env?: Record<string, string>;
  /** Genesys client options of the composition root (e.g. the bench raises the org's call budget). */
  genesys?: ServiceOptions['genesys'];
}

/**
 * Starts the emulator (demo dataset, times rebased to now, as `npm start` does) and the service
 * with the demo wiring of `server/src/main.ts`, on the wall clock, with a fresh SQLite store.
 * Close it with `close()`.
 */
export async function startDemoServer(options: StartDemoServerOptions): Promise<DemoServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'im-e2e-'));
  const config = parseConfig(testEnvironment(dataDir, { JOB_POLL_INTERVAL_MS: '25', ...options.env }));
  const logger = createLogger({ level: config.log.level });
  const emulator = await startDemoEmulator({ datasetFile: null, logger });
  let port = 0;
  let service: Service | null = null;
  const receiver = createCrmReceiver({
    clock: systemClock,
    secret: async () => (service ? ((await service.tenants.webhookEndpoint(DEMO_ORG_ID))?.secret ?? null) : null),
  });
  const desktop = desktopRoutes({
    config: () => ({
      widgetOrigin: `http://127.0.0.1:${port}`,
      widgetClientId: DEMO_WIDGET_CLIENT_ID,
      hostOrigin: `http://localhost:${port}`,
      langTag: 'en-us',
    }),
    interactions: () => emulator.interactions(),
  });
  let listening: Listening | null = null;
  try {
    service = await createService({
      config,
      logger,
      demoGenesysUrl: emulator.url,
      clientDir: options.clientDir,
      extraRouters: [receiver.router, desktop],
      frameOrigins: ['http://127.0.0.1:*'],
      ...(options.genesys ? { genesys: options.genesys } : {}),
    });
    listening = await listen(service.app, { host: '127.0.0.1', port: 0 });
    port = listening.port;
    const webhook = { url: `http://127.0.0.1:${port}/crm/hooks`, secret: generateWebhookSecret() };
    await service.tenants.ensure(demoTenantRegistration({ genesysUrl: emulator.url, webhook }));
    await service.refreshTenants();
    service.start();
  } catch (error) {
    await listening?.close(0);
    await service?.close({ graceMs: 0 });
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const running = listening;
  const started = service;
  return {
    hostOrigin: `http://localhost:${port}`,
    widgetOrigin: `http://127.0.0.1:${port}`,
    emulatorUrl: emulator.url,
    emulator,
    service: started,
    deliveries: () => receiver.deliveries(),
    async close() {
      await running.close(0);
      await started.close({ graceMs: 1000 });
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `POST /__emulator/reset`: the emulator's org back to the dataset (contacts, merges, faults, rate limits). */
export async function resetEmulator(emulatorUrl: string): Promise<void> {
  const response = await fetch(`${emulatorUrl}/__emulator/reset`, { method: 'POST' });
  if (response.status !== 204) throw new Error(`emulator reset failed: ${response.status}`);
}

/** `PUT /__emulator/faults` with `faults`; resolves with the settings the emulator reports. */
export async function setEmulatorFaults(emulatorUrl: string, faults: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(`${emulatorUrl}/__emulator/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (response.status !== 200) throw new Error(`emulator faults refused: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Request counts by method, path template and status (`GET /__emulator/requests`). */
export async function emulatorRequests(emulatorUrl: string): Promise<unknown> {
  return (await fetch(`${emulatorUrl}/__emulator/requests`)).json();
}

/** The demo people who sign in, by role name (emulator/data/README.md). */
export const PEOPLE = Object.freeze({
  /** Alex Agent: uses the app, sees candidates, merges. */
  mergeAgent: { id: DEMO_IDS.users.mergeAgent, email: 'alex.agent@demo-contact-centre.example', name: 'Alex Agent' },
  /** Val Viewer: may look (only conversations she handled), never merge. */
  viewAgent: { id: DEMO_IDS.users.viewAgent, email: 'val.viewer@demo-contact-centre.example', name: 'Val Viewer' },
  /** Pat Plain: no `integration:interactionMerger:view`. */
  plainAgent: { id: DEMO_IDS.users.plainAgent, email: 'pat.plain@demo-contact-centre.example', name: 'Pat Plain' },
});
