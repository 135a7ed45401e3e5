import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { AgentFeedback, ShownSelection } from './types.js';

/**
 * Agent feedback on auto-selection (for dedup precision and recall): the selection shown to an
 * agent for an anchor conversation, kept until it expires so whichever replica accepts the merge
 * can compare with it, and one feedback record per merge job.
 */
export interface FeedbackRepository {
  /** Records (or replaces) the feedback of a job. */
  record(feedback: AgentFeedback): Promise<void>;
  /** Feedback of a tenant since `since` (inclusive), oldest first. */
  list(input: { tenantId: string; since?: number; limit: number }): Promise<AgentFeedback[]>;
  /** Remembers the auto-selection shown (replacing the one shown before for the same agent and anchor). */
  recordShown(selection: ShownSelection): Promise<void>;
  /** The selection shown to the agent for this anchor, or null when none was or it expired at `now`. */
  shown(input: { tenantId: string; userId: string; anchorConversationId: string; now: number }): Promise<ShownSelection | null>;
  /** Deletes shown selections expired at `now`; returns how many. */
  pruneShown(now: number): Promise<number>;
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
    async recordShown(selection) {
      const row = {
        tenant_id: selection.tenantId,
        user_id: selection.userId,
        anchor_conversation_id: selection.anchorConversationId,
        conversation_ids: JSON.stringify(selection.conversationIds),
        shown_at: selection.shownAt,
        expires_at: selection.expiresAt,
      };
      await db
        .insertInto('shown_selections')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'user_id', 'anchor_conversation_id']).doUpdateSet({
            conversation_ids: row.conversation_ids,
            shown_at: row.shown_at,
            expires_at: row.expires_at,
          }),
        )
        .execute();
    },
    async shown({ tenantId, userId, anchorConversationId, now }) {
      const row = await db
        .selectFrom('shown_selections')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .where('anchor_conversation_id', '=', anchorConversationId)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (!row) return null;
      return {
        tenantId: row.tenant_id,
        userId: row.user_id,
        anchorConversationId: row.anchor_conversation_id,
        conversationIds: JSON.parse(row.conversation_ids) as string[],
        shownAt: Number(row.shown_at),
        expiresAt: Number(row.expires_at),
      };
    },
    async pruneShown(now) {
      const result = await db.deleteFrom('shown_selections').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
