import type { Logger } from 'pino';
import type { Clock } from '../clock/index.js';
import type { Store } from '../store/index.js';
import type { AuditLog, PurgeResult } from './log.js';

const DAY = 86_400_000;

/** A running retention loop. */
export interface AuditRetention {
  /** Purges once now: each tenant's entries older than the retention; a chain that fails verification is skipped and logged. */
  runOnce(): Promise<PurgeResult[]>;
  /** Stops the loop (after a purge in progress). */
  stop(): Promise<void>;
}

/**
 * Purges audit entries older than `retentionDays` (config `AUDIT_RETENTION_DAYS`) every
 * `everyMs` (default daily), starting with one purge now. Tenants are purged one by one, so a
 * chain that fails verification (kept as evidence) does not hold back the others.
 */
export function startAuditRetention(deps: {
  audit: AuditLog;
  store: Pick<Store, 'audit'>;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'error'>;
  retentionDays: number;
  everyMs?: number;
}): AuditRetention {
  const { audit, store, clock, logger } = deps;
  const stopped = new AbortController();

  async function runOnce(): Promise<PurgeResult[]> {
    const before = clock.now() - deps.retentionDays * DAY;
    const results: PurgeResult[] = [];
    for (const tenantId of await store.audit.listTenantIds()) {
      try {
        results.push(...(await audit.purge({ before, tenantId })));
      } catch (error) {
        logger.error({ err: error, tenantId }, 'audit retention skipped a chain');
      }
    }
    const purged = results.reduce((sum, result) => sum + result.purged, 0);
    if (purged > 0) logger.info({ purged, chains: results.length }, 'audit entries past retention purged');
    return results;
  }

  const loop = (async () => {
    while (!stopped.signal.aborted) {
      try {
        await runOnce();
      } catch (error) {
        logger.error({ err: error }, 'audit retention failed');
      }
      try {
        await clock.sleep(deps.everyMs ?? DAY, stopped.signal);
      } catch {
        return;
      }
    }
  })();

  return {
    runOnce,
    async stop() {
      stopped.abort();
      await loop;
    },
  };
}
