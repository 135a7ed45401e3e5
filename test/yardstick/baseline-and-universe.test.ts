import { describe, expect, it } from 'vitest';
import {
  channelOfConversation, channelPairKey, createEligibility, createExactIdentifierBaseline, rawIdentifiers, sampleAnchors, selectAll,
} from '../../bench/yardstick/index.js';
import { conversation } from './fixtures.js';

describe('exact-identifier baseline', () => {
  const conversations = [
    conversation({ id: 'v1', ani: 'tel:+15551230001', contactId: 'k1' }),
    conversation({ id: 'v2', ani: 'tel:+15551230001' }),
    conversation({ id: 's1', channel: 'sms', addressFrom: '+15551230001' }),
    conversation({ id: 'w1', channel: 'whatsapp', addressFrom: '15551230001', contactId: 'k1' }),
    conversation({ id: 'e1', channel: 'email', addressFrom: 'Jane@Example.com' }),
    conversation({ id: 'e2', channel: 'email', addressFrom: 'jane@example.com' }),
    conversation({ id: 'o1', direction: 'outbound', ani: 'tel:+15550009999', dnis: 'tel:+15551230001' }),
    conversation({ id: 'x1', ani: 'sip:anonymous@anonymous.invalid' }),
    conversation({ id: 'x2', ani: 'sip:anonymous@anonymous.invalid' }),
  ];
  const baseline = createExactIdentifierBaseline({ conversations });

  it('when two conversations store the same string, then they select each other', () => {
    expect(baseline.select('v2')).toEqual(['v1', 'o1']);
  });

  it('when one identifier is written differently, then it is not matched (no normalisation)', () => {
    expect(baseline.select('s1')).toEqual([]);
    expect(baseline.select('e1')).toEqual([]);
  });

  it('when two conversations share an external contact id, then they select each other', () => {
    expect(baseline.select('w1')).toEqual(['v1']);
    expect(baseline.select('v1')).toEqual(['v2', 'w1', 'o1']);
  });

  it('when the contact centre called out, then the customer is the called number, not the org caller id', () => {
    expect(rawIdentifiers(conversations[6]!)).toEqual(['tel:+15551230001']);
    expect(rawIdentifiers(conversations[0]!)).toEqual(['k1', 'tel:+15551230001']);
  });

  it('when callers withheld their number, then the anonymous ANI links nothing', () => {
    expect(baseline.select('x1')).toEqual([]);
  });

  it('when the universe excludes a conversation, then the baseline never selects it', () => {
    const restricted = createExactIdentifierBaseline({ conversations }, (a, o) => a !== o && o !== 'o1');
    expect(selectAll(restricted, ['v2', 'e2'])).toEqual(new Map([['v2', ['v1']], ['e2', []]]));
  });
});

describe('channels and channel pairs', () => {
  it('when media and message types vary, then channels follow the Channel rule', () => {
    const channels = ['voice', 'callback', 'chat', 'email', 'sms', 'whatsapp', 'webmessaging', 'line'] as const;
    expect(channels.map((channel) => channelOfConversation(conversation({ id: channel, channel }))))
      .toEqual(['voice', 'voice', 'chat', 'email', 'sms', 'whatsapp', 'webmessaging', 'messaging']);
  });

  it('when a pair is named, then its channels are sorted', () => {
    expect(channelPairKey('voice', 'email')).toBe('email↔voice');
    expect(channelPairKey('email', 'voice')).toBe('email↔voice');
  });
});

describe('eligibility and anchors', () => {
  const dataset = {
    referenceTime: '2026-01-31T00:00:00.000Z',
    org: { id: 'o', name: 'o', defaultCountry: 'US', analyticsRetentionDays: 20 },
    purged: ['p'],
    conversations: [
      conversation({ id: 'old', day: 5 }), conversation({ id: 'a', day: 15 }), conversation({ id: 'b', day: 25 }),
      conversation({ id: 'p', day: 26 }), conversation({ id: 'live', day: 29, active: true }),
    ],
  };

  it('when defaults apply, then purged, past-retention, unknown and self are out and the rest is in', () => {
    const eligible = createEligibility(dataset);
    expect(eligible('a', 'b')).toBe(true);
    expect(eligible('a', 'live')).toBe(true);
    expect(eligible('a', 'p')).toBe(false);
    expect(eligible('a', 'old')).toBe(false);
    expect(eligible('a', 'a')).toBe(false);
    expect(eligible('a', 'nope')).toBe(false);
  });

  it('when a look-back window and active exclusion are set, then only others close to the anchor and ended count', () => {
    const eligible = createEligibility(dataset, { lookBackDays: 7, excludeActive: true, respectRetention: false });
    expect(eligible('b', 'a')).toBe(false);
    expect(eligible('b', 'live')).toBe(false);
    expect(eligible('a', 'old')).toBe(false);
    expect(createEligibility(dataset, { lookBackDays: 10, respectRetention: false })('a', 'old')).toBe(true);
    expect(createEligibility(dataset, { excludePurged: false })('a', 'p')).toBe(true);
  });

  it('when anchors are sampled, then they are ended, not purged, in dataset order and the same for the same seed', () => {
    expect(sampleAnchors(dataset, { count: 10, seed: 1 })).toEqual(['old', 'a', 'b']);
    const two = sampleAnchors(dataset, { count: 2, seed: 'x' });
    expect(two).toHaveLength(2);
    expect(sampleAnchors(dataset, { count: 2, seed: 'x' })).toEqual(two);
    expect(sampleAnchors(dataset, { count: 5, seed: 1, accept: (id) => id !== 'a' })).toEqual(['old', 'b', 'p', 'live']);
  });
});
