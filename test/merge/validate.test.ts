import { describe, expect, it } from 'vitest';
import type { AnalyticsConversation, ExternalContact } from '../../emulator/src/dataset/types.js';
import { MERGE_LIMITS, resultingMergeSetSize, validateSelection, type ValidationInput } from '../../server/src/merge/index.js';
import { byId, contact, conversation, settings } from './builders.js';

const NOW = Date.parse('2026-11-26T12:00:00.000Z');

function validate(conversations: AnalyticsConversation[], contacts: ExternalContact[], extra: Partial<ValidationInput> = {}) {
  return validateSelection({
    anchorConversationId: conversations[0]?.conversationId ?? 'a',
    conversationIds: conversations.map((c) => c.conversationId),
    conversations: byId(conversations),
    contacts: byId(contacts),
    settings: settings(),
    defaultCountry: 'US',
    retentionDays: 180,
    now: NOW,
    ...extra,
  });
}
const jane = () => contact({ id: 'jane', first: 'Jane', last: 'Doe' }, { cellPhone: { e164: '+15551234567' }, personalEmail: 'jane@example.com' });

describe('validation', () => {
  it('when every conversation is Jane\'s by her phone, email and contact, then there is no problem', () => {
    const problems = validate([
      conversation({ id: 'a', channel: 'voice', address: 'tel:+15551234567' }),
      conversation({ id: 'b', channel: 'email', address: 'jane@example.com', contactId: 'jane' }),
      conversation({ id: 'c', channel: 'sms', address: '+15551234567' }),
    ], [jane()]);
    expect(problems).toEqual([]);
  });

  it('when a conversation is older than the retention, purged or unknown, then each gets its reason', () => {
    const old = conversation({ id: 'old', channel: 'voice', address: 'tel:+15551234567', start: '2026-05-01T10:00:00.000Z' });
    const problems = validate([conversation({ id: 'a', channel: 'voice', address: 'tel:+15551234567', contactId: 'jane' }), old], [jane()], {
      conversationIds: ['a', 'old', 'gone', 'never'],
      missing: new Map([['gone', 'purged']]),
    });
    expect(problems).toEqual([
      { code: 'retention_expired', severity: 'error', conversationId: 'old', params: { retentionDays: 180, ageDays: 209 } },
      { code: 'purged', severity: 'error', conversationId: 'gone', params: {} },
      { code: 'not_found', severity: 'error', conversationId: 'never', params: {} },
    ]);
  });

  it('when a conversation has no customer participant, then it is refused', () => {
    const internal = conversation({ id: 'x', channel: 'voice', address: 'tel:+15551234567' });
    internal.participants = internal.participants.filter((p) => p.purpose !== 'customer');
    const problems = validate([conversation({ id: 'a', channel: 'voice', address: 'tel:+15551234567', contactId: 'jane' }), internal], [jane()]);
    expect(problems).toContainEqual({ code: 'no_customer', severity: 'error', conversationId: 'x', params: {} });
  });

  it('when a conversation is still active, then it is refused unless the tenant allows active ones', () => {
    const active = conversation({ id: 'live', channel: 'voice', address: 'tel:+15551234567', end: null });
    const selection = [conversation({ id: 'a', channel: 'email', address: 'jane@example.com', contactId: 'jane' }), active];
    expect(validate(selection, [jane()])).toEqual([{ code: 'conversation_active', severity: 'error', conversationId: 'live', params: {} }]);
    expect(validate(selection, [jane()], { settings: settings({ allowActiveConversations: true }) })).toEqual([]);
  });

  it('when a conversation or its contact lies outside the caller\'s divisions, then it is refused', () => {
    const elsewhere = conversation({ id: 'b', channel: 'sms', address: '+15551234567', divisionIds: ['div-emea'] });
    const problems = validate([conversation({ id: 'a', channel: 'email', address: 'jane@example.com', contactId: 'jane' }), elsewhere], [
      contact({ id: 'jane', first: 'Jane', last: 'Doe', division: 'div-emea' }, { cellPhone: { e164: '+15551234567' }, personalEmail: 'jane@example.com' }),
    ], { allowedDivisionIds: new Set(['div-home']) });
    expect(problems).toEqual([
      { code: 'division_not_allowed', severity: 'error', conversationId: 'a', params: { scope: 'contact' } },
      { code: 'division_not_allowed', severity: 'error', conversationId: 'b', params: { scope: 'conversation' } },
    ]);
  });

  it('when a conversation was merged before, then it is a warning naming the job', () => {
    const problems = validate([
      conversation({ id: 'a', channel: 'email', address: 'jane@example.com', contactId: 'jane' }),
      conversation({ id: 'b', channel: 'sms', address: '+15551234567' }),
    ], [jane()], { alreadyMerged: new Map([['b', { mergedAt: '2026-11-01T00:00:00.000Z', mergedBy: 'u', contactId: 'jane', jobId: 'job-1' }]]) });
    expect(problems).toEqual([{ code: 'already_merged', severity: 'warning', conversationId: 'b', params: { mergedAt: '2026-11-01T00:00:00.000Z', jobId: 'job-1' } }]);
  });

  it('when no conversation is linked to any contact, then there is nothing to consolidate on', () => {
    const problems = validate([
      conversation({ id: 'a', channel: 'voice', address: 'tel:+15551234567' }),
      conversation({ id: 'b', channel: 'sms', address: '+15551234567' }),
    ], []);
    expect(problems).toEqual([{ code: 'too_few_contacts', severity: 'error', conversationId: null, params: { count: 0, min: 1 } }]);
  });

  it('when more than 25 contacts are involved, then the platform limit refuses the merge', () => {
    const contacts = Array.from({ length: 26 }, (_, i) => contact({ id: `k${i}` }, { cellPhone: { e164: '+15551234567' } }));
    const conversations = contacts.map((c, i) => conversation({ id: `c${i}`, channel: 'voice', address: 'tel:+15551234567', contactId: c.id }));
    const problems = validate(conversations, contacts);
    expect(problems).toContainEqual({ code: 'too_many_contacts', severity: 'error', conversationId: null, params: { count: 26, max: MERGE_LIMITS.maxContacts } });
  });

  it('when the merge sets involved and the new contact would exceed 52, then the merge set limit refuses it', () => {
    const members = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}` }));
    const a = contact({ id: 'A', first: 'Jane', last: 'Doe' }, { cellPhone: { e164: '+15551234567' }, mergeSet: [{ id: 'A' }, ...members('a', 30)], canonicalContact: { id: 'A' } });
    const b = contact({ id: 'B', first: 'Jane', last: 'Doe' }, { personalEmail: 'jane@example.com', mergeSet: [{ id: 'B' }, ...members('b', 20)], canonicalContact: { id: 'B' } });
    expect(resultingMergeSetSize(['A', 'B'], byId([a, b]))).toBe(53);
    const problems = validate([
      conversation({ id: 'x', channel: 'voice', address: 'tel:+15551234567', contactId: 'A' }),
      conversation({ id: 'y', channel: 'email', address: 'jane@example.com', contactId: 'B' }),
    ], [a, b]);
    expect(problems).toContainEqual({ code: 'merge_set_too_large', severity: 'error', conversationId: null, params: { size: 53, max: 52 } });
  });

  it('when a selected conversation shares no evidence with the anchor, then continuity refuses it', () => {
    const problems = validate([
      conversation({ id: 'a', channel: 'email', address: 'jane@example.com', contactId: 'jane' }),
      conversation({ id: 'stranger', channel: 'voice', address: 'tel:+15559990000' }),
    ], [jane()]);
    expect(problems).toEqual([{ code: 'no_common_evidence', severity: 'error', conversationId: 'stranger', params: { evidence: 'none' } }]);
  });

  it('when a selected conversation is linked only by a shared household line, then it is a warning the agent may accept', () => {
    const tom = contact({ id: 'tom', first: 'Tom', last: 'Baker' }, { homePhone: { e164: '+15035550123' }, personalEmail: 'tom@example.net' });
    const problems = validate([
      conversation({ id: 'a', channel: 'email', address: 'tom@example.net', contactId: 'tom' }),
      conversation({ id: 'home', channel: 'voice', address: 'tel:+15035550123' }),
    ], [tom]);
    expect(problems).toEqual([{ code: 'no_common_evidence', severity: 'warning', conversationId: 'home', params: { evidence: 'weak' } }]);
  });

  it('when two selected conversations are linked to differently named people, then continuity is in conflict', () => {
    const john = contact({ id: 'john', first: 'John', last: 'Roe' }, { cellPhone: { e164: '+15550001111' } });
    const problems = validate([
      conversation({ id: 'a', channel: 'email', address: 'jane@example.com', contactId: 'jane' }),
      conversation({ id: 'b', channel: 'voice', address: 'tel:+15550001111', contactId: 'john' }),
    ], [jane(), john]);
    expect(problems).toEqual([{ code: 'continuity_conflict', severity: 'error', conversationId: 'b', params: { conflictsWith: 'a' } }]);
  });

  it('when evidence chains through a third conversation, then all three are one person', () => {
    // a (email) → b (linked to Jane, same email) → c (calls from the number on Jane's contact).
    const problems = validate([
      conversation({ id: 'a', channel: 'email', address: 'jane@example.com' }),
      conversation({ id: 'b', channel: 'webmessaging', contactId: 'jane' }),
      conversation({ id: 'c', channel: 'voice', address: 'tel:+15551234567' }),
    ], [jane()]);
    expect(problems).toEqual([]);
  });
});
