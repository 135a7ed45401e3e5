import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  buildMergedEvent, interactionMergedSchema, mergedEventId, serializeEvent, toOutboxMessage,
} from '../../server/src/crm/index.js';
import type { MergedEventInput } from '../../server/src/crm/index.js';
import { CUSTOMER_IDENTIFIERS, sampleMergeResult } from './support/fixtures.js';

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(interactionMergedSchema);
}

function input(overrides: Partial<MergedEventInput> = {}): MergedEventInput {
  return {
    tenant: { id: 'tenant-1', name: 'Acme' },
    jobId: 'job-1',
    result: sampleMergeResult(5, 6),
    customer: { displayName: 'Jane Doe', identifiers: CUSTOMER_IDENTIFIERS },
    occurredAt: Date.parse('2026-11-20T12:00:00Z'),
    ...overrides,
  };
}

describe('buildMergedEvent', () => {
  it('when built from a merge result, then it matches the JSON Schema and carries DESIGN.md step 8 fields', () => {
    const validate = validator();
    const event = buildMergedEvent(input());
    expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
    expect(event).toMatchObject({
      type: 'interaction.merged',
      schemaVersion: '1.0',
      timestamp: '2026-11-20T12:00:00.000Z',
      data: {
        tenant: { id: 'tenant-1', name: 'Acme' },
        contactId: 'contact-canonical-1',
        mergedFromContactIds: ['contact-a', 'contact-b'],
        customer: { displayName: 'Jane Doe', identifiers: CUSTOMER_IDENTIFIERS },
        metrics: { mergeLatencyMs: 812, apiCalls: 11, priorityScore: 10, retries: 0, conversationCount: 5, contactCount: 2 },
        timeline: { eventCount: 30, thinned: 'none' },
      },
    });
    expect(event.data.conversationIds).toHaveLength(5);
    expect(event.data.timeline.events).toHaveLength(30);
  });

  it('when the schema sees a field it does not know or a wrong type, then validation fails (the schema is not a rubber stamp)', () => {
    const validate = validator();
    const event = buildMergedEvent(input());
    expect(validate({ ...event, extra: 1 })).toBe(false);
    expect(validate({ ...event, data: { ...event.data, conversationIds: [] } })).toBe(false);
    expect(validate({ ...event, type: 'interaction.updated' })).toBe(false);
    expect(validate({ ...event, data: { ...event.data, customer: { displayName: null, identifiers: [{ type: 'ssn', value: '1' }] } } })).toBe(false);
  });

  it('when the same job is built twice (a resumed job), then the event id is the same; another job or tenant gets another id', () => {
    const a = buildMergedEvent(input());
    const b = buildMergedEvent(input({ occurredAt: Date.parse('2026-11-21T00:00:00Z') }));
    expect(a.id).toBe(b.id);
    expect(a.id).toBe(mergedEventId('tenant-1', 'job-1'));
    expect(a.id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(mergedEventId('tenant-1', 'job-2')).not.toBe(a.id);
    expect(mergedEventId('tenant-2', 'job-1')).not.toBe(a.id);
    expect(buildMergedEvent(input({ eventId: 'msg_custom' })).id).toBe('msg_custom');
  });

  it('when the timeline is too large for the budget, then it is thinned to conversation boundaries, then omitted, always within budget and schema', () => {
    const validate = validator();
    const big = input({ result: sampleMergeResult(8, 200) });
    const full = buildMergedEvent({ ...big, maxPayloadBytes: 1_000_000 });
    expect(full.data.timeline.thinned).toBe('none');

    const boundaries = buildMergedEvent(big);
    expect(boundaries.data.timeline.thinned).toBe('boundaries');
    expect(boundaries.data.timeline.eventCount).toBe(1600);
    expect(boundaries.data.timeline.events).toHaveLength(16);
    const perConversation = new Map<string, string[]>();
    for (const event of boundaries.data.timeline.events) {
      perConversation.set(event.conversationId, [...(perConversation.get(event.conversationId) ?? []), event.start]);
    }
    for (const [conversationId, starts] of perConversation) {
      const all = full.data.timeline.events.filter((e) => e.conversationId === conversationId).map((e) => e.start);
      expect(starts).toEqual([all[0], all.at(-1)]);
    }
    expect(Buffer.byteLength(serializeEvent(boundaries))).toBeLessThanOrEqual(16 * 1024);

    const omitted = buildMergedEvent({ ...big, maxPayloadBytes: 2_500 });
    expect(omitted.data.timeline).toMatchObject({ thinned: 'omitted', events: [], eventCount: 1600 });
    expect(Buffer.byteLength(serializeEvent(omitted))).toBeLessThanOrEqual(2_500);
    for (const event of [boundaries, omitted]) expect(validate(event)).toBe(true);
  });

  it('when even the summary exceeds the budget, then building fails with webhook_payload_too_large', () => {
    expect(() => buildMergedEvent(input({ maxPayloadBytes: 500 }))).toThrowError(
      expect.objectContaining({ code: 'webhook_payload_too_large' }),
    );
  });

  it('when identifiers repeat, then each is sent once', () => {
    const event = buildMergedEvent(input({
      customer: { displayName: null, identifiers: [...CUSTOMER_IDENTIFIERS, ...CUSTOMER_IDENTIFIERS] },
    }));
    expect(event.data.customer.identifiers).toEqual(CUSTOMER_IDENTIFIERS);
  });

  it('when turned into an outbox message, then the payload is the exact serialised event under the same id and tenant', () => {
    const event = buildMergedEvent(input());
    const message = toOutboxMessage(event);
    expect(message).toEqual({ id: event.id, tenantId: 'tenant-1', type: 'interaction.merged', payload: JSON.stringify(event) });
    expect(JSON.parse(message.payload)).toEqual(event);
  });
});
