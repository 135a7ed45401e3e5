import type { Clock } from '../clock/index.js';
import { AppError } from '../errors/index.js';
import type { Store } from '../store/index.js';
import { masterKeyId } from './crypto.js';
import {
  KEY_PURPOSE,
  ciphertextKeyId,
  createKeyRing,
  dataKeyId,
  newKeyRingEntry,
  unwrapEntry,
  wrapKey,
  type MasterKeys,
} from './keyring.js';
import { secretContext } from './secret-context.js';

/** What a rotation run did. */
export interface RotationReport {
  phase: 'rotate' | 'finish';
  masterKeyId: string;
  /** Key ring entries that gained a wrap under the current master key. */
  rewrapped: number;
  /** The secrets data key everything is encrypted under now. */
  dataKeyId: string;
  /** Whether this run created that data key. */
  createdDataKey: boolean;
  /** Secrets re-encrypted under it. */
  reencrypted: number;
  /** Secrets changed by someone else during the run (left for the next run). */
  conflicts: number;
  /** finish: wraps under other master keys removed. */
  droppedWraps: number;
  /** finish: retired data keys deleted. */
  deletedDataKeys: number;
}

/**
 * Rotates the master key without downtime. Run with `MASTER_KEY` = the new key and
 * `MASTER_KEY_PREVIOUS` = the old one (`npm run keys:rotate`):
 *
 * 1. `rotate` (default): every key ring entry (data keys and the audit HMAC key) gains a wrap
 *    under the new master key and keeps its old wrap; a fresh secrets data key is created,
 *    wrapped under the new and the old master keys; every stored secret is re-encrypted under
 *    it (compare-and-swap per secret). Servers still holding only the old key keep working,
 *    and so do servers already holding the new key. The audit key itself never changes, so
 *    pseudonyms and audit verification are unaffected. Running it again is harmless.
 * 2. Roll every server to `MASTER_KEY` = the new key.
 * 3. `finish` (`npm run keys:rotate -- --finish`): re-encrypts stragglers, deletes data keys no
 *    secret uses any more, and removes wraps under any other master key: the old key then opens
 *    nothing in the database.
 */
export async function rotateKeys(input: {
  store: Store;
  masterKeys: MasterKeys;
  clock: Clock;
  phase?: 'rotate' | 'finish';
}): Promise<RotationReport> {
  const { store, masterKeys, clock } = input;
  const phase = input.phase ?? 'rotate';
  const currentId = masterKeyId(masterKeys.current);
  const held = [masterKeys.current, ...masterKeys.previous];
  const report: RotationReport = {
    phase,
    masterKeyId: currentId,
    rewrapped: 0,
    dataKeyId: '',
    createdDataKey: false,
    reencrypted: 0,
    conflicts: 0,
    droppedWraps: 0,
    deletedDataKeys: 0,
  };

  // 1. Every entry gets a wrap under the current master key.
  for (const entry of await store.keyRing.list()) {
    if (entry.wraps[currentId] !== undefined) continue;
    const key = unwrapEntry(entry, masterKeys);
    if (!key) {
      throw new AppError(
        'key_unavailable',
        500,
        `No configured master key opens key ring entry ${entry.id}: set MASTER_KEY_PREVIOUS to the key in use before`,
      );
    }
    const next = { ...entry.wraps, [currentId]: wrapKey(masterKeys.current, entry.id, key) };
    if (await store.keyRing.replaceWraps({ id: entry.id, expected: entry.wraps, next, now: clock.now() })) report.rewrapped += 1;
    else report.conflicts += 1;
  }

  // 2. The newest secrets data key must have been made for the current master key.
  const secretsKeys = await store.keyRing.list(KEY_PURPOSE.secrets);
  const newest = secretsKeys.at(-1);
  if (phase === 'rotate' && (!newest || !newest.id.startsWith(`dek.${currentId}.`))) {
    const { entry } = newKeyRingEntry({
      id: dataKeyId(currentId),
      purpose: KEY_PURPOSE.secrets,
      generation: (newest?.generation ?? 0) + 1,
      wrapUnder: held,
      now: clock.now(),
    });
    report.createdDataKey = await store.keyRing.insertIfAbsent(entry);
  }

  // 3. Re-encrypt every secret that is not under the newest data key.
  const keyRing = createKeyRing({ store, masterKeys, clock });
  report.dataKeyId = await keyRing.activeDataKeyId();
  for (const secret of await store.tenants.listSecretCiphertexts()) {
    if (ciphertextKeyId(secret.ciphertext) === report.dataKeyId) continue;
    const context = secretContext(secret.tenantId, secret.field);
    const plaintext = await keyRing.decrypt(secret.ciphertext, context);
    const next = await keyRing.encrypt(plaintext, context);
    const swapped = await store.tenants.replaceSecretCiphertext({ ...secret, expected: secret.ciphertext, next, now: clock.now() });
    if (swapped) report.reencrypted += 1;
    else report.conflicts += 1;
  }

  if (phase === 'finish') {
    const inUse = new Set((await store.tenants.listSecretCiphertexts()).map((secret) => ciphertextKeyId(secret.ciphertext)));
    for (const entry of await store.keyRing.list(KEY_PURPOSE.secrets)) {
      if (entry.id !== report.dataKeyId && !inUse.has(entry.id) && (await store.keyRing.delete(entry.id))) {
        report.deletedDataKeys += 1;
      }
    }
    for (const entry of await store.keyRing.list()) {
      const others = Object.keys(entry.wraps).filter((id) => id !== currentId);
      if (others.length === 0 || entry.wraps[currentId] === undefined) continue;
      const next = { [currentId]: entry.wraps[currentId] };
      if (await store.keyRing.replaceWraps({ id: entry.id, expected: entry.wraps, next, now: clock.now() })) {
        report.droppedWraps += others.length;
      } else {
        report.conflicts += 1;
      }
    }
  }
  return report;
}
