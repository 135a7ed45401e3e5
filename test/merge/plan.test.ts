import { describe, expect, it } from 'vitest';
import type { AnalyticsConversation, ExternalContact } from '../../emulator/src/dataset/types.js';
import { buildPlan, computePlanHash, MERGED_CONTACT_PLACEHOLDER, type BuildPlanInput } from '../../server/src/merge/index.js';
import { byId, contact, conversation, settings } from './builders.js';

const NOW = Date.parse('2026-11-26T12:00:00.000Z');

const janeCurated = () => contact({ id: 'k-cur', type: 'Curated', first: 'Jane', last: 'Doe', modifyDate: '2026-06-01T00:00:00.000Z' }, {
  personalEmail: 'jane@example.com', cellPhone: { e164: '+15551234567' },
});
const janeEphemeral = () => contact({ id: 'k-eph', type: 'Ephemeral', modifyDate: '2026-11-01T00:00:00.000Z' }, {
  otherPhone: { e164: '+15551234567' },
});
const conversations = () => [
  conversation({ id: 'c-call', channel: 'voice', address: 'tel:+15551234567', contactId: 'k-eph', start: '2026-11-20T10:00:00.000Z' }),
  conversation({ id: 'c-mail', channel: 'email', address: 'jane@example.com', contactId: 'k-cur', start: '2026-11-19T10:00:00.000Z' }),
  conversation({ id: 'c-sms', channel: 'sms', address: '+15551234567', contactId: 'k-eph', start: '2026-11-18T10:00:00.000Z' }),
];

function plan(overrides: Partial<BuildPlanInput> = {}, records: { conversations?: AnalyticsConversation[]; contacts?: ExternalContact[] } = {}) {
  const list = records.conversations ?? conversations();
  return buildPlan({
    anchorConversationId: 'c-call',
    conversationIds: list.map((c) => c.conversationId),
    conversations: byId(list),
    contacts: byId(records.contacts ?? [janeCurated(), janeEphemeral()]),
    settings: settings(),
    org: { defaultCountry: 'US', retentionDays: 180 },
    now: NOW,
    ...overrides,
  });
}

describe('merge plan', () => {
  it('when three conversations of Jane sit on two contacts, then the plan merges them and re-points every conversation', () => {
    const result = plan();
    expect(result).toMatchObject({ valid: true, problems: [], mergeRequired: true, anchorConversationId: 'c-call' });
    expect(result.contacts.map((c) => [c.id, c.type, c.mergeSetSize])).toEqual([['k-cur', 'Curated', 1], ['k-eph', 'Ephemeral', 1]]);
    expect(result.valueOverride).toMatchObject({ firstName: 'Jane', lastName: 'Doe', personalEmail: 'jane@example.com' });
    expect(result.associations).toEqual([
      { conversationId: 'c-call', communicationId: 'c-call-s1', mediaType: 'CALL', currentContactId: 'k-eph' },
      { conversationId: 'c-mail', communicationId: 'c-mail-s1', mediaType: 'EMAIL', currentContactId: 'k-cur' },
      { conversationId: 'c-sms', communicationId: 'c-sms-s1', mediaType: 'MESSAGE', currentContactId: 'k-eph' },
    ]);
    expect(result.timeline?.channelSequence).toEqual(['sms', 'email', 'voice']);
    expect(result.planHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when N conversations over k contacts are merged, then the planned calls are N + k + 4 in execution order', () => {
    const result = plan();
    expect(result.apiCalls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /api/v2/analytics/conversations/details?id=c-call,c-mail,c-sms',
      'GET /api/v2/externalcontacts/contacts/k-cur',
      'GET /api/v2/externalcontacts/contacts/k-eph',
      'POST /api/v2/externalcontacts/contacts/merge',
      'PUT /api/v2/externalcontacts/conversations/c-call',
      'PUT /api/v2/externalcontacts/conversations/c-mail',
      'PUT /api/v2/externalcontacts/conversations/c-sms',
      'GET /api/v2/analytics/conversations/details?id=c-call,c-mail,c-sms',
      `GET /api/v2/externalcontacts/contacts/${MERGED_CONTACT_PLACEHOLDER}`,
    ]);
    expect(result.apiCalls).toHaveLength(3 + 2 + 4);
  });

  it('when the session id is not the communication id, then one conversation read per association is planned', () => {
    const result = plan({ sessionIdIsCommunicationId: false });
    expect(result.apiCalls.filter((c) => c.purpose === 'communication_id')).toHaveLength(3);
    expect(result.apiCalls).toHaveLength(2 * 3 + 2 + 4);
  });

  it('when every conversation is already on one contact, then no merge is planned and only the stragglers are associated', () => {
    const list = [
      conversation({ id: 'c-call', channel: 'voice', address: 'tel:+15551234567', contactId: 'k-cur' }),
      conversation({ id: 'c-mail', channel: 'email', address: 'jane@example.com', contactId: 'k-cur' }),
      conversation({ id: 'c-web', channel: 'webmessaging' }),
    ];
    const result = plan({}, { conversations: list, contacts: [janeCurated()] });
    expect(result.mergeRequired).toBe(false);
    expect(result.valueOverride).toEqual({});
    expect(result.associations.map((a) => a.conversationId)).toEqual(['c-web']);
    expect(result.apiCalls.map((c) => c.method)).toEqual(['GET', 'GET', 'PUT', 'GET', 'GET']);
    expect(result.apiCalls.at(-1)!.path).toBe('/api/v2/externalcontacts/contacts/k-cur');
  });

  it('when a problem is an error, then the plan is not valid', () => {
    const result = plan({ missing: new Map([['c-gone', 'purged']]), conversationIds: ['c-call', 'c-mail', 'c-sms', 'c-gone'] });
    expect(result.valid).toBe(false);
    expect(result.problems).toContainEqual({ code: 'purged', severity: 'error', conversationId: 'c-gone', params: {} });
  });
});

describe('plan hash', () => {
  it('when the same plan is built from inputs in another order, then the hash is the same', () => {
    const forward = plan();
    const reversed = plan(
      { conversationIds: ['c-sms', 'c-mail', 'c-call', 'c-sms'] },
      { conversations: conversations().reverse(), contacts: [janeEphemeral(), janeCurated()] },
    );
    expect(reversed.planHash).toBe(forward.planHash);
  });

  it('when a contact\'s modifyDate changes, then the hash changes', () => {
    const changed = janeCurated();
    changed.modifyDate = '2026-11-25T00:00:00.000Z';
    expect(plan({}, { contacts: [changed, janeEphemeral()] }).planHash).not.toBe(plan().planHash);
  });

  it('when a contact joins a merge set, then the hash changes', () => {
    const merged = janeCurated();
    merged.mergeSet = [{ id: 'k-cur' }, { id: 'k-older' }];
    expect(plan({}, { contacts: [merged, janeEphemeral()] }).planHash).not.toBe(plan().planHash);
  });

  it('when the conflict policy changes the override, then the hash changes; when only the clock moves, it does not', () => {
    const base = plan();
    const other = janeEphemeral();
    other.firstName = 'Janet';
    expect(plan({ settings: settings({ conflictPolicy: 'source' }) }, { contacts: [janeCurated(), other] }).planHash)
      .not.toBe(plan({}, { contacts: [janeCurated(), other] }).planHash);
    expect(plan({ now: NOW + 3_600_000 }).planHash).toBe(base.planHash);
  });

  it('when the validation verdict changes, then the hash changes', () => {
    const active = conversations();
    delete active[0]!.conversationEnd;
    expect(plan({}, { conversations: active }).planHash).not.toBe(plan({ settings: settings({ allowActiveConversations: true }) }, { conversations: active }).planHash);
  });

  it('the hash covers exactly what computePlanHash documents', () => {
    const result = plan();
    const { planHash, ...rest } = result;
    expect(computePlanHash(rest)).toBe(planHash);
    expect(computePlanHash({ ...rest, timeline: null, apiCalls: [], anchorConversationId: 'other' })).toBe(planHash);
    expect(computePlanHash({ ...rest, associations: rest.associations.slice(1) })).not.toBe(planHash);
  });
});
