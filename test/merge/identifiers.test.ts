import { describe, expect, it } from 'vitest';
import {
  createIdentityIndex, createNormalizer, emailCaseForms, extractContactIdentifiers, extractConversationIdentifiers, searchKeysFor,
  searchKeysForPerson,
} from '../../server/src/merge/index.js';
import { byId, contact, conversation } from './builders.js';

const normalizer = () => createNormalizer({ defaultCountry: 'US', emailRules: { stripPlusTags: true, ignoreDotsDomains: ['gmail.com'] } });
const keysOf = (ids: Array<{ key: string }>) => ids.map((i) => i.key).sort();

describe('identifiers of a conversation', () => {
  it('when a call comes in, then the customer is the ANI, not the org number it dialled', () => {
    const ids = extractConversationIdentifiers(conversation({ id: 'c1', channel: 'voice', address: 'tel:+15551234567' }), new Map(), normalizer());
    expect(keysOf(ids.identifiers)).toEqual(['phone:+15551234567']);
    expect(ids.identifiers[0]).toMatchObject({ source: 'session', strength: 'strong', channel: 'voice', raw: 'tel:+15551234567' });
    expect(ids.primarySession).toMatchObject({ mediaType: 'voice', channel: 'voice', sessionId: 'c1-s1' });
  });

  it('when the org calls out, then the customer is the dialled number', () => {
    const ids = extractConversationIdentifiers(conversation({ id: 'c1', channel: 'voice', address: 'tel:+15551234567', direction: 'outbound' }), new Map(), normalizer());
    expect(keysOf(ids.identifiers)).toEqual(['phone:+15551234567']);
  });

  it('when SMS and WhatsApp senders write one number differently, then both are the same phone', () => {
    const sms = extractConversationIdentifiers(conversation({ id: 's', channel: 'sms', address: '+15551234567' }), new Map(), normalizer());
    const whatsApp = extractConversationIdentifiers(conversation({ id: 'w', channel: 'whatsapp', address: '15551234567' }), new Map(), normalizer());
    expect(keysOf(sms.identifiers)).toEqual(['phone:+15551234567']);
    expect(keysOf(whatsApp.identifiers)).toEqual(['phone:+15551234567']);
  });

  it('when a web messaging session carries only the org deployment id, then no address is taken from it', () => {
    const web = conversation({ id: 'w', channel: 'webmessaging' });
    web.participants[0]!.sessions[0]!.addressTo = 'deployment-1';
    expect(extractConversationIdentifiers(web, new Map(), normalizer()).identifiers).toEqual([]);
  });

  it('when the participant is linked to a contact, then the contact and its fields are identifiers too', () => {
    const jane = contact({ id: 'k1', first: 'Jane', last: 'Doe' }, {
      cellPhone: { display: '(201) 555-0123' }, personalEmail: 'Jane.Doe@Example.com',
      identifiers: [{ type: 'Cookie', value: 'wm-1' }],
    });
    const ids = extractConversationIdentifiers(conversation({ id: 'e', channel: 'email', address: 'Jane Doe <jane.doe@example.com>', contactId: 'k1' }), byId([jane]), normalizer());
    expect(keysOf(ids.identifiers)).toEqual([
      'email:jane.doe@example.com', 'externalContactId:k1', 'messagingId:cookie:wm-1', 'name:doe jane', 'phone:+12015550123',
    ]);
    expect(ids.identifiers.find((i) => i.key === 'email:jane.doe@example.com')?.source).toBe('session');
    expect(ids.canonicalContactIds).toEqual(['k1']);
  });

  it('when the linked contact was merged away, then it resolves to the canonical contact', () => {
    const old = contact({ id: 'old' }, { mergedTo: { id: 'new' }, canonicalContact: { id: 'new' } });
    const ids = extractConversationIdentifiers(conversation({ id: 'c', channel: 'voice', address: 'tel:+15551234567', contactId: 'old' }), byId([old, contact({ id: 'new' })]), normalizer());
    expect(ids.linkedContactIds).toEqual(['old']);
    expect(ids.canonicalContactIds).toEqual(['new']);
  });

  it('when the caller id is withheld, then there is no phone', () => {
    const ids = extractConversationIdentifiers(conversation({ id: 'c', channel: 'voice', address: 'sip:anonymous@anonymous.invalid' }), new Map(), normalizer());
    expect(ids.identifiers).toEqual([]);
  });
});

describe('identifiers of a contact', () => {
  it('when phones are typed in national formats, then each is read in its own country and home/work lines are marked', () => {
    const ids = extractContactIdentifiers(contact({ id: 'k' }, {
      cellPhone: { display: '020 7946 0958', normalizationCountryCode: 'GB' },
      homePhone: { e164: '+12015550100' },
      workPhone: { display: '201-555-0199 ext. 4' },
    }), normalizer());
    expect(ids.map((i) => [i.key, i.field, i.strength])).toEqual([
      ['phone:+442079460958', 'cellPhone', 'strong'],
      ['phone:+12015550100', 'homePhone', 'strong'],
      ['phone:+12015550199', 'workPhone', 'weak'],
    ]);
  });

  it('when a contact lists identifiers, then each kind maps to its namespace', () => {
    const ids = extractContactIdentifiers(contact({ id: 'k' }, {
      identifiers: [
        { type: 'SocialWhatsapp', value: '447700900123' }, { type: 'SocialFacebook', value: 'fb1' },
        { type: 'Email', value: 'A@B.com' }, { type: 'ExternalId', value: 'crm-1' },
      ],
      externalIds: [{ externalSource: { id: 'crm' }, value: 'C-42' }],
    }), normalizer());
    expect(keysOf(ids)).toEqual(['email:a@b.com', 'externalId:crm:C-42', 'externalId:identifier:crm-1', 'messagingId:facebook:fb1', 'phone:+447700900123']);
  });
});

describe('search keys', () => {
  it('when a phone is searched, then every stored form is listed: tel URI for voice, +E164 for SMS, digits for WhatsApp', () => {
    const keys = searchKeysFor({ type: 'phone', value: '+15551234567' }).map((k) => `${k.dimension}=${k.value}`);
    expect(keys).toEqual([
      'ani=tel:+15551234567', 'dnis=tel:+15551234567', 'addressFrom=+15551234567', 'addressTo=+15551234567',
      'addressFrom=15551234567', 'addressTo=15551234567',
    ]);
  });

  it('when a session stored the number in another form, then that form is searched too', () => {
    const keys = searchKeysFor({ type: 'phone', value: '+15551234567', raw: 'sip:+15551234567@sbc', source: 'session' });
    expect(keys).toContainEqual({ dimension: 'ani', value: 'sip:+15551234567@sbc' });
  });

  it('when an email is searched, then its common letter-case forms, its written form and its mailbox are listed', () => {
    const values = searchKeysFor({ type: 'email', value: 'jane.doe+shop@gmail.com', raw: 'JANE.doe+shop@gmail.com', mailbox: 'janedoe@gmail.com' })
      .filter((k) => k.dimension === 'addressFrom').map((k) => k.value);
    expect(values).toEqual([
      'jane.doe+shop@gmail.com', 'JANE.DOE+SHOP@GMAIL.COM', 'Jane.Doe+Shop@Gmail.Com', 'Jane.Doe+Shop@gmail.com',
      'jane.doe+shop@Gmail.Com', 'janedoe@gmail.com', 'JANE.doe+shop@gmail.com',
    ]);
    expect(emailCaseForms('a@b.com')[0]).toBe('a@b.com');
  });

  it('when a messaging id or contact is searched, then the id is queried as the channel stores it; names never are', () => {
    expect(searchKeysFor({ type: 'messagingId', value: 'cookie:wm-1' })[0]).toEqual({ dimension: 'addressFrom', value: 'wm-1', mediaType: 'message', messageType: 'webmessaging' });
    expect(searchKeysFor({ type: 'externalContactId', value: 'k1' })).toEqual([{ dimension: 'externalContactId', value: 'k1' }]);
    expect(searchKeysFor({ type: 'name', value: 'doe jane' })).toEqual([]);
  });

  it('when a person is searched, then the identifiers reached through contacts and the contacts themselves are queried', () => {
    const jane = contact({ id: 'k1', first: 'Jane', last: 'Doe' }, { personalEmail: 'Jane@Example.com' });
    const index = createIdentityIndex({ contacts: byId([jane]), normalizer: normalizer() });
    const person = index.personOf(conversation({ id: 'c', channel: 'voice', address: 'tel:+15551234567', contactId: 'k1' }));
    const keys = searchKeysForPerson(person).map((k) => `${k.dimension}=${k.value}`);
    expect(keys).toContain('ani=tel:+15551234567');
    expect(keys).toContain('addressFrom=jane@example.com');
    expect(keys).toContain('addressFrom=Jane@Example.com');
    expect(keys).toContain('externalContactId=k1');
  });
});
