/**
 * `npm run keys:rotate [-- --finish] [-- --json]`: re-encrypts stored secrets under a new master
 * key without downtime (see `rotateKeys` for the procedure). Run with `MASTER_KEY` = the new key
 * and `MASTER_KEY_PREVIOUS` = the old one; configuration is read with `parseConfig(process.env)`.
 * Exit code 0 on success, 2 when it cannot run.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createAuditLog, SYSTEM_AUDIT_TENANT } from '../audit/index.js';
import { systemClock } from '../clock/index.js';
import { parseConfig } from '../config/index.js';
import { createStore, storeOptionsFromConfig } from '../store/index.js';
import { createKeyRing } from './keyring.js';
import { rotateKeys, type RotationReport } from './rotation.js';

function describe(report: RotationReport): string {
  const lines = [
    `Key rotation (${report.phase}) under master key ${report.masterKeyId}:`,
    `  key ring entries re-wrapped: ${report.rewrapped}`,
    `  secrets data key: ${report.dataKeyId}${report.createdDataKey ? ' (new)' : ''}`,
    `  secrets re-encrypted: ${report.reencrypted}`,
  ];
  if (report.phase === 'finish') {
    lines.push(`  wraps under other master keys removed: ${report.droppedWraps}`, `  retired data keys deleted: ${report.deletedDataKeys}`);
  }
  if (report.conflicts > 0) lines.push(`  changed concurrently, run again: ${report.conflicts}`);
  lines.push(
    report.phase === 'rotate'
      ? 'Next: run every server with MASTER_KEY set to the new key, then `npm run keys:rotate -- --finish`.'
      : 'Done: the previous master key no longer opens anything in the database.',
  );
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI; returns the exit code. `write` receives the output. */
export async function runRotateCli(
  argv: string[],
  env: Record<string, string | undefined>,
  write: (text: string) => void,
): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { finish: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } }).values;
  } catch (error) {
    write(`${(error as Error).message}\nUsage: npm run keys:rotate [-- --finish] [-- --json]\n`);
    return 2;
  }
  try {
    const config = parseConfig(env);
    const store = await createStore(storeOptionsFromConfig(config));
    try {
      const phase = args.finish ? 'finish' : 'rotate';
      const report = await rotateKeys({ store, masterKeys: config.masterKey, clock: systemClock, phase });
      const keyRing = createKeyRing({ store, masterKeys: config.masterKey, clock: systemClock });
      const audit = createAuditLog({ store, auditKey: await keyRing.auditKey(), clock: systemClock });
      await audit.record({
        tenantId: SYSTEM_AUDIT_TENANT,
        actor: { type: 'system', id: 'keys-rotate-cli' },
        action: phase === 'finish' ? 'keys.rotation_finished' : 'keys.rotated',
        outcome: 'success',
        ids: { masterKeyId: report.masterKeyId, dataKeyId: report.dataKeyId },
        details: { reencrypted: report.reencrypted, rewrapped: report.rewrapped, conflicts: report.conflicts },
      });
      write(args.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
      return 0;
    } finally {
      await store.close();
    }
  } catch (error) {
    write(`keys:rotate could not run: ${(error as Error).message}\n`);
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runRotateCli(process.argv.slice(2), process.env, (text) => process.stdout.write(text));
}
