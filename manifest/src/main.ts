/**
 * `npm run provision -- plan|install|status|uninstall …` (see `manifest/src/cli/args.ts` for the
 * options). The only place that reads `process.argv`/`process.env` and exits.
 */
import pino from 'pino';
import { runProvision } from './cli/index.js';

const argv = process.argv.slice(2);
const logger = pino(
  {
    name: 'provision',
    level: argv.includes('--verbose') ? 'debug' : 'silent',
    // Secrets never reach a log line, whatever a call site passes.
    redact: {
      paths: ['secret', '*.secret', 'backendClientSecret', '*.backendClientSecret', 'clientSecret', '*.clientSecret', 'accessToken', '*.accessToken', 'token', '*.token', '*.authorization', '*.headers.authorization'],
      censor: '[redacted]',
    },
  },
  pino.destination(2),
);

const code = await runProvision({
  argv,
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  logger,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});
process.exitCode = code;
