import type { Kysely, Selectable } from 'kysely';
import type { AlreadyMerged } from '../merge/types.js';
import type { Database, MergedConversationsTable } from './schema.js';
import type { MergedConversationMarker } from './types.js';

/** Merged-conversation markers: conversation id → the job, contact, time and agent of its merge. */
export interface MarkerRepository {
  /** Writes markers; a conversation merged again points at its latest merge. */
  upsertMany(markers: MergedConversationMarker[]): Promise<void>;
  get(tenantId: string, conversationId: string): Promise<MergedConversationMarker | null>;
  /** Markers of the given conversations (absent ones are left out), keyed by conversation id. */
  getMany(tenantId: string, conversationIds: readonly string[]): Promise<Map<string, MergedConversationMarker>>;
  /** Markers written by one job. */
  listByJob(jobId: string): Promise<MergedConversationMarker[]>;
}

/** The widget's "already merged" view of a marker (`mergedBy` is the agent's name, else their id). */
export function toAlreadyMerged(marker: MergedConversationMarker): AlreadyMerged {
  return {
    mergedAt: new Date(marker.mergedAt).toISOString(),
    mergedBy: marker.mergedBy.name ?? marker.mergedBy.userId,
    contactId: marker.contactId,
    jobId: marker.jobId,
  };
}

function toMarker(row: Selectable<MergedConversationsTable>): MergedConversationMarker {
  return {
    tenantId: row.tenant_id,
    conversationId: row.conversation_id,
    jobId: row.job_id,
    contactId: row.contact_id,
    mergedAt: Number(row.merged_at),
    mergedBy: { userId: row.merged_by_user_id, name: row.merged_by_name },
  };
}

/** IN-lists are chunked to stay under the bind-parameter limits of both databases. */
const CHUNK = 500;

/** Builds the marker repository over a connection or transaction. */
export function createMarkerRepository(db: Kysely<Database>): MarkerRepository {
  return {
    async upsertMany(markers) {
      for (let i = 0; i < markers.length; i += CHUNK) {
        const rows = markers.slice(i, i + CHUNK).map((marker) => ({
          tenant_id: marker.tenantId,
          conversation_id: marker.conversationId,
          job_id: marker.jobId,
          contact_id: marker.contactId,
          merged_at: marker.mergedAt,
          merged_by_user_id: marker.mergedBy.userId,
          merged_by_name: marker.mergedBy.name,
        }));
        await db
          .insertInto('merged_conversations')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'conversation_id']).doUpdateSet((eb) => ({
              job_id: eb.ref('excluded.job_id'),
              contact_id: eb.ref('excluded.contact_id'),
              merged_at: eb.ref('excluded.merged_at'),
              merged_by_user_id: eb.ref('excluded.merged_by_user_id'),
              merged_by_name: eb.ref('excluded.merged_by_name'),
            })),
          )
          .execute();
      }
    },
    async get(tenantId, conversationId) {
      const row = await db
        .selectFrom('merged_conversations')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      return row ? toMarker(row) : null;
    },
    async getMany(tenantId, conversationIds) {
      const found = new Map<string, MergedConversationMarker>();
      const unique = [...new Set(conversationIds)];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await db
          .selectFrom('merged_conversations')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('conversation_id', 'in', unique.slice(i, i + CHUNK))
          .execute();
        for (const row of rows) found.set(row.conversation_id, toMarker(row));
      }
      return found;
    },
    async listByJob(jobId) {
      const rows = await db
        .selectFrom('merged_conversations')
        .selectAll()
        .where('job_id', '=', jobId)
        .orderBy('conversation_id')
        .execute();
      return rows.map(toMarker);
    },
  };
}
