/**
 * `npm run emulator -- [--port 8089] [--host 127.0.0.1] [--dataset FILE] [--seed S [--customers N]]`
 *
 * Runs the Genesys Cloud org emulator alone and prints its URL as the first line of stdout. The
 * dataset is FILE, or one generated from seed S (the generator, `emulator/src/generator`), or the
 * demo dataset. With FILE, `--seed` seeds the fault PRNG instead.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { DatasetError, demoDatasetPath, loadDataset, parseDataset, startEmulator, type Dataset } from './index.js';

function fail(message: string): never {
  process.stderr.write(`emulator: ${message}\n`);
  process.exit(1);
}

async function generated(seed: string, customers: string | undefined): Promise<Dataset> {
  let generator: typeof import('./generator/index.js');
  try {
    generator = await import('./generator/index.js');
  } catch (error) {
    fail(`--seed needs the dataset generator (emulator/src/generator), which could not be loaded: ${(error as Error).message}. Use --dataset FILE or no option (the demo dataset).`);
  }
  const params = generator.resolveGeneratorParams({
    seed: /^\d+$/.test(seed) ? Number(seed) : seed,
    ...(customers === undefined ? {} : { customers: Number(customers) }),
  });
  return parseDataset(generator.generateDataset(params));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8089' },
      host: { type: 'string', default: '127.0.0.1' },
      dataset: { type: 'string' },
      seed: { type: 'string' },
      customers: { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port ${values.port} is not a port number`);

  const dataset = await (values.dataset
    ? loadDataset(values.dataset)
    : values.seed !== undefined
      ? generated(values.seed, values.customers)
      : loadDataset(demoDatasetPath)
  ).catch((error: unknown) => {
    if (error instanceof DatasetError) fail(`the dataset is invalid at ${error.path || '/'}: ${error.message}`);
    return fail((error as Error).message);
  });

  const logger = pino({ level: values['log-level'] }, pino.destination(2));
  const faultSeed = values.dataset && values.seed !== undefined && /^\d+$/.test(values.seed) ? Number(values.seed) : undefined;
  const running = await startEmulator({
    dataset,
    port,
    host: values.host,
    logger,
    ...(faultSeed === undefined ? {} : { behaviour: { seed: faultSeed } }),
  }).catch((error: Error) => fail(`cannot listen on ${values.host}:${port}: ${error.message}`));

  process.stdout.write(`${running.url}\n`);
  process.stdout.write(
    `Genesys Cloud org emulator for "${dataset.org.name}": ${dataset.conversations.length} conversations, ` +
      `${dataset.externalContacts.length} contacts, ${dataset.users.length} users. Test controls under ${running.url}/__emulator/.\n`,
  );
  const stop = () => {
    running.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
