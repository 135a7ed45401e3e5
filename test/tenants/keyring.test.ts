import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../server/src/clock/index.js';
import type { Store } from '../../server/src/store/index.js';
import { AUDIT_KEY_ID, ciphertextKeyId, createKeyRing, masterKeyId } from '../../server/src/tenants/index.js';
import { DIALECTS, createTestDatabase, truncateAll, type TestDatabase } from '../store/support/databases.js';

const OLD = randomBytes(32);
const OTHER = randomBytes(32);

describe.each(DIALECTS)('key ring on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  const clock = createManualClock();
  const ring = (current: Buffer, previous: Buffer[] = []) => createKeyRing({ store, masterKeys: { current, previous }, clock });

  beforeAll(async () => {
    database = await createTestDatabase(dialect, 'keyring');
    store = await database.open();
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await truncateAll(store);
  });

  it('when a secret is encrypted, then the ciphertext names its data key and another process with the master key decrypts it', async () => {
    const ciphertext = await ring(OLD).encrypt('s3cret-value', 'tenant:org-1:backend_client_secret');
    expect(ciphertext).not.toContain('s3cret-value');
    expect(ciphertextKeyId(ciphertext)).toMatch(new RegExp(`^dek\\.${masterKeyId(OLD)}\\.`));
    expect(await ring(OLD).decrypt(ciphertext, 'tenant:org-1:backend_client_secret')).toBe('s3cret-value');
  });

  it('when a ciphertext is moved to another tenant or field, then it does not decrypt', async () => {
    const keyRing = ring(OLD);
    const ciphertext = await keyRing.encrypt('s3cret-value', 'tenant:org-1:backend_client_secret');
    await expect(keyRing.decrypt(ciphertext, 'tenant:org-2:backend_client_secret')).rejects.toMatchObject({ code: 'secret_unreadable' });
    await expect(keyRing.decrypt(ciphertext, 'tenant:org-1:crm_webhook_secret')).rejects.toMatchObject({ code: 'secret_unreadable' });
  });

  it('when a ciphertext is altered, then it fails authentication', async () => {
    const keyRing = ring(OLD);
    const ciphertext = await keyRing.encrypt('s3cret-value', 'ctx');
    const last = ciphertext.at(-5) === 'A' ? 'B' : 'A';
    const altered = `${ciphertext.slice(0, -5)}${last}${ciphertext.slice(-4)}`;
    await expect(keyRing.decrypt(altered, 'ctx')).rejects.toMatchObject({ code: 'secret_unreadable' });
    await expect(keyRing.decrypt('plain-text', 'ctx')).rejects.toMatchObject({ code: 'secret_unreadable' });
  });

  it('when the master key is wrong, then decryption is refused as key_unavailable', async () => {
    const ciphertext = await ring(OLD).encrypt('s3cret-value', 'ctx');
    await expect(ring(OTHER).decrypt(ciphertext, 'ctx')).rejects.toMatchObject({ code: 'key_unavailable', status: 500 });
    expect(await ring(OTHER, [OLD]).decrypt(ciphertext, 'ctx')).toBe('s3cret-value');
  });

  it('when several processes start at once, then they settle on one data key and one audit key', async () => {
    const rings = [ring(OLD), ring(OLD), ring(OLD), ring(OLD)];
    const ids = await Promise.all(rings.map((keyRing) => keyRing.activeDataKeyId()));
    expect(new Set(ids).size).toBe(1);
    const auditKeys = await Promise.all(rings.map((keyRing) => keyRing.auditKey()));
    expect(new Set(auditKeys.map((key) => key.toString('hex'))).size).toBe(1);
    expect(auditKeys[0]).toHaveLength(32);
    const entries = await store.keyRing.list();
    expect(entries.map((entry) => entry.purpose).sort()).toEqual(['audit', 'secrets']);
    expect(entries.find((entry) => entry.id === AUDIT_KEY_ID)?.wraps).toHaveProperty(masterKeyId(OLD));
    expect(JSON.stringify(entries)).not.toContain(auditKeys[0]!.toString('base64url'));
  });
});
