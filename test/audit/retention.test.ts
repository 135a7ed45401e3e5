import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuditLog, startAuditRetention } from '../../server/src/audit/index.js';
import type { Store } from '../../server/src/store/index.js';
import { createSteppedClock } from '../jobs/support/stepped-clock.js';
import { createTestDatabase, type TestDatabase } from '../store/support/databases.js';

const DAY = 86_400_000;

describe('audit retention', () => {
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite', 'retention');
    store = await database.open();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('when entries pass the retention, then the daily purge removes them, skips a tampered chain and keeps the rest verifiable', async () => {
    const clock = createSteppedClock(Date.parse('2026-01-01T00:00:00Z'));
    const audit = createAuditLog({ store, auditKey: randomBytes(32), clock });
    for (let day = 0; day < 5; day += 1) {
      for (const tenantId of ['org-1', 'org-2']) {
        await audit.record({ tenantId, actor: { type: 'system', id: 'test' }, action: 'merge.requested', outcome: 'info' });
      }
      await clock.advance(DAY);
    }
    await store.db.updateTable('audit_entries').set({ outcome: 'failure' }).where('tenant_id', '=', 'org-2').where('seq', '=', 5).execute();
    const errors: unknown[] = [];
    const logger = { info: () => {}, error: (fields: unknown) => errors.push(fields) } as unknown as pino.Logger;

    const retention = startAuditRetention({ audit, store, clock, logger, retentionDays: 3 });
    await vi.waitFor(async () => expect(await store.db.selectFrom('audit_entries').select('seq').where('tenant_id', '=', 'org-1').execute()).toHaveLength(3));
    expect(errors).toEqual([expect.objectContaining({ tenantId: 'org-2' })]);
    expect(await store.db.selectFrom('audit_entries').select('seq').where('tenant_id', '=', 'org-2').execute()).toHaveLength(5);

    await clock.advance(DAY);
    await vi.waitFor(async () => expect(await store.db.selectFrom('audit_entries').select('seq').where('tenant_id', '=', 'org-1').execute()).toHaveLength(2));
    await retention.stop();
    const verdict = await audit.verify('org-1');
    expect(verdict.ok).toBe(true);
    expect(verdict.chains[0]).toMatchObject({ anchorSeq: 3, purgedCount: 3 });
  });
});
