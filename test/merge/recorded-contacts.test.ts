import { describe, expect, it } from 'vitest';
import type { ExternalContact } from '../../emulator/src/dataset/types.js';
import {
  createNormalizer, deriveOwnership, scoreCandidates, type Candidate, type ContactInput, type ConversationInput,
} from '../../server/src/merge/index.js';
import { byId, contact, conversation, settings } from './builders.js';

const RULES = { stripPlusTags: true, ignoreDotsDomains: ['gmail.com'] };

function score(anchor: ConversationInput, candidates: ConversationInput[], contactList: ContactInput[]): Candidate[] {
  const contacts = byId(contactList);
  const ownership = deriveOwnership({ conversations: [anchor, ...candidates], contacts, normalizer: createNormalizer({ defaultCountry: 'US', emailRules: RULES }) });
  return scoreCandidates({ anchor, candidates, contacts, ownership, defaultCountry: 'US', settings: { ...settings(), emailRules: RULES } });
}
const find = (candidates: Candidate[], id: string) => candidates.find((c) => c.conversationId === id)!;

/** A curated contact created at `created` (an agent recording the caller), holding `extra`. */
const curated = (id: string, first: string, created: string, extra: Partial<ExternalContact> = {}): ContactInput =>
  ({ ...contact({ id, first, last: 'Green' }, extra), createDate: created });

describe('contacts an agent recorded during a conversation', () => {
  // The Greens' landline is on both members' contacts as their home phone: a shared line.
  const landline = { homePhone: { e164: '+15415550199' } };
  const robert = curated('robert', 'Robert', '2026-10-01T09:00:00.000Z', { ...landline, cellPhone: { e164: '+15415550111' } });

  it('when an agent created a curated contact during a call from a shared line, then that call is linked to its person, not through the line', () => {
    const mary = curated('mary', 'Mary', '2026-11-20T10:02:00.000Z', { ...landline, personalEmail: 'mary.green@example.org' });
    const call = conversation({ id: 'call', channel: 'voice', address: 'tel:+15415550199', contactId: 'mary', start: '2026-11-20T10:00:00.000Z' });
    const email = conversation({ id: 'email', channel: 'email', address: 'mary.green@example.org', contactId: 'mary', start: '2026-11-21T10:00:00.000Z' });
    const robertsCall = conversation({ id: 'robert-call', channel: 'voice', address: 'tel:+15415550199', contactId: 'robert', start: '2026-11-19T10:00:00.000Z' });
    const result = score(call, [email, robertsCall], [mary, robert]);
    expect(find(result, 'email')).toMatchObject({ selected: true });
    expect(find(result, 'robert-call')).toMatchObject({ selected: false });
  });

  it('when the curated contact existed before the call and was the line\'s only settled holder, then the link is still only the line\'s', () => {
    const mary = { ...curated('mary', 'Mary', '2026-11-01T10:00:00.000Z', { ...landline, personalEmail: 'mary.green@example.org' }), modifyDate: '2026-11-01T10:00:00.000Z' };
    // Robert's record changed after the call: at the call, resolution may have seen Mary's alone.
    const robertLater = { ...robert, modifyDate: '2026-11-24T10:00:00.000Z' };
    const call = conversation({ id: 'call', channel: 'voice', address: 'tel:+15415550199', contactId: 'mary', start: '2026-11-20T10:00:00.000Z' });
    const email = conversation({ id: 'email', channel: 'email', address: 'mary.green@example.org', contactId: 'mary', start: '2026-11-21T10:00:00.000Z' });
    expect(find(score(call, [email], [mary, robertLater]), 'email')).toMatchObject({ selected: false });
  });

  it('when an agent recorded the caller of a mobile on a contact with a mistyped number, then the mobile joins that person', () => {
    // Mary's contact carries her email and a typo of her mobile; her calls are linked to the
    // nameless contact Genesys made from the number, except the one the agent recorded her in.
    const mary = curated('mary', 'Mary', '2026-11-02T19:47:00.000Z', { personalEmail: 'mary.green@example.org', cellPhone: { e164: '+15415550133' } });
    const nameless = { ...contact({ id: 'eph', type: 'Identified' }, { otherPhone: { e164: '+15415550122' } }) };
    const email = conversation({ id: 'email', channel: 'email', address: 'mary.green@example.org', contactId: 'mary', start: '2026-11-10T10:00:00.000Z' });
    const recorded = conversation({ id: 'recorded', channel: 'voice', address: 'tel:+15415550122', contactId: 'mary', start: '2026-11-02T19:45:00.000Z' });
    const later = conversation({ id: 'later', channel: 'voice', address: 'tel:+15415550122', contactId: 'eph', start: '2026-11-22T15:41:00.000Z' });
    const result = score(email, [recorded, later], [mary, nameless]);
    expect(find(result, 'recorded')).toMatchObject({ selected: true });
    expect(find(result, 'later')).toMatchObject({ selected: true });
    // Listed under a person's caller name (her own here), the line may be a household's landline: the recording bridges nothing.
    const listed = [
      conversation({ id: 'recorded', channel: 'voice', address: 'tel:+15415550122', contactId: 'mary', start: '2026-11-02T19:45:00.000Z', participantName: 'GREEN MARY' }),
      conversation({ id: 'later', channel: 'voice', address: 'tel:+15415550122', contactId: 'eph', start: '2026-11-22T15:41:00.000Z', participantName: 'GREEN MARY' }),
    ];
    expect(find(score(email, listed, [mary, nameless]), 'later')).toMatchObject({ selected: false });
  });

  it('when two contacts already held the shared line before the call, then its link to one of them is an agent\'s association and counts', () => {
    // Resolution links a call only to the one contact holding its number: with two, the link was made by hand.
    const settled = (modified: string) => ({ ...curated('mary', 'Mary', '2026-09-01T10:00:00.000Z', { ...landline, personalEmail: 'mary.green@example.org' }), modifyDate: modified });
    const robertBefore = { ...robert, modifyDate: '2026-10-01T09:00:00.000Z' };
    const call = conversation({ id: 'call', channel: 'voice', address: 'tel:+15415550199', contactId: 'mary', start: '2026-11-20T10:00:00.000Z' });
    const email = conversation({ id: 'email', channel: 'email', address: 'mary.green@example.org', contactId: 'mary', start: '2026-11-21T10:00:00.000Z' });
    expect(find(score(call, [email], [settled('2026-09-01T10:00:00.000Z'), robertBefore]), 'email')).toMatchObject({ selected: true });
    // Mary's record changed after the call: the line may have been added then, so resolution may have made the link.
    expect(find(score(call, [email], [settled('2026-11-22T10:00:00.000Z'), robertBefore]), 'email')).toMatchObject({ selected: false });
  });
});
