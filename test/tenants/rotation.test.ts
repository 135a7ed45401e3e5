import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../server/src/audit/index.js';
import { runVerifyCli } from '../../server/src/audit/verify-cli.js';
import { createManualClock } from '../../server/src/clock/index.js';
import { createStore, type Store } from '../../server/src/store/index.js';
import {
  ciphertextKeyId,
  createKeyRing,
  createTenantService,
  masterKeyId,
  rotateKeys,
  type MasterKeys,
} from '../../server/src/tenants/index.js';
import { runRotateCli } from '../../server/src/tenants/rotate-cli.js';
import { DIALECTS, createTestDatabase, truncateAll, type TestDatabase } from '../store/support/databases.js';

const OLD = randomBytes(32);
const NEW = randomBytes(32);
const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const orgs = ['org-a', 'org-b', 'org-c'];
const secretOf = (org: string) => `backend-secret-of-${org}`;

describe.each(DIALECTS)('master key rotation on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  const clock = createManualClock();

  /** A server process holding some master keys. */
  const server = async (masterKeys: MasterKeys) => {
    const keyRing = createKeyRing({ store, masterKeys, clock });
    const audit = createAuditLog({ store, auditKey: await keyRing.auditKey(), clock });
    return { keyRing, audit, tenants: createTenantService({ store, keyRing, clock, audit }) };
  };
  const readsEverySecret = async (tenants: Awaited<ReturnType<typeof server>>['tenants']) => {
    for (const org of orgs) {
      expect((await tenants.credentials(org)).clientSecret).toBe(secretOf(org));
      expect((await tenants.webhookEndpoint(org))?.secret).toBe(WEBHOOK_SECRET);
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase(dialect, 'rotation');
    store = await database.open();
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await truncateAll(store);
    const { tenants, audit } = await server({ current: OLD, previous: [] });
    for (const org of orgs) {
      await tenants.register({
        orgId: org,
        name: org,
        region: 'us_east_1',
        backendClientId: `client-${org}`,
        backendClientSecret: secretOf(org),
        widgetClientId: `widget-${org}`,
        crmWebhook: { url: `https://crm.example.com/${org}`, secret: WEBHOOK_SECRET },
      });
      await audit.record({
        tenantId: org,
        actor: { type: 'agent', id: 'agent-1' },
        action: 'merge.succeeded',
        outcome: 'success',
        identifiers: [{ kind: 'phone', value: '+15551234567' }],
      });
    }
  });

  it('when keys are rotated, then every secret is re-encrypted under a new data key, and servers holding the old or the new key both keep working', async () => {
    const before = await server({ current: OLD, previous: [] });
    const pseudonym = before.audit.pseudonymise('phone', '+15551234567');
    const oldDataKey = await before.keyRing.activeDataKeyId();

    const report = await rotateKeys({ store, masterKeys: { current: NEW, previous: [OLD] }, clock });
    expect(report).toMatchObject({ phase: 'rotate', masterKeyId: masterKeyId(NEW), createdDataKey: true, reencrypted: 6, conflicts: 0, rewrapped: 2 });
    expect(report.dataKeyId).not.toBe(oldDataKey);
    for (const secret of await store.tenants.listSecretCiphertexts()) expect(ciphertextKeyId(secret.ciphertext)).toBe(report.dataKeyId);

    const oldOnly = await server({ current: OLD, previous: [] });
    const newOnly = await server({ current: NEW, previous: [] });
    await readsEverySecret(before.tenants); // a process that was running all along (cached keys)
    await readsEverySecret(oldOnly.tenants);
    await readsEverySecret(newOnly.tenants);
    // Either kind of server may write during the rotation, and the other reads it.
    await oldOnly.tenants.update('org-a', { backendClientSecret: secretOf('org-a') });
    await newOnly.tenants.update('org-b', { backendClientSecret: secretOf('org-b') });
    await readsEverySecret(newOnly.tenants);
    await readsEverySecret(oldOnly.tenants);

    expect(newOnly.audit.pseudonymise('phone', '+15551234567')).toBe(pseudonym);
    expect((await newOnly.audit.verify()).ok).toBe(true);
    expect((await oldOnly.audit.verify()).ok).toBe(true);
  });

  it('when the rotation is finished, then the old key opens nothing while the new key reads every secret and verifies the audit log', async () => {
    await rotateKeys({ store, masterKeys: { current: NEW, previous: [OLD] }, clock });
    const finish = await rotateKeys({ store, masterKeys: { current: NEW, previous: [OLD] }, clock, phase: 'finish' });
    expect(finish).toMatchObject({ phase: 'finish', deletedDataKeys: 1, droppedWraps: 2, conflicts: 0 });
    for (const entry of await store.keyRing.list()) expect(Object.keys(entry.wraps)).toEqual([masterKeyId(NEW)]);

    const newOnly = await server({ current: NEW, previous: [] });
    await readsEverySecret(newOnly.tenants);
    const verification = await newOnly.audit.verify();
    expect(verification.ok).toBe(true);
    expect(verification.chains.map((chain) => chain.tenantId)).toEqual(orgs);

    const oldOnly = createKeyRing({ store, masterKeys: { current: OLD, previous: [] }, clock });
    await expect(oldOnly.auditKey()).rejects.toMatchObject({ code: 'key_unavailable' });
    const [secret] = await store.tenants.listSecretCiphertexts();
    await expect(oldOnly.decrypt(secret!.ciphertext, `tenant:${secret!.tenantId}:${secret!.field}`)).rejects.toMatchObject({ code: 'key_unavailable' });
  });

  it('when the rotation runs again, then nothing more changes', async () => {
    const first = await rotateKeys({ store, masterKeys: { current: NEW, previous: [OLD] }, clock });
    const second = await rotateKeys({ store, masterKeys: { current: NEW, previous: [OLD] }, clock });
    expect(second).toMatchObject({ createdDataKey: false, reencrypted: 0, rewrapped: 0, dataKeyId: first.dataKeyId });
  });

  it('when the previous key is not configured, then the rotation stops before changing anything and says what to set', async () => {
    const keyRingBefore = JSON.stringify(await store.keyRing.list());
    await expect(rotateKeys({ store, masterKeys: { current: NEW, previous: [] }, clock })).rejects.toThrow(/MASTER_KEY_PREVIOUS/);
    expect(JSON.stringify(await store.keyRing.list())).toBe(keyRingBefore);
  });
});

describe('keys:rotate and audit:verify command lines', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'im-cli-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when the operator rotates and finishes with the CLIs, then audit:verify passes under the new key and detects later tampering', async () => {
    const env = (current: Buffer, previous?: Buffer) => ({
      DATA_DIR: dataDir,
      MASTER_KEY: current.toString('base64'),
      ...(previous ? { MASTER_KEY_PREVIOUS: previous.toString('base64') } : {}),
    });
    const clock = createManualClock();
    const store = await createStore({ dialect: 'sqlite', file: join(dataDir, 'interaction-merger.sqlite') });
    try {
      const keyRing = createKeyRing({ store, masterKeys: { current: OLD, previous: [] }, clock });
      const audit = createAuditLog({ store, auditKey: await keyRing.auditKey(), clock });
      const tenants = createTenantService({ store, keyRing, clock, audit });
      await tenants.register({ orgId: 'org-cli', name: 'CLI Org', region: 'us_east_1', backendClientId: 'c', backendClientSecret: 'cli-secret-123', widgetClientId: 'w' });
    } finally {
      await store.close();
    }

    let output = '';
    const write = (text: string) => {
      output += text;
    };
    expect(await runRotateCli([], env(NEW), write)).toBe(2);
    expect(output).toContain('MASTER_KEY_PREVIOUS');
    output = '';
    expect(await runRotateCli([], env(NEW, OLD), write), output).toBe(0);
    expect(output).toContain('secrets re-encrypted: 1');
    expect(await runRotateCli(['--finish'], env(NEW, OLD), write)).toBe(0);
    output = '';
    expect(await runVerifyCli([], env(NEW), write)).toBe(0);
    expect(output).toContain("OK   org-cli: 1 entry (seq 1..1)");
    expect(output).toContain("OK   _system: 2 entries (seq 1..2)");
    expect(output).toContain('Audit log verified.');

    output = '';
    expect(await runVerifyCli([], env(OLD), write)).toBe(2);
    expect(output).toContain('key');

    const reopened = await createStore({ dialect: 'sqlite', file: join(dataDir, 'interaction-merger.sqlite') });
    await reopened.db.updateTable('audit_entries').set({ outcome: 'failure' }).where('tenant_id', '=', 'org-cli').where('seq', '=', 1).execute();
    await reopened.close();
    output = '';
    expect(await runVerifyCli(['--tenant', 'org-cli', '--json'], env(NEW), write)).toBe(1);
    const report = JSON.parse(output) as { ok: boolean; chains: Array<{ problems: Array<{ kind: string; seq: number }> }> };
    expect(report.ok).toBe(false);
    expect(report.chains[0]!.problems[0]).toMatchObject({ kind: 'edited', seq: 1 });
  });
});
