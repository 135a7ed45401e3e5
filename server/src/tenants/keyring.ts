import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock/index.js';
import { AppError } from '../errors/index.js';
import type { KeyRingEntry, Repositories } from '../store/index.js';
import { masterKeyId, open, seal } from './crypto.js';

/** The master keys a process holds: `current` encrypts; `previous` are still accepted (rotation). */
export interface MasterKeys {
  current: Buffer;
  previous: readonly Buffer[];
}

/** Purposes of key ring entries. */
export const KEY_PURPOSE = Object.freeze({ secrets: 'secrets', audit: 'audit' });

/** Id of the one audit HMAC key: it never changes, only its wraps do. */
export const AUDIT_KEY_ID = 'audit-hmac-v1';

const CIPHERTEXT = /^v1:([A-Za-z0-9._-]+):([A-Za-z0-9_-]+)$/;

/** The data key id inside a secret ciphertext (`v1:<keyId>:<sealed>`), or null when it is not one. */
export function ciphertextKeyId(ciphertext: string): string | null {
  return CIPHERTEXT.exec(ciphertext)?.[1] ?? null;
}

/**
 * Envelope encryption under the master key. Secrets are sealed with AES-256-GCM under a random
 * data key; data keys (and the audit HMAC key) live in the store's key ring, each wrapped
 * under one or more master keys. Every ciphertext names its data key, and every wrap its
 * master key id, so during a rotation a process holding the old or the new master key keeps
 * working (see `rotateKeys`).
 */
export interface KeyRing {
  /** Id of the current master key. */
  readonly masterKeyId: string;
  /** Seals `plaintext` under the newest secrets data key; `context` must be given again to decrypt. */
  encrypt(plaintext: string, context: string): Promise<string>;
  /** Opens a ciphertext made by `encrypt` with the same `context`; AppError 500 `key_unavailable` or `secret_unreadable` otherwise. */
  decrypt(ciphertext: string, context: string): Promise<string>;
  /** The audit HMAC key (32 bytes): created once, stable across master key rotations. */
  auditKey(): Promise<Buffer>;
  /** The newest secrets data key id (created on first use). */
  activeDataKeyId(): Promise<string>;
}

/** Unwraps a key ring entry with whichever held master key has a wrap for it; null when none does. */
export function unwrapEntry(entry: KeyRingEntry, masterKeys: MasterKeys): Buffer | null {
  for (const key of [masterKeys.current, ...masterKeys.previous]) {
    const wrapped = entry.wraps[masterKeyId(key)];
    if (wrapped !== undefined) return open(key, wrapped, `keyring:${entry.id}`);
  }
  return null;
}

/** Wraps a data key under a master key, bound to the entry's id. */
export function wrapKey(masterKey: Buffer, entryId: string, dataKey: Buffer): string {
  return seal(masterKey, dataKey, `keyring:${entryId}`);
}

/** Creates a key ring entry holding a fresh random key wrapped under every given master key. */
export function newKeyRingEntry(input: {
  id: string;
  purpose: string;
  generation: number;
  wrapUnder: readonly Buffer[];
  now: number;
}): { entry: KeyRingEntry; key: Buffer } {
  const key = randomBytes(32);
  const wraps: Record<string, string> = {};
  for (const master of input.wrapUnder) wraps[masterKeyId(master)] = wrapKey(master, input.id, key);
  return {
    key,
    entry: { id: input.id, purpose: input.purpose, generation: input.generation, wraps, createdAt: input.now, updatedAt: input.now },
  };
}

/** Id of a secrets data key created for master key `masterId`. */
export function dataKeyId(masterId: string): string {
  return `dek.${masterId}.${randomBytes(6).toString('hex')}`;
}

/** Builds the key ring of one process over the store. Data keys are cached in this instance only. */
export function createKeyRing(deps: { store: Pick<Repositories, 'keyRing'>; masterKeys: MasterKeys; clock: Clock }): KeyRing {
  const { store, masterKeys, clock } = deps;
  const currentId = masterKeyId(masterKeys.current);
  const cache = new Map<string, Buffer>();

  const unavailable = (id: string) =>
    new AppError('key_unavailable', 500, `No configured master key opens data key ${id}; check MASTER_KEY / MASTER_KEY_PREVIOUS`);

  async function load(id: string): Promise<Buffer> {
    const cached = cache.get(id);
    if (cached) return cached;
    const entry = await store.keyRing.get(id);
    if (!entry) throw new AppError('key_unavailable', 500, `Data key ${id} is not in the key ring`);
    const key = unwrapEntry(entry, masterKeys);
    if (!key) throw unavailable(id);
    cache.set(id, key);
    return key;
  }

  async function activeSecretsKey(): Promise<{ id: string; key: Buffer }> {
    for (let tries = 0; tries < 3; tries += 1) {
      const entries = await store.keyRing.list(KEY_PURPOSE.secrets);
      const newest = entries.at(-1);
      if (newest) return { id: newest.id, key: await load(newest.id) };
      const { entry, key } = newKeyRingEntry({
        id: dataKeyId(currentId),
        purpose: KEY_PURPOSE.secrets,
        generation: 1,
        wrapUnder: [masterKeys.current],
        now: clock.now(),
      });
      if (await store.keyRing.insertIfAbsent(entry)) {
        cache.set(entry.id, key);
        return { id: entry.id, key };
      }
      // Another process created generation 1 at the same moment: use theirs.
    }
    throw new AppError('key_unavailable', 500, 'Could not establish a secrets data key');
  }

  return {
    masterKeyId: currentId,
    async encrypt(plaintext, context) {
      const { id, key } = await activeSecretsKey();
      return `v1:${id}:${seal(key, Buffer.from(plaintext, 'utf8'), context)}`;
    },
    async decrypt(ciphertext, context) {
      const match = CIPHERTEXT.exec(ciphertext);
      if (!match?.[1] || !match[2]) throw new AppError('secret_unreadable', 500, 'Stored secret is not a known ciphertext format');
      const key = await load(match[1]);
      try {
        return open(key, match[2], context).toString('utf8');
      } catch (error) {
        throw new AppError('secret_unreadable', 500, 'Stored secret failed authentication', { cause: error });
      }
    },
    async auditKey() {
      const cached = cache.get(AUDIT_KEY_ID);
      if (cached) return cached;
      const existing = await store.keyRing.get(AUDIT_KEY_ID);
      if (!existing) {
        const { entry } = newKeyRingEntry({
          id: AUDIT_KEY_ID,
          purpose: KEY_PURPOSE.audit,
          generation: 1,
          wrapUnder: [masterKeys.current],
          now: clock.now(),
        });
        await store.keyRing.insertIfAbsent(entry); // the first writer wins; everyone reads it back
      }
      return load(AUDIT_KEY_ID);
    },
    async activeDataKeyId() {
      return (await activeSecretsKey()).id;
    },
  };
}
