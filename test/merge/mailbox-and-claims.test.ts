import { describe, expect, it } from 'vitest';
import {
  contactQueryFor, createNormalizer, deriveOwnership, dotVariantKeys, emailMailbox, scoreCandidates, type Candidate, type ContactInput, type ConversationInput,
} from '../../server/src/merge/index.js';
import { byId, contact, conversation, settings } from './builders.js';

const GMAIL_RULES = { stripPlusTags: true, ignoreDotsDomains: ['gmail.com', 'googlemail.com'] };

function score(anchor: ConversationInput, candidates: ConversationInput[], contactList: ContactInput[], emailRules = GMAIL_RULES): Candidate[] {
  const contacts = byId(contactList);
  const ownership = deriveOwnership({ conversations: [anchor, ...candidates], contacts, normalizer: createNormalizer({ defaultCountry: 'US', emailRules }) });
  return scoreCandidates({ anchor, candidates, contacts, ownership, defaultCountry: 'US', settings: { ...settings(), emailRules } });
}

describe('one mailbox, many written forms', () => {
  it('when an address is a Gmail dot variant, a plus-tagged form or on googlemail.com, then it is the same mailbox under the Gmail rules', () => {
    expect(emailMailbox('jane.doe+shop@googlemail.com', GMAIL_RULES)).toBe('janedoe@gmail.com');
    expect(emailMailbox('j.anedoe@gmail.com', GMAIL_RULES)).toBe('janedoe@gmail.com');
    expect(emailMailbox('jane.doe@googlemail.com', { stripPlusTags: true, ignoreDotsDomains: ['googlemail.com'] })).toBe('janedoe@googlemail.com');
    expect(emailMailbox('jane.doe@example.com', GMAIL_RULES)).toBe('jane.doe@example.com');
  });

  it('when the customer\'s contact holds the plain address and another contact a tagged form, then conversations linked to either are selected', () => {
    const jane = contact({ id: 'jane', first: 'Jane', last: 'Doe' }, { personalEmail: 'jane.doe@gmail.com', cellPhone: { e164: '+15551234567' } });
    const tagged = contact({ id: 'eph', type: 'Ephemeral' }, { personalEmail: 'JaneDoe+Shop@GoogleMail.com' });
    const anchor = conversation({ id: 'call', channel: 'voice', address: 'tel:+15551234567', contactId: 'jane' });
    const chat = conversation({ id: 'chat', channel: 'webmessaging', address: 'cookie-1', contactId: 'eph' });
    const result = score(anchor, [chat], [jane, tagged]);
    expect(result[0]).toMatchObject({ conversationId: 'chat', selected: true });
    // Without the Gmail rules the tagged googlemail address is another mailbox: nothing links them.
    const strict = score(anchor, [chat], [jane, tagged], { stripPlusTags: false, ignoreDotsDomains: [] });
    expect(strict[0]).toMatchObject({ selected: false });
  });

  it('when a named contact records a fixed line as its own phone and again in identifiers[], then the claim still counts', () => {
    const emma = contact({ id: 'emma', first: 'Emma', last: 'Stone' }, {
      otherPhone: { e164: '+442079460958', display: '020 7946 0958' },
      identifiers: [{ type: 'Phone', value: '+442079460958' }],
    });
    const anchor = conversation({ id: 'a', channel: 'voice', address: 'tel:+442079460958' });
    const result = score(anchor, [conversation({ id: 'b', channel: 'voice', address: 'tel:+442079460958' })], [emma]);
    expect(result[0]).toMatchObject({ selected: true });
  });
});

describe('contact keyword queries', () => {
  it('when a phone is asked for, then its national significant number is the query', () => {
    expect(contactQueryFor('phone:+17204444980', GMAIL_RULES)).toBe('7204444980');
    expect(contactQueryFor('phone:+442079460958', GMAIL_RULES)).toBe('2079460958');
  });

  it('when an email is asked for, then its untagged local part is the query, only while plus-tags are stripped', () => {
    expect(contactQueryFor('email:betty.gomez+news@gmail.com', GMAIL_RULES)).toBe('betty.gomez');
    expect(contactQueryFor('email:betty.gomez@gmail.com', { stripPlusTags: false })).toBeNull();
    expect(contactQueryFor('email:jo@x.com', GMAIL_RULES)).toBeNull();
    expect(contactQueryFor('messagingId:cookie:abc', GMAIL_RULES)).toBeNull();
  });

  it('when a Gmail address is searched, then every form one dot away is queried as sender and recipient; other domains get none', () => {
    const values = dotVariantKeys('F.Laurent+x@gmail.com', GMAIL_RULES.ignoreDotsDomains).filter((k) => k.dimension === 'addressFrom').map((k) => k.value);
    expect(values).toEqual([
      'flaurent@gmail.com', 'f.laurent@gmail.com', 'fl.aurent@gmail.com', 'fla.urent@gmail.com', 'flau.rent@gmail.com',
      'flaur.ent@gmail.com', 'flaure.nt@gmail.com', 'flauren.t@gmail.com',
    ]);
    expect(dotVariantKeys('f.laurent@example.com', GMAIL_RULES.ignoreDotsDomains)).toEqual([]);
    expect(dotVariantKeys(`${'a'.repeat(30)}@gmail.com`, GMAIL_RULES.ignoreDotsDomains)).toEqual([]);
  });
});
