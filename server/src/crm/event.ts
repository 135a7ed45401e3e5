import { createHash } from 'node:crypto';
import { AppError } from '../errors/index.js';
import type { Channel, MergeResult, TimelineEvent } from '../merge/types.js';

/** The Standard Webhooks event type of a completed merge. */
export const MERGED_EVENT_TYPE = 'interaction.merged';
/** Additive changes bump the minor version; anything else the major (and the schema's `$id`). */
export const MERGED_EVENT_SCHEMA_VERSION = '1.0';
/** The payload budget: Standard Webhooks asks for under 20 kB; this leaves headroom. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024;

/** Identifier kinds the CRM receives (names travel as `displayName`). */
export type CustomerIdentifierType = 'phone' | 'email' | 'messagingId' | 'externalContactId';

/** One identifier of the customer, normalised (phones E.164, emails case-folded). */
export interface CustomerIdentifier {
  type: CustomerIdentifierType;
  value: string;
}

/**
 * How much of the timeline the payload carries: `none` thinned (every event), `boundaries` (the
 * first and last event of each conversation), `omitted` (no events; the summary fields remain).
 */
export type TimelineThinning = 'none' | 'boundaries' | 'omitted';

/** The `interaction.merged` event (DESIGN.md step 8); `interaction-merged.schema.json` describes it. */
export interface MergedEvent {
  /** The Standard Webhooks `webhook-id`, also in the body (standard-webhooks issue #30). */
  id: string;
  type: typeof MERGED_EVENT_TYPE;
  schemaVersion: typeof MERGED_EVENT_SCHEMA_VERSION;
  /** When the merge completed (ISO 8601), not when an attempt was made. */
  timestamp: string;
  data: {
    tenant: { id: string; name: string | null };
    jobId: string;
    /** The canonical contact the merge created (or already resolved to). */
    contactId: string;
    mergedFromContactIds: string[];
    conversationIds: string[];
    channelSequence: Channel[];
    /** The CRM is trusted with the customer's identifiers; logs and audit entries are not. */
    customer: { displayName: string | null; identifiers: CustomerIdentifier[] };
    timeline: {
      sessionStart: string;
      sessionEnd: string;
      authoritativeConversationId: string;
      priorityScore: number;
      deduplicatedCount: number;
      /** Events in the full timeline, whatever the payload carries. */
      eventCount: number;
      thinned: TimelineThinning;
      events: TimelineEvent[];
    };
    metrics: {
      mergeLatencyMs: number;
      apiCalls: number;
      priorityScore: number;
      retries: number;
      conversationCount: number;
      contactCount: number;
    };
  };
}

/** What `buildMergedEvent` needs: the merge result plus what the CRM may know of the customer. */
export interface MergedEventInput {
  tenant: { id: string; name?: string | null };
  /** The merge job; with the tenant it determines the event id. */
  jobId: string;
  result: MergeResult;
  customer: { displayName?: string | null; identifiers: CustomerIdentifier[] };
  /** When the merge completed, epoch ms. */
  occurredAt: number;
  /** Overrides the id derived from tenant and job. */
  eventId?: string;
  /** Payload budget in bytes (default `DEFAULT_MAX_PAYLOAD_BYTES`). */
  maxPayloadBytes?: number;
}

/**
 * The event id of a job's `interaction.merged`: `msg_` + 32 hex digits of SHA-256 over tenant and
 * job. Deterministic, so a job resumed after a crash writes the same id and the receiver
 * deduplicates whatever happens.
 */
export function mergedEventId(tenantId: string, jobId: string): string {
  return `msg_${createHash('sha256').update(`${MERGED_EVENT_TYPE}\n${tenantId}\n${jobId}`).digest('hex').slice(0, 32)}`;
}

/**
 * Builds the `interaction.merged` event from a merge result. The payload is kept within the
 * budget by thinning the timeline: first to each conversation's first and last event, then to
 * no events (summary fields, `eventCount` and `thinned` tell the receiver what it got). Throws
 * `AppError` `webhook_payload_too_large` when even that does not fit (then the identifiers or the
 * conversation list are unreasonable). Duplicate identifiers are dropped.
 */
export function buildMergedEvent(input: MergedEventInput): MergedEvent {
  const { result } = input;
  const budget = input.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  const seen = new Set<string>();
  const identifiers = input.customer.identifiers.filter((identifier) => {
    const key = `${identifier.type}\n${identifier.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const events = result.timeline.events;
  const build = (thinned: TimelineThinning, carried: TimelineEvent[]): MergedEvent => ({
    id: input.eventId ?? mergedEventId(input.tenant.id, input.jobId),
    type: MERGED_EVENT_TYPE,
    schemaVersion: MERGED_EVENT_SCHEMA_VERSION,
    timestamp: new Date(input.occurredAt).toISOString(),
    data: {
      tenant: { id: input.tenant.id, name: input.tenant.name ?? null },
      jobId: input.jobId,
      contactId: result.contactId,
      mergedFromContactIds: [...result.mergedFromContactIds],
      conversationIds: [...result.conversationIds],
      channelSequence: [...result.channelSequence],
      customer: { displayName: input.customer.displayName ?? null, identifiers },
      timeline: {
        sessionStart: result.timeline.sessionStart,
        sessionEnd: result.timeline.sessionEnd,
        authoritativeConversationId: result.timeline.authoritativeConversationId,
        priorityScore: result.timeline.priorityScore,
        deduplicatedCount: result.timeline.deduplicatedCount,
        eventCount: events.length,
        thinned,
        events: carried,
      },
      metrics: {
        mergeLatencyMs: result.metrics.mergeLatencyMs,
        apiCalls: result.metrics.apiCalls,
        priorityScore: result.metrics.priorityScore,
        retries: result.metrics.retries,
        conversationCount: result.conversationIds.length,
        contactCount: result.mergedFromContactIds.length,
      },
    },
  });

  const candidates: Array<() => MergedEvent> = [
    () => build('none', events),
    () => build('boundaries', conversationBoundaries(events)),
    () => build('omitted', []),
  ];
  for (const candidate of candidates) {
    const event = candidate();
    if (payloadBytes(event) <= budget) return event;
  }
  throw new AppError('webhook_payload_too_large', 500, `the interaction.merged payload exceeds ${budget} bytes even without timeline events`, {
    details: { budget, bytes: payloadBytes(build('omitted', [])) },
  });
}

/** The first and the last event of each conversation, in the timeline's order. */
function conversationBoundaries(events: TimelineEvent[]): TimelineEvent[] {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  events.forEach((event, index) => {
    if (!first.has(event.conversationId)) first.set(event.conversationId, index);
    last.set(event.conversationId, index);
  });
  const keep = new Set([...first.values(), ...last.values()]);
  return events.filter((_, index) => keep.has(index));
}

/** The exact bytes sent for an event: its JSON, serialised once and never again. */
export function serializeEvent(event: MergedEvent): string {
  return JSON.stringify(event);
}

function payloadBytes(event: MergedEvent): number {
  return Buffer.byteLength(serializeEvent(event));
}

/**
 * The outbox row's fields for an event, for the store to write in the transaction that completes
 * the job: `{id, tenantId, type, payload}` (payload = the exact bytes every attempt sends).
 */
export function toOutboxMessage(event: MergedEvent): { id: string; tenantId: string; type: string; payload: string } {
  return { id: event.id, tenantId: event.data.tenant.id, type: event.type, payload: serializeEvent(event) };
}
