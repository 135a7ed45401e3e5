/**
 * The `interaction-merger` CLI's entry (`bin/interaction-merger.js` imports it through tsx): the
 * only CLI file that reads `process.env` and, for `--demo` and the emulator's demo credentials,
 * loads emulator code (dynamically, as the server's demo mode does).
 */
import type { CliTarget } from './args.js';
import { TWILIO_LOOKUP_BASE_URL } from '../lookup/index.js';
import { openEngineOn } from './connect.js';
import { runCli, type OpenedEngine } from './run.js';
import type { TenantSettings } from '../merge/index.js';

/** The line-type lookup of `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN` (base `TWILIO_LOOKUP_URL`), if set. */
function twilioFromEnv() {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_LOOKUP_URL: baseUrl } = process.env;
  return accountSid && authToken ? { baseUrl: baseUrl || TWILIO_LOOKUP_BASE_URL, accountSid, authToken } : null;
}

async function openEngine(target: CliTarget, settings: Partial<TenantSettings>): Promise<OpenedEngine> {
  if (target.kind === 'org') {
    const apiTarget = target.apiUrl ? { baseUrl: target.apiUrl } : { region: target.region! };
    return openEngineOn({ target: apiTarget, credentials: { clientId: target.clientId, clientSecret: target.clientSecret }, settings, lineTypeLookup: twilioFromEnv() });
  }
  const emulator = await import('../../../emulator/src/index.js');
  // The emulator stands in for the lookup too, with its demo credentials.
  const emulatorLookup = (url: string) => twilioFromEnv() ?? { baseUrl: `${url}/twilio-lookups`, ...emulator.DEMO_IDS.lineTypeLookup };
  const demoClient = emulator.DEMO_IDS.clients.backend;
  const credentials = process.env.GENESYS_CLIENT_ID && process.env.GENESYS_CLIENT_SECRET
    ? { clientId: process.env.GENESYS_CLIENT_ID, clientSecret: process.env.GENESYS_CLIENT_SECRET }
    : { clientId: demoClient.id, clientSecret: demoClient.secret };
  if (target.kind === 'emulator') return openEngineOn({ target: { baseUrl: target.url }, credentials, settings, lineTypeLookup: emulatorLookup(target.url) });
  const running = await emulator.startEmulator({ dataset: await emulator.loadDataset(emulator.demoDatasetPath) });
  return openEngineOn({
    target: { baseUrl: running.url }, credentials: { clientId: demoClient.id, clientSecret: demoClient.secret }, settings,
    lineTypeLookup: { baseUrl: `${running.url}/twilio-lookups`, ...emulator.DEMO_IDS.lineTypeLookup }, close: running.close,
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  openEngine,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
