import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditInput, type AuditLog } from '../../server/src/audit/index.js';
import { createManualClock, type ManualClock } from '../../server/src/clock/index.js';
import { AppError } from '../../server/src/errors/index.js';
import type { Store } from '../../server/src/store/index.js';
import { DIALECTS, createTestDatabase, truncateAll, type TestDatabase } from '../store/support/databases.js';

const DAY = 86_400_000;
const AUDIT_KEY = randomBytes(32);

const entry = (tenantId: string, n: number, extra: Partial<AuditInput> = {}): AuditInput => ({
  tenantId,
  actor: { type: 'agent', id: 'user-1' },
  action: 'merge.requested',
  outcome: 'success',
  correlationId: `corr-${n}`,
  ids: { jobId: `job-${n}`, conversationIds: [`conv-${n}a`, `conv-${n}b`] },
  details: { step: 'validate', n },
  ...extra,
});

describe.each(DIALECTS)('audit log on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let clock: ManualClock;
  let audit: AuditLog;

  const rawEntries = (tenantId: string) =>
    store.db.selectFrom('audit_entries').selectAll().where('tenant_id', '=', tenantId).orderBy('seq').execute();
  const recordMany = async (tenantId: string, count: number, stepMs = 1000) => {
    for (let n = 1; n <= count; n += 1) {
      await audit.record(entry(tenantId, n));
      clock.advance(stepMs);
    }
  };
  const problemsOf = async (tenantId: string) => {
    const verdict = await audit.verify(tenantId);
    return verdict.chains[0]!.problems.map((problem) => [problem.kind, problem.seq]);
  };

  beforeAll(async () => {
    database = await createTestDatabase(dialect, 'audit');
    store = await database.open();
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await truncateAll(store);
    clock = createManualClock(Date.parse('2026-11-26T08:00:00Z'));
    audit = createAuditLog({ store, auditKey: AUDIT_KEY, clock });
  });

  describe('recording', () => {
    it('when entries are recorded, then each chains to the one before with SHA-256 and carries actor, ids, outcome and correlation id', async () => {
      const first = await audit.record(entry('org-1', 1));
      clock.advance(5);
      const second = await audit.record(entry('org-1', 2, { outcome: 'failure' }));
      expect(first).toMatchObject({
        seq: 1,
        tenantId: 'org-1',
        actor: { type: 'agent', id: 'user-1' },
        action: 'merge.requested',
        outcome: 'success',
        correlationId: 'corr-1',
        ids: { jobId: 'job-1', conversationIds: ['conv-1a', 'conv-1b'] },
        at: '2026-11-26T08:00:00.000Z',
        prevHash: '0'.repeat(64),
      });
      expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash, outcome: 'failure' });
      expect((await audit.verify()).ok).toBe(true);
    });

    it('when identifiers are declared, then only keyed pseudonyms are stored, the same for every spelling of one value', async () => {
      await audit.record(
        entry('org-1', 1, {
          identifiers: [
            { kind: 'phone', value: '+1 (555) 123-4567', role: 'customer' },
            { kind: 'email', value: 'Jordan.Rivers@Example.com' },
            { kind: 'name', value: 'Jordan  Rivers' },
          ],
        }),
      );
      const [stored] = await audit.query({ tenantId: 'org-1', limit: 5 });
      expect(stored!.identifiers).toEqual([
        { kind: 'phone', role: 'customer', pseudonym: audit.pseudonymise('phone', 'tel:+15551234567') },
        { kind: 'email', role: null, pseudonym: audit.pseudonymise('email', 'jordan.rivers@example.com') },
        { kind: 'name', role: null, pseudonym: audit.pseudonymise('name', 'jordan rivers') },
      ]);
      expect(stored!.identifiers[0]!.pseudonym).toMatch(/^ph_[A-Za-z0-9_-]{22}$/);
      const text = JSON.stringify(await rawEntries('org-1')).toLowerCase();
      for (const raw of ['5551234567', '555) 123', 'jordan.rivers', 'example.com', 'jordan  rivers', 'jordan rivers']) {
        expect(text).not.toContain(raw);
      }
      const otherKey = createAuditLog({ store, auditKey: randomBytes(32), clock });
      expect(otherKey.pseudonymise('phone', '+15551234567')).not.toBe(audit.pseudonymise('phone', '+15551234567'));
    });

    it.each([
      ['an email in details', { details: { note: 'jordan@example.com' } }, 'details.note'],
      ['free text in details', { details: { note: 'Jordan Rivers called' } }, 'details.note'],
      ['a phone number as an id', { ids: { conversationId: '15551234567' } }, 'ids.conversationId'],
      ['a formatted phone number in details', { details: { reason: '555-123-4567' } }, 'details.reason'],
      ['an identifier-named detail', { details: { customerEmail: 'x' } }, 'details.customerEmail'],
      ['an identifier as a detail key', { details: { 'jordan@example.com': 1 } }, 'details.<key>'],
      ['an undeclared field', { customer: 'Jordan' } as Partial<AuditInput>, 'unknown field(s) customer'],
      ['a bad action', { action: 'Merge Requested' }, 'action'],
    ])('when an entry carries %s, then it is refused naming the field, without echoing the value, and nothing is written', async (_, extra, field) => {
      const error = await audit.record(entry('org-1', 1, extra)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('audit_entry_invalid');
      expect((error as AppError).status).toBe(400);
      expect((error as AppError).message).toContain(field);
      expect((error as AppError).message).not.toMatch(/jordan|555/i);
      expect(await rawEntries('org-1')).toHaveLength(0);
    });

    it('when the surrounding transaction rolls back, then neither the entry nor the chain head remain', async () => {
      await audit.record(entry('org-1', 1));
      await expect(
        store.transaction(async (tx) => {
          await audit.record(entry('org-1', 2), tx);
          throw new Error('job completion failed');
        }),
      ).rejects.toThrow('job completion failed');
      expect((await rawEntries('org-1')).map((row) => Number(row.seq))).toEqual([1]);
      const next = await audit.record(entry('org-1', 3));
      expect(next.seq).toBe(2);
      expect((await audit.verify('org-1')).ok).toBe(true);
    });

    it('when many entries are appended at once to one tenant, then the chain has no gap or fork', async () => {
      await Promise.all(Array.from({ length: 40 }, (_, n) => audit.record(entry('org-1', n))));
      const seqs = (await rawEntries('org-1')).map((row) => Number(row.seq));
      expect(seqs).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
      expect((await audit.verify('org-1')).ok).toBe(true);
    });

    it('when entries are queried, then newest come first with filters and paging', async () => {
      await recordMany('org-1', 5);
      await audit.record(entry('org-1', 6, { action: 'tenant.updated' }));
      await recordMany('org-2', 2);
      expect((await audit.query({ tenantId: 'org-1', limit: 3 })).map((e) => e.seq)).toEqual([6, 5, 4]);
      expect((await audit.query({ tenantId: 'org-1', beforeSeq: 4, limit: 10 })).map((e) => e.seq)).toEqual([3, 2, 1]);
      expect((await audit.query({ tenantId: 'org-1', action: 'tenant.updated', limit: 10 })).map((e) => e.seq)).toEqual([6]);
      const t0 = Date.parse('2026-11-26T08:00:00Z');
      expect((await audit.query({ tenantId: 'org-1', from: t0 + 1000, to: t0 + 3000, limit: 10 })).map((e) => e.seq)).toEqual([3, 2]);
    });
  });

  describe('tamper detection', () => {
    beforeEach(async () => {
      await recordMany('org-1', 6);
      await recordMany('org-2', 3);
    });

    it('when an entry is edited in place, then verify names it as edited and other tenants still verify', async () => {
      await store.db.updateTable('audit_entries').set({ outcome: 'failure' }).where('tenant_id', '=', 'org-1').where('seq', '=', 3).execute();
      expect(await problemsOf('org-1')).toEqual([['edited', 3]]);
      const all = await audit.verify();
      expect(all.ok).toBe(false);
      expect(all.chains.map((chain) => [chain.tenantId, chain.ok])).toEqual([['org-1', false], ['org-2', true]]);
    });

    it('when an entry is edited and re-hashed without the audit key, then verify still names it', async () => {
      const rows = await rawEntries('org-1');
      const target = rows[2]!;
      const { canonicalEntry, entryHash } = await import('../../server/src/audit/verify.js');
      const forged = { ...target, details: '{"n":999,"step":"validate"}' };
      const hash = entryHash(forged.prev_hash, canonicalEntry({
        tenantId: forged.tenant_id, id: forged.id, at: Number(forged.at), actorType: forged.actor_type, actorId: forged.actor_id,
        action: forged.action, outcome: forged.outcome, correlationId: forged.correlation_id, ids: forged.ids,
        identifiers: forged.identifiers, details: forged.details,
      }));
      await store.db.updateTable('audit_entries').set({ details: forged.details, hash }).where('id', '=', target.id).execute();
      expect(await problemsOf('org-1')).toEqual([['edited', 3]]);
    });

    it('when an entry is deleted, then verify says one is missing there', async () => {
      await store.db.deleteFrom('audit_entries').where('tenant_id', '=', 'org-1').where('seq', '=', 4).execute();
      const verdict = await audit.verify('org-1');
      expect(verdict.chains[0]!.problems.map((p) => [p.kind, p.seq])).toEqual([['deleted', 5]]);
      expect(verdict.chains[0]!.problems[0]!.message).toContain('between 3 and 5');
    });

    it('when the newest entries are deleted, then verify says entries are missing at the end', async () => {
      await store.db.deleteFrom('audit_entries').where('tenant_id', '=', 'org-1').where('seq', '>=', 5).execute();
      expect(await problemsOf('org-1')).toEqual([['deleted', 6]]);
    });

    it('when two entries swap places, then verify reports them as reordered', async () => {
      const swap = async (seq: number, to: number) =>
        store.db.updateTable('audit_entries').set({ seq: to }).where('tenant_id', '=', 'org-1').where('seq', '=', seq).execute();
      await swap(3, -1);
      await swap(4, 3);
      await swap(-1, 4);
      const kinds = await problemsOf('org-1');
      expect(kinds.slice(0, 2)).toEqual([['reordered', 3], ['reordered', 4]]);
      expect(kinds.every(([kind]) => kind === 'reordered')).toBe(true);
    });

    it('when the chain head is rewritten, then verify reports it', async () => {
      await store.db.updateTable('audit_chains').set({ head_seq: 5 }).where('tenant_id', '=', 'org-1').execute();
      expect((await problemsOf('org-1')).map(([kind]) => kind)).toContain('head_invalid');
    });

    it('when the chain record is deleted, then verify reports the chain as missing', async () => {
      await store.db.deleteFrom('audit_chains').where('tenant_id', '=', 'org-1').execute();
      expect((await audit.verify()).chains.find((chain) => chain.tenantId === 'org-1')?.problems.map((p) => p.kind)).toEqual([
        'chain_missing',
      ]);
    });

    it('when verified with another audit key, then the seals do not match', async () => {
      const other = createAuditLog({ store, auditKey: randomBytes(32), clock });
      expect((await other.verify('org-1')).ok).toBe(false);
    });
  });

  describe('retention purge', () => {
    it('when old entries are purged, then the rest verifies from the anchor and new entries chain on', async () => {
      await recordMany('org-1', 10, DAY);
      const start = Date.parse('2026-11-26T08:00:00Z');
      const results = await audit.purge({ before: start + 4 * DAY });
      expect(results).toEqual([{ tenantId: 'org-1', purged: 4, anchorSeq: 4 }]);
      expect((await rawEntries('org-1')).map((row) => Number(row.seq))).toEqual([5, 6, 7, 8, 9, 10]);
      await audit.record(entry('org-1', 11));
      const verdict = await audit.verify('org-1');
      expect(verdict.ok).toBe(true);
      expect(verdict.chains[0]).toMatchObject({ entries: 7, firstSeq: 5, lastSeq: 11, anchorSeq: 4, purgedCount: 4 });
      expect(await audit.purge({ before: start + 4 * DAY })).toEqual([]);
    });

    it('when everything is purged, then the empty chain still verifies and continues', async () => {
      await recordMany('org-1', 3, DAY);
      await audit.purge({ before: clock.now() + DAY });
      expect((await audit.verify('org-1')).ok).toBe(true);
      expect((await audit.record(entry('org-1', 4))).seq).toBe(4);
      expect((await audit.verify('org-1')).ok).toBe(true);
    });

    it('when a purged range is followed by a deletion at its edge, then verify detects it', async () => {
      await recordMany('org-1', 6, DAY);
      await audit.purge({ before: Date.parse('2026-11-26T08:00:00Z') + 2 * DAY });
      await store.db.deleteFrom('audit_entries').where('tenant_id', '=', 'org-1').where('seq', '=', 3).execute();
      expect(await problemsOf('org-1')).toEqual([['deleted', 4]]);
    });

    it('when the anchor is forged to hide deleted entries, then verify reports the anchor', async () => {
      await recordMany('org-1', 6, DAY);
      const rows = await rawEntries('org-1');
      await store.db.deleteFrom('audit_entries').where('tenant_id', '=', 'org-1').where('seq', '<=', 2).execute();
      await store.db.updateTable('audit_chains').set({ anchor_seq: 2, anchor_hash: rows[1]!.hash }).where('tenant_id', '=', 'org-1').execute();
      expect((await problemsOf('org-1')).map(([kind]) => kind)).toEqual(['anchor_invalid']);
    });

    it('when a chain fails verification, then the purge refuses and deletes nothing', async () => {
      await recordMany('org-1', 4, DAY);
      await store.db.updateTable('audit_entries').set({ action: 'merge.forged' }).where('seq', '=', 1).execute();
      await expect(audit.purge({ before: clock.now() })).rejects.toMatchObject({ code: 'audit_chain_invalid' });
      expect(await rawEntries('org-1')).toHaveLength(4);
    });
  });
});
