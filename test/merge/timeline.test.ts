import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnalyticsConversation, AnalyticsSegment } from '../../emulator/src/dataset/types.js';
import { DEFAULT_CHANNEL_WEIGHTS, reconcileTimeline, type TimelineSettings } from '../../server/src/merge/index.js';
import { conversation } from './builders.js';

const NOW = Date.parse('2026-11-26T12:00:00.000Z');
const SETTINGS: TimelineSettings = { channelWeights: { ...DEFAULT_CHANNEL_WEIGHTS }, clockSkewToleranceMs: 2000, now: NOW };
const at = (iso: string) => `2026-11-20T${iso}.000Z`;

describe('timeline reconciliation', () => {
  it('when a customer calls, then chats, then emails, then events are ordered across channels with the channel sequence', () => {
    const timeline = reconcileTimeline([
      conversation({ id: 'mail', channel: 'email', address: 'a@b.com', start: at('12:00:00') }),
      conversation({ id: 'call', channel: 'voice', address: 'tel:+15551234567', start: at('10:00:00') }),
      conversation({ id: 'chat', channel: 'webmessaging', start: at('11:00:00') }),
    ], SETTINGS);
    expect(timeline.channelSequence).toEqual(['voice', 'webmessaging', 'email']);
    expect(timeline.events.map((e) => `${e.conversationId}:${e.participant}`)).toEqual([
      'call:customer', 'call:agent', 'chat:customer', 'chat:agent', 'mail:customer', 'mail:agent',
    ]);
    expect(timeline.sessionStart).toBe(at('10:00:00'));
    expect(timeline.sessionEnd).toBe(at('12:10:00'));
    expect(timeline.authoritativeConversationId).toBe('call');
    // voice 10 + an agent interacted 2 + duration log2(1 + 10 min) capped at 3.
    expect(timeline.priorityScore).toBe(15);
  });

  it('when two sources start within the skew tolerance, then the higher-priority one gives the session start', () => {
    const timeline = reconcileTimeline([
      conversation({ id: 'chat', channel: 'webmessaging', start: '2026-11-20T10:00:00.000Z', end: '2026-11-20T10:05:00.000Z' }),
      conversation({ id: 'call', channel: 'voice', address: 'tel:+15551234567', start: '2026-11-20T10:00:01.500Z', end: '2026-11-20T10:30:00.000Z' }),
    ], SETTINGS);
    expect(timeline.sessionStart).toBe('2026-11-20T10:00:01.500Z');
    expect(reconcileTimeline([
      conversation({ id: 'chat', channel: 'webmessaging', start: '2026-11-20T10:00:00.000Z' }),
      conversation({ id: 'call', channel: 'voice', address: 'tel:+15551234567', start: '2026-11-20T10:00:03.000Z' }),
    ], SETTINGS).sessionStart).toBe('2026-11-20T10:00:00.000Z');
  });

  it('when the same session is seen in two records, then its segments are kept once and counted', () => {
    const first = conversation({ id: 'r1', channel: 'voice', address: 'tel:+15551234567', sessionId: 'shared', agent: false, start: at('10:00:00') });
    const second = conversation({ id: 'r2', channel: 'voice', address: 'tel:+15551234567', sessionId: 'shared', agent: false, start: at('10:00:01') });
    const timeline = reconcileTimeline([first, second], SETTINGS);
    expect(timeline.deduplicatedCount).toBe(1);
    expect(timeline.events).toHaveLength(1);
    expect(timeline.events[0]).toMatchObject({ conversationId: 'r1', start: at('10:00:00'), end: at('10:10:01') });
  });

  it('when segments of one session overlap or touch, then they become one event', () => {
    const record = conversation({ id: 'm', channel: 'sms', address: '+15551234567', agent: false });
    record.participants[0]!.sessions[0]!.segments = [
      { segmentStart: at('10:00:00'), segmentEnd: at('10:01:00'), segmentType: 'interact' },
      { segmentStart: at('10:00:30'), segmentEnd: at('10:02:00'), segmentType: 'interact' },
      { segmentStart: at('10:02:01'), segmentEnd: at('10:03:00'), segmentType: 'interact' },
      { segmentStart: at('10:30:00'), segmentEnd: at('10:31:00'), segmentType: 'interact' },
    ];
    const timeline = reconcileTimeline([record], SETTINGS);
    expect(timeline.events.map((e) => [e.start, e.end])).toEqual([[at('10:00:00'), at('10:03:00')], [at('10:30:00'), at('10:31:00')]]);
    expect(timeline.deduplicatedCount).toBe(0);
  });

  it('when a conversation is still active, then its open segments and the session end at now', () => {
    const timeline = reconcileTimeline([conversation({ id: 'live', channel: 'voice', address: 'tel:+15551234567', start: '2026-11-26T11:50:00.000Z', end: null })], SETTINGS);
    expect(timeline.sessionEnd).toBe('2026-11-26T12:00:00.000Z');
    expect(timeline.events.every((e) => e.end === '2026-11-26T12:00:00.000Z')).toBe(true);
  });

  it('when a session has no segment, then it adds no event and the conversation still counts', () => {
    const quiet = conversation({ id: 'q', channel: 'email', address: 'a@b.com', agent: false, start: at('09:00:00') });
    quiet.participants[0]!.sessions[0]!.segments = [];
    const timeline = reconcileTimeline([quiet, conversation({ id: 'call', channel: 'voice', address: 'tel:+15551234567', start: at('10:00:00') })], SETTINGS);
    expect(timeline.events.every((e) => e.conversationId === 'call')).toBe(true);
    expect(timeline.channelSequence).toEqual(['email', 'voice']);
    expect(timeline.sessionStart).toBe(at('09:00:00'));
  });

  it('when there is no conversation, then it is a bad request', () => {
    expect(() => reconcileTimeline([], SETTINGS)).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });
});

const BASE = Date.parse('2026-11-01T00:00:00.000Z');
const segmentArb = fc.record({
  start: fc.integer({ min: 0, max: 3_600_000 }),
  length: fc.integer({ min: 0, max: 600_000 }),
  open: fc.boolean(),
  type: fc.constantFrom('interact', 'hold', 'alert', 'wrapup', 'ivr'),
});
const sessionArb = fc.record({
  channel: fc.constantFrom('voice', 'email', 'sms', 'whatsapp', 'webmessaging'),
  shared: fc.integer({ min: 0, max: 3 }),
  segments: fc.array(segmentArb, { minLength: 0, maxLength: 6 }),
  role: fc.constantFrom('customer', 'agent', 'acd'),
});
const conversationsArb = fc.array(fc.record({
  offset: fc.integer({ min: 0, max: 86_400_000 }),
  sessions: fc.array(sessionArb, { minLength: 1, maxLength: 4 }),
  ended: fc.boolean(),
}), { minLength: 1, maxLength: 8 }).map((specs) => specs.map((spec, i): AnalyticsConversation => ({
  conversationId: `c${i}`,
  conversationStart: new Date(BASE + spec.offset).toISOString(),
  ...(spec.ended ? { conversationEnd: new Date(BASE + spec.offset + 7_200_000).toISOString() } : {}),
  originatingDirection: 'inbound',
  divisionIds: [],
  participants: spec.sessions.map((session, p) => ({
    participantId: `c${i}-p${p}`,
    purpose: session.role as 'customer',
    sessions: [{
      // A few session ids repeat across conversations: the same session seen in two records.
      sessionId: session.shared === 0 ? `shared-${session.channel}-${session.role}` : `c${i}-s${p}`,
      mediaType: session.channel === 'voice' ? 'voice' : session.channel === 'email' ? 'email' : 'message',
      ...(session.channel === 'voice' || session.channel === 'email' ? {} : { messageType: session.channel as 'sms' }),
      direction: 'inbound',
      segments: session.segments.map((s): AnalyticsSegment => ({
        segmentStart: new Date(BASE + spec.offset + s.start).toISOString(),
        ...(s.open && !spec.ended ? {} : { segmentEnd: new Date(BASE + spec.offset + s.start + s.length).toISOString() }),
        segmentType: s.type as 'interact',
      })),
    }],
  })),
})));
const PROPERTY_NOW = BASE + 3 * 86_400_000;
const propertySettings: TimelineSettings = { ...SETTINGS, now: PROPERTY_NOW };

describe('timeline reconciliation invariants (properties)', () => {
  it('events are sorted by start, then end', () => {
    fc.assert(fc.property(conversationsArb, (conversations) => {
      const { events } = reconcileTimeline(conversations, propertySettings);
      for (let i = 1; i < events.length; i++) {
        const [a, b] = [events[i - 1]!, events[i]!];
        expect(Date.parse(a.start) < Date.parse(b.start) || (a.start === b.start && Date.parse(a.end) <= Date.parse(b.end))).toBe(true);
      }
    }), { numRuns: 200 });
  });

  it('every segment is covered by an event of its channel, role and type', () => {
    fc.assert(fc.property(conversationsArb, (conversations) => {
      const { events } = reconcileTimeline(conversations, propertySettings);
      for (const c of conversations) for (const p of c.participants) for (const s of p.sessions) for (const g of s.segments) {
        const start = Date.parse(g.segmentStart);
        const end = Math.max(start, g.segmentEnd ? Date.parse(g.segmentEnd) : PROPERTY_NOW);
        const role = p.purpose === 'customer' ? 'customer' : p.purpose === 'agent' ? 'agent' : 'system';
        const covered = events.some((e) => e.segmentType === g.segmentType && e.participant === role && e.mediaType === s.mediaType
          && Date.parse(e.start) <= start && Date.parse(e.end) >= end);
        expect(covered).toBe(true);
      }
    }), { numRuns: 200 });
  });

  it('the session starts no later than it ends', () => {
    fc.assert(fc.property(conversationsArb, (conversations) => {
      const timeline = reconcileTimeline(conversations, propertySettings);
      expect(Date.parse(timeline.sessionStart)).toBeLessThanOrEqual(Date.parse(timeline.sessionEnd));
    }), { numRuns: 200 });
  });

  it('the result does not depend on the order of conversations or segments', () => {
    fc.assert(fc.property(conversationsArb, fc.integer(), (conversations, seed) => {
      const shuffled = structuredClone(conversations).reverse();
      for (const c of shuffled) for (const p of c.participants) for (const s of p.sessions) if (seed % 2 === 0) s.segments.reverse();
      expect(reconcileTimeline(shuffled, propertySettings)).toEqual(reconcileTimeline(conversations, propertySettings));
    }), { numRuns: 200 });
  });

  it('running it twice gives the same timeline, and the input is not modified', () => {
    fc.assert(fc.property(conversationsArb, (conversations) => {
      const before = structuredClone(conversations);
      const once = reconcileTimeline(conversations, propertySettings);
      expect(reconcileTimeline(conversations, propertySettings)).toEqual(once);
      expect(conversations).toEqual(before);
    }), { numRuns: 100 });
  });
});
