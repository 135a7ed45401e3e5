import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Length of a master key in bytes (AES-256). */
export const MASTER_KEY_BYTES = 32;

/** File name of the demo-mode master key inside `DATA_DIR`. */
export const DEMO_MASTER_KEY_FILE = 'master.key';

/**
 * Decodes a master key written as base64 (standard or URL-safe alphabet).
 * Returns null unless it is exactly 32 bytes of canonical base64, so a typo is never
 * silently truncated into a different key.
 */
export function decodeMasterKey(value: string): Buffer | null {
  const text = value.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
  if (bytes.length !== MASTER_KEY_BYTES) return null;
  const canonical = bytes.toString('base64');
  const unpadded = (s: string) => s.replace(/=+$/, '');
  if (unpadded(canonical) !== unpadded(text.replaceAll('-', '+').replaceAll('_', '/'))) return null;
  return bytes;
}

/** A fresh random master key, base64. */
export function generateMasterKey(): string {
  return randomBytes(MASTER_KEY_BYTES).toString('base64');
}

/**
 * Demo mode: reads `<dataDir>/master.key`, or creates it (32 random bytes, base64, file mode
 * 0600, directory 0700) when it does not exist. Creation is exclusive (`wx`), so two processes
 * starting at once end up with the same key. Throws when the file exists but holds no valid key.
 */
export function loadOrCreateDemoMasterKey(dataDir: string): { key: Buffer; file: string } {
  const file = join(dataDir, DEMO_MASTER_KEY_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, `${generateMasterKey()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // A key file readable by others is tightened rather than trusted as is.
  chmodSync(file, 0o600);
  const key = decodeMasterKey(readFileSync(file, 'utf8'));
  if (!key) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return { key, file };
}
