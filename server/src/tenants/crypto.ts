import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The public id of a master key: a truncated SHA-256 of a label and the key. Stored beside
 * every wrap, so a server knows which of its keys opens what without trying them all.
 */
export function masterKeyId(key: Buffer): string {
  return `mk_${createHash('sha256').update('interaction-merger/master-key-id/v1\0').update(key).digest('hex').slice(0, 16)}`;
}

/**
 * AES-256-GCM: returns base64url(iv ‖ ciphertext ‖ tag). `aad` binds the ciphertext to where
 * it belongs (e.g. a tenant and field), so a ciphertext copied elsewhere does not decrypt.
 */
export function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** Opens what `seal` produced with the same key and `aad`; throws when anything differs. */
export function open(key: Buffer, sealed: string, aad: string): Buffer {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
}
