import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { AgentFeedback } from './types.js';

/** Agent feedback on auto-selection, one record per merge job (for dedup precision and recall). */
export interface FeedbackRepository {
  /** Records (or replaces) the feedback of a job. */
  record(feedback: AgentFeedback): Promise<void>;
  /** Feedback of a tenant since `since` (inclusive), oldest first. */
  list(input: { tenantId: string; since?: number; limit: number }): Promise<AgentFeedback[]>;
}

/** Builds the feedback repository over a connection or transaction. */
export function createFeedbackRepository(db: Kysely<Database>): FeedbackRepository {
  return {
    async record(feedback) {
      const row = {
        job_id: feedback.jobId,
        tenant_id: feedback.tenantId,
        user_id: feedback.userId,
        at: feedback.at,
        kept: JSON.stringify(feedback.kept),
        removed: JSON.stringify(feedback.removed),
        added: JSON.stringify(feedback.added),
      };
      await db
        .insertInto('agent_feedback')
        .values(row)
        .onConflict((oc) =>
          oc.column('job_id').doUpdateSet({ at: row.at, kept: row.kept, removed: row.removed, added: row.added, user_id: row.user_id }),
        )
        .execute();
    },
    async list({ tenantId, since, limit }) {
      let query = db.selectFrom('agent_feedback').selectAll().where('tenant_id', '=', tenantId);
      if (since !== undefined) query = query.where('at', '>=', since);
      const rows = await query.orderBy('at').orderBy('job_id').limit(limit).execute();
      return rows.map((row) => ({
        jobId: row.job_id,
        tenantId: row.tenant_id,
        userId: row.user_id,
        at: Number(row.at),
        kept: JSON.parse(row.kept) as string[],
        removed: JSON.parse(row.removed) as string[],
        added: JSON.parse(row.added) as string[],
      }));
    },
  };
}
