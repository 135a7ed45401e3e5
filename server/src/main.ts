/**
 * `npm start` / `tsx server/src/main.ts`: reads the environment (the only place that does), builds
 * the service, listens, and stops gracefully on SIGTERM/SIGINT.
 *
 * Demo mode (no `GENESYS_*` credentials): starts the embedded Genesys Cloud emulator on a free
 * loopback port (or uses `GENESYS_API_URL`), registers the demo org as the tenant with its CRM
 * webhook pointing at the built-in receiver (`/crm/hooks`), serves the desktop harness and the
 * CRM page, and prints their URLs. Otherwise it serves the org the `GENESYS_*` variables name
 * (and any org registered through the admin API).
 */
import { fileURLToPath } from 'node:url';
import { createService, ensureConfiguredTenant, listen, type Listening, type Service } from './app/index.js';
import { systemClock } from './clock/index.js';
import { ConfigError, parseConfig, type Config } from './config/index.js';
import { generateWebhookSecret } from './crm/index.js';
import { createDemoSite, demoTenantRegistration, startDemoEmulator, DEMO_ORG_ID, type DemoEmulator } from './demo/index.js';
import { createLogger, type Logger } from './logging/index.js';

const CLIENT_DIR = fileURLToPath(new URL('../../dist/client', import.meta.url));

function readConfig(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`interaction-merger: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger: Logger = createLogger({ level: config.log.level, name: 'interaction-merger' });
  const demo = config.mode === 'demo';
  let emulator: DemoEmulator | null = null;

  let demoUrl: string | null = null;
  if (demo) {
    if (config.genesys.apiBaseUrl) {
      demoUrl = config.genesys.apiBaseUrl;
    } else {
      emulator = await startDemoEmulator({ datasetFile: config.demoDataset, logger });
      demoUrl = emulator.url;
    }
  }

  let service: Service | null = null;
  const site = demo
    ? createDemoSite({
        clock: systemClock,
        webhookSecret: async () => (service ? ((await service.tenants.webhookEndpoint(DEMO_ORG_ID))?.secret ?? null) : null),
        interactions: () => emulator?.interactions() ?? [],
      })
    : null;

  service = await createService({
    config,
    logger,
    demoGenesysUrl: demoUrl,
    clientDir: CLIENT_DIR,
    extraRouters: site?.routers ?? [],
    // The harness (localhost) frames the widget (127.0.0.1), as the Genesys desktop frames it.
    frameOrigins: site?.frameOrigins ?? [],
  });
  const listening: Listening = await listen(service.app, { host: config.host, port: config.port });
  const { port } = listening;
  site?.listeningOn(port);

  if (demo) {
    const existing = await service.tenants.webhookEndpoint(DEMO_ORG_ID).catch(() => null);
    const webhook = config.crmWebhook ?? { url: site!.webhookUrl(), secret: existing?.secret ?? generateWebhookSecret() };
    await service.tenants.ensure(demoTenantRegistration({ genesysUrl: demoUrl!, webhook }));
  } else {
    await ensureConfiguredTenant({ config, tenants: service.tenants, clock: systemClock });
  }
  await service.refreshTenants();
  service.start();

  logger.info({ port, mode: config.mode, database: config.database.kind }, 'interaction merger listening');
  process.stdout.write(`Interaction Merger listening on ${listening.url}\n`);
  if (demo) {
    process.stdout.write(
      [
        '',
        'Interaction Merger is running in demo mode.',
        `  Agent desktop (open this):  http://localhost:${port}/desktop`,
        `  CRM receiver page:          http://localhost:${port}/crm`,
        `  API docs:                   http://localhost:${port}/api/docs`,
        `  Genesys Cloud emulator:     ${demoUrl}`,
        '',
      ].join('\n') + '\n',
    );
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const current = service!;
    // Stop accepting first; running merges finish their step and are released; the relay records its attempts.
    Promise.all([listening.close(5_000), current.stop({ graceMs: 10_000 })])
      .then(() => current.close())
      .then(() => emulator?.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`interaction-merger: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
