/**
 * `npm run audit:verify [-- --tenant <orgId>] [-- --json]`: verifies the audit log's hash chains
 * with the service's configuration (`parseConfig(process.env)`). Exit code 0 when every chain
 * verifies, 1 when a problem is found, 2 when it cannot run.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { systemClock } from '../clock/index.js';
import { parseConfig } from '../config/index.js';
import { createStore, storeOptionsFromConfig } from '../store/index.js';
import { createKeyRing } from '../tenants/index.js';
import { formatVerification } from './format.js';
import { createAuditLog } from './log.js';

/** Runs the CLI; returns the exit code. `write` receives the output. */
export async function runVerifyCli(
  argv: string[],
  env: Record<string, string | undefined>,
  write: (text: string) => void,
): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { tenant: { type: 'string' }, json: { type: 'boolean', default: false } } }).values;
  } catch (error) {
    write(`${(error as Error).message}\nUsage: npm run audit:verify [-- --tenant <orgId>] [-- --json]\n`);
    return 2;
  }
  try {
    const config = parseConfig(env);
    const store = await createStore(storeOptionsFromConfig(config));
    try {
      const keyRing = createKeyRing({ store, masterKeys: config.masterKey, clock: systemClock });
      const audit = createAuditLog({ store, auditKey: await keyRing.auditKey(), clock: systemClock });
      const verification = await audit.verify(args.tenant);
      write(args.json ? `${JSON.stringify(verification, null, 2)}\n` : formatVerification(verification));
      return verification.ok ? 0 : 1;
    } finally {
      await store.close();
    }
  } catch (error) {
    write(`audit:verify could not run: ${(error as Error).message}\n`);
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runVerifyCli(process.argv.slice(2), process.env, (text) => process.stdout.write(text));
}
