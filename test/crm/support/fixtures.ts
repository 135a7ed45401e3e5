import type { Channel, MergeResult, TimelineEvent } from '../../../server/src/merge/types.js';
import { buildMergedEvent, toOutboxMessage } from '../../../server/src/crm/index.js';
import type { CustomerIdentifier } from '../../../server/src/crm/index.js';

const CHANNELS: Channel[] = ['voice', 'webmessaging', 'email', 'sms', 'whatsapp', 'chat'];

/** A merge result over `conversations` conversations with `eventsPerConversation` timeline events each. */
export function sampleMergeResult(conversations = 3, eventsPerConversation = 4): MergeResult {
  const start = Date.parse('2026-11-20T09:00:00Z');
  const conversationIds = Array.from({ length: conversations }, (_, i) => `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const events: TimelineEvent[] = conversationIds.flatMap((conversationId, c) =>
    Array.from({ length: eventsPerConversation }, (_, e) => {
      const at = start + c * 3_600_000 + e * 60_000;
      const channel = CHANNELS[c % CHANNELS.length]!;
      return {
        conversationId,
        channel,
        mediaType: channel === 'voice' ? 'voice' : channel === 'email' ? 'email' : 'message',
        messageType: channel === 'voice' || channel === 'email' ? null : channel,
        segmentType: e % 2 === 0 ? 'interact' : 'wrapup',
        participant: e % 3 === 0 ? 'customer' : e % 3 === 1 ? 'agent' : 'system',
        start: new Date(at).toISOString(),
        end: new Date(at + 30_000).toISOString(),
      } satisfies TimelineEvent;
    }),
  );
  return {
    contactId: 'contact-canonical-1',
    mergedFromContactIds: ['contact-a', 'contact-b'],
    conversationIds,
    channelSequence: conversationIds.map((_, c) => CHANNELS[c % CHANNELS.length]!),
    timeline: {
      sessionStart: events[0]!.start,
      sessionEnd: events.at(-1)!.end,
      channelSequence: conversationIds.map((_, c) => CHANNELS[c % CHANNELS.length]!),
      authoritativeConversationId: conversationIds[0]!,
      priorityScore: 10,
      events,
      deduplicatedCount: 1,
    },
    metrics: { mergeLatencyMs: 812, apiCalls: 11, priorityScore: 10, retries: 0 },
  };
}

export const CUSTOMER_PHONE = '+15551234567';
export const CUSTOMER_EMAIL = 'jane.doe@example.com';
export const CUSTOMER_IDENTIFIERS: CustomerIdentifier[] = [
  { type: 'phone', value: CUSTOMER_PHONE },
  { type: 'email', value: CUSTOMER_EMAIL },
];

/** The outbox message of a sample merge for `tenantId` / `jobId`. */
export function sampleOutboxMessage(tenantId = 'tenant-1', jobId = 'job-1', occurredAt = Date.parse('2026-11-20T12:00:00Z')) {
  return toOutboxMessage(
    buildMergedEvent({
      tenant: { id: tenantId, name: 'Acme' },
      jobId,
      result: sampleMergeResult(),
      customer: { displayName: 'Jane Doe', identifiers: CUSTOMER_IDENTIFIERS },
      occurredAt,
    }),
  );
}
