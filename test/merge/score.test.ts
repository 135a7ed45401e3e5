import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../emulator/src/dataset/types.js';
import {
  createNormalizer, deriveOwnership, scoreCandidates, type Candidate, type ContactInput, type ConversationInput, type OwnershipFacts,
} from '../../server/src/merge/index.js';
import { byId, contact, conversation, settings } from './builders.js';

function score(input: {
  anchor: ConversationInput;
  candidates: ConversationInput[];
  contacts?: ContactInput[];
  ownership?: OwnershipFacts;
  threshold?: number;
  stripPlusTags?: boolean;
  alreadyMerged?: Parameters<typeof scoreCandidates>[0]['alreadyMerged'];
}): Candidate[] {
  const contacts = byId(input.contacts ?? []);
  const emailRules = { stripPlusTags: input.stripPlusTags ?? true, ignoreDotsDomains: ['gmail.com'] };
  const ownership = input.ownership ?? deriveOwnership({
    conversations: [input.anchor, ...input.candidates], contacts, normalizer: createNormalizer({ defaultCountry: 'US', emailRules }),
  });
  return scoreCandidates({
    anchor: input.anchor, candidates: input.candidates, contacts, ownership, defaultCountry: 'US',
    alreadyMerged: input.alreadyMerged,
    settings: { ...settings({ threshold: input.threshold ?? 0.7 }), emailRules },
  });
}
const find = (candidates: Candidate[], id: string) => candidates.find((c) => c.conversationId === id)!;
const codes = (candidate: Candidate) => candidate.reasons.map((r) => r.code);

describe('candidate scoring', () => {
  it('when two conversations are linked to the same contact, then the other is auto-selected with same_contact', () => {
    const jane = contact({ id: 'k1', first: 'Jane', last: 'Doe' }, { personalEmail: 'jane@example.com' });
    const [candidate] = score({
      anchor: conversation({ id: 'a', channel: 'email', address: 'jane@example.com', contactId: 'k1' }),
      candidates: [conversation({ id: 'b', channel: 'webmessaging', contactId: 'k1', start: '2026-11-19T10:00:00.000Z' })],
      contacts: [jane],
    });
    expect(candidate).toMatchObject({ conversationId: 'b', selected: true, channel: 'webmessaging', alreadyMerged: null });
    expect(codes(candidate!)).toContain('same_contact');
    expect(candidate!.score).toBeGreaterThanOrEqual(0.9);
  });

  it('when one personal number is written differently by voice, SMS and WhatsApp, then all are matched by phone_match', () => {
    const result = score({
      anchor: conversation({ id: 'a', channel: 'voice', address: 'tel:+15551234567' }),
      candidates: [
        conversation({ id: 'sms', channel: 'sms', address: '+15551234567' }),
        conversation({ id: 'wa', channel: 'whatsapp', address: '15551234567' }),
        conversation({ id: 'other', channel: 'voice', address: 'tel:+15559999999' }),
      ],
    });
    expect(find(result, 'sms')).toMatchObject({ selected: true, maskedAddress: '•••• 4567' });
    expect(find(result, 'wa').selected).toBe(true);
    expect(codes(find(result, 'sms'))[0]).toBe('phone_match');
    expect(find(result, 'other')).toMatchObject({ selected: false, score: 0, reasons: [] });
  });

  it('when a household line is recorded on two people\'s contacts, then a call from it is shown as shared but not auto-selected', () => {
    const tom = contact({ id: 'tom', first: 'Tom', last: 'Baker' }, { homePhone: { e164: '+15035550123' }, personalEmail: 'tom@example.net' });
    const linda = contact({ id: 'linda', first: 'Linda', last: 'Baker' }, { homePhone: { e164: '+15035550123' }, cellPhone: { e164: '+15035550177' } });
    const result = score({
      anchor: conversation({ id: 'a', channel: 'email', address: 'tom@example.net', contactId: 'tom' }),
      candidates: [
        conversation({ id: 'home', channel: 'voice', address: 'tel:+15035550123' }),
        conversation({ id: 'linda-call', channel: 'voice', address: 'tel:+15035550123', contactId: 'linda' }),
      ],
      contacts: [tom, linda],
    });
    expect(find(result, 'home')).toMatchObject({ selected: false });
    expect(codes(find(result, 'home'))).toContain('shared_identifier');
    expect(find(result, 'home').score).toBeLessThan(0.5);
    expect(find(result, 'linda-call').selected).toBe(false);
    expect(codes(find(result, 'linda-call'))).toContain('conflicting_identifier');
  });

  it('when a number is seen with two different people\'s names, then it is shared even in a cell phone field', () => {
    const anchor = conversation({ id: 'a', channel: 'voice', address: 'tel:+15551110000' });
    const result = score({
      anchor,
      candidates: [conversation({ id: 'b', channel: 'sms', address: '+15551110000' })],
      ownership: new Map([['phone:+15551110000', { contactIds: ['x', 'y'], names: ['Ann Lee', 'Bob Lee'] }]]),
    });
    expect(result[0]).toMatchObject({ selected: false });
    expect(codes(result[0]!)).toEqual(['shared_identifier', 'time_proximity']);
  });

  it('when calls from a number carry a business\'s caller name, then the number is a company line and does not select', () => {
    const result = score({
      anchor: conversation({ id: 'a', channel: 'voice', address: 'tel:+14157006505', participantName: 'MERIDIAN LABS' }),
      candidates: [conversation({ id: 'b', channel: 'voice', address: 'tel:+14157006505', participantName: 'MERIDIAN LABS' })],
    });
    expect(result[0]).toMatchObject({ selected: false });
    expect(codes(result[0]!)).toContain('shared_identifier');
  });

  it('when a household subscriber\'s caller name differs from the contact using the line, then the line is shared', () => {
    const alice = contact({ id: 'alice', first: 'Alice', last: 'Smith' }, { otherPhone: { e164: '+15035550199' } });
    const result = score({
      anchor: conversation({ id: 'a', channel: 'voice', address: 'tel:+15035550199', contactId: 'alice', participantName: 'SMITH JOHN' }),
      candidates: [conversation({ id: 'b', channel: 'voice', address: 'tel:+15035550199', participantName: 'SMITH JOHN' })],
      contacts: [alice],
    });
    expect(result[0]).toMatchObject({ selected: false });
  });

  describe('a US number whose caller name is a person\'s, with only a nameless contact (a household landline or a listed mobile)', () => {
    const line = '+12156380022';
    const calls = () => ({
      anchor: conversation({ id: 'a', channel: 'voice', address: `tel:${line}`, contactId: 'auto', participantName: 'KING JOHN' }),
      candidates: [conversation({ id: 'b', channel: 'voice', address: `tel:${line}`, contactId: 'auto', participantName: 'KING JOHN', start: '2026-11-19T10:00:00.000Z' })],
      contacts: [contact({ id: 'auto', type: 'Identified' }, { otherPhone: { e164: line } })],
    });
    const withFacts = (extra: { lineKind?: 'fixed' | 'mobile'; texted?: boolean }) => {
      const input = calls();
      const contacts = byId(input.contacts);
      const normalizer = createNormalizer({ defaultCountry: 'US', emailRules: { stripPlusTags: true, ignoreDotsDomains: [] } });
      const derived = deriveOwnership({
        conversations: [input.anchor, ...input.candidates], contacts, normalizer,
        ...(extra.lineKind ? { lineKinds: new Map([[`phone:${line}`, extra.lineKind]]) } : {}),
      });
      const fact = derived.get(`phone:${line}`)!;
      return { ...input, ownership: new Map([...derived, [`phone:${line}`, { ...fact, ...(extra.texted ? { texted: true } : {}) }]]) };
    };

    it('when nothing tells its kind, then it may be a household\'s: shown as shared, not auto-selected', () => {
      const [candidate] = score(calls());
      expect(candidate).toMatchObject({ conversationId: 'b', selected: false });
      expect(codes(candidate!)).toContain('shared_identifier');
    });

    it('when the carrier lookup says mobile, then it is a person\'s and the call is auto-selected', () => {
      const [candidate] = score(withFacts({ lineKind: 'mobile' }));
      expect(candidate).toMatchObject({ selected: true });
      expect(codes(candidate!)).toContain('phone_match');
    });

    it('when the carrier lookup says landline, then it stays a place\'s line', () => {
      expect(score(withFacts({ lineKind: 'fixed' }))[0]).toMatchObject({ selected: false });
    });

    it('when the number has texted (SMS or WhatsApp), then it is a mobile and the call is auto-selected', () => {
      expect(score(withFacts({ texted: true }))[0]).toMatchObject({ selected: true });
    });

    it('when an SMS from the number is among the conversations, then the texting is derived from it', () => {
      const input = calls();
      const sms = conversation({ id: 'c', channel: 'sms', address: line, start: '2026-11-19T11:00:00.000Z' });
      const result = score({ ...input, candidates: [...input.candidates, sms] });
      expect(find(result, 'b').selected).toBe(true);
    });

    it('when a named contact records it as their cell phone, then it is theirs', () => {
      const input = calls();
      const john = contact({ id: 'john', first: 'John', last: 'King' }, { cellPhone: { e164: line } });
      expect(score({ ...input, contacts: [...input.contacts, john] })[0]).toMatchObject({ selected: true });
    });

    it('when the caller name names no one (WIRELESS CALLER), then the number is not a listed line and is a person\'s', () => {
      const input = calls();
      const rename = (c: ConversationInput) => conversation({ id: c.conversationId!, channel: 'voice', address: `tel:${line}`, contactId: 'auto', participantName: 'WIRELESS CALLER', start: c.conversationStart! });
      expect(score({ ...input, anchor: rename(input.anchor), candidates: input.candidates.map(rename) })[0]).toMatchObject({ selected: true });
    });
  });

  it('when a company switchboard call was linked through the switchboard to one employee\'s contact, then the link does not select', () => {
    const angela = contact({ id: 'angela', first: 'Angela', last: 'Gonzalez' }, { workPhone: { e164: '+17189997154' }, personalEmail: 'angela@aol.com' });
    const result = score({
      anchor: conversation({ id: 'a', channel: 'email', address: 'angela@aol.com', contactId: 'angela' }),
      candidates: [conversation({ id: 'switchboard', channel: 'voice', address: 'tel:+17189997154', contactId: 'angela' })],
      contacts: [angela],
    });
    expect(result[0]).toMatchObject({ selected: false });
    expect(codes(result[0]!)).not.toContain('same_contact');
  });

  it('when a fixed line (by the numbering plan) is the only link, then it is a place\'s line unless a named contact claims it', () => {
    const anchor = conversation({ id: 'a', channel: 'voice', address: 'tel:+442079460958' });
    const candidates = [conversation({ id: 'b', channel: 'voice', address: 'tel:+442079460958' })];
    const unclaimed = score({ anchor, candidates });
    expect(unclaimed[0]).toMatchObject({ selected: false });
    expect(codes(unclaimed[0]!)).toContain('shared_identifier');
    const emma = contact({ id: 'emma', first: 'Emma', last: 'Stone' }, { otherPhone: { display: '020 7946 0958', normalizationCountryCode: 'GB' } });
    const claimed = score({ anchor, candidates, contacts: [emma] });
    expect(claimed[0]).toMatchObject({ selected: true });
    // A UK mobile needs no claim.
    const mobile = score({
      anchor: conversation({ id: 'a', channel: 'voice', address: 'tel:+447700900123' }),
      candidates: [conversation({ id: 'b', channel: 'voice', address: 'tel:+447700900123' })],
    });
    expect(mobile[0]).toMatchObject({ selected: true });
  });

  it('when a call from a number was attributed to an existing contact that does not know it, then the number is contested', () => {
    const holder = contact({ id: 'eph', type: 'Identified', modifyDate: '2026-10-01T00:00:00.000Z' }, { otherPhone: { e164: '+15550004444' } });
    const other = contact({ id: 'pat', type: 'Identified', modifyDate: '2026-10-01T00:00:00.000Z' }, { cellPhone: { e164: '+15550005555' } });
    const result = score({
      anchor: conversation({ id: 'a', channel: 'voice', address: 'tel:+15550004444', contactId: 'eph' }),
      candidates: [
        conversation({ id: 'b', channel: 'voice', address: 'tel:+15550004444', contactId: 'eph' }),
        conversation({ id: 'c', channel: 'voice', address: 'tel:+15550004444', contactId: 'pat', start: '2026-11-18T10:00:00.000Z' }),
      ],
      contacts: [holder, other],
    });
    expect(result.every((c) => !c.selected)).toBe(true);
    expect(codes(find(result, 'b'))).toContain('shared_identifier');
  });

  it('when an agent typed the customer\'s email with a typo, then the typo does not match the real address', () => {
    const jane = contact({ id: 'k1', first: 'Jane', last: 'Doe' }, { personalEmail: 'jnae.doe@example.com' });
    const result = score({
      anchor: conversation({ id: 'a', channel: 'voice', address: 'tel:+15551234567', contactId: 'k1' }),
      candidates: [conversation({ id: 'mail', channel: 'email', address: 'jane.doe@example.com' })],
      contacts: [jane],
    });
    expect(result[0]).toMatchObject({ selected: false, reasons: [] });
  });

  it('when the customer writes from a plus-tagged address, then it matches only while plus-tags are stripped', () => {
    const anchor = conversation({ id: 'a', channel: 'email', address: 'jane@example.com' });
    const candidates = [conversation({ id: 'b', channel: 'email', address: 'Jane+shop@Example.com' })];
    const stripped = score({ anchor, candidates });
    expect(stripped[0]).toMatchObject({ selected: true });
    expect(codes(stripped[0]!)[0]).toBe('email_variant_match');
    expect(score({ anchor, candidates, stripPlusTags: false })[0]).toMatchObject({ selected: false, reasons: [] });
  });

  it('when only the name matches, then the candidate is shown with name_match and never auto-selected', () => {
    const result = score({
      anchor: conversation({ id: 'a', channel: 'email', address: 'jane@example.com', participantName: 'Jane Doe' }),
      candidates: [conversation({ id: 'b', channel: 'webmessaging', participantName: 'Doe, Jane' })],
      threshold: 0,
    });
    expect(codes(result[0]!)).toContain('name_match');
    expect(result[0]!.selected).toBe(false);
  });

  it('when a candidate shares the email but is linked to a differently named person\'s contact, then the conflict blocks selection', () => {
    const jane = contact({ id: 'jane', first: 'Jane', last: 'Doe' }, { personalEmail: 'family@example.com' });
    const john = contact({ id: 'john', first: 'John', last: 'Roe' }, { cellPhone: { e164: '+15550001111' } });
    const result = score({
      anchor: conversation({ id: 'a', channel: 'email', address: 'family@example.com', contactId: 'jane' }),
      candidates: [conversation({ id: 'b', channel: 'email', address: 'family@example.com', contactId: 'john' })],
      contacts: [jane, john],
      // What identifier lookups told the engine: only Jane's contact holds the address.
      ownership: new Map([['email:family@example.com', { contactIds: ['jane'], names: ['Jane Doe'] }]]),
    });
    expect(codes(result[0]!)).toEqual(['email_match', 'conflicting_identifier', 'time_proximity']);
    expect(result[0]!.selected).toBe(false);
    expect(result[0]!.score).toBeLessThan(0.5);
  });

  it('when the engine saw the address used by two differently named contacts, then it is shared, not personal', () => {
    const jane = contact({ id: 'jane', first: 'Jane', last: 'Doe' }, { personalEmail: 'family@example.com' });
    const john = contact({ id: 'john', first: 'John', last: 'Roe' });
    const result = score({
      anchor: conversation({ id: 'a', channel: 'email', address: 'family@example.com', contactId: 'jane' }),
      candidates: [conversation({ id: 'b', channel: 'email', address: 'family@example.com', contactId: 'john' })],
      contacts: [jane, john],
    });
    expect(codes(result[0]!)).toContain('shared_identifier');
    expect(result[0]!.selected).toBe(false);
  });

  it('when contacts carry different ids from the same external system, then they are different people', () => {
    const a = contact({ id: 'a1' }, { cellPhone: { e164: '+15550002222' }, externalIds: [{ externalSource: { id: 'crm' }, value: 'C-1' }] });
    const b = contact({ id: 'b1' }, { externalIds: [{ externalSource: { id: 'crm' }, value: 'C-2' }] });
    const result = score({
      anchor: conversation({ id: 'a', channel: 'voice', address: 'tel:+15550002222', contactId: 'a1' }),
      candidates: [conversation({ id: 'b', channel: 'sms', address: '+15550002222', contactId: 'b1' })],
      contacts: [a, b],
      ownership: new Map([['phone:+15550002222', { contactIds: ['a1'], names: [] }]]),
    });
    expect(codes(result[0]!)).toContain('conflicting_identifier');
    expect(result[0]!.selected).toBe(false);
  });

  it('when the candidate\'s number is recorded on the anchor customer\'s contact, then it matches by contact_identifier_match', () => {
    const jane = contact({ id: 'k1', first: 'Jane', last: 'Doe' }, { cellPhone: { display: '(201) 555-0123' } });
    const result = score({
      anchor: conversation({ id: 'a', channel: 'email', address: 'jane@example.com', contactId: 'k1' }),
      candidates: [conversation({ id: 'b', channel: 'whatsapp', address: '12015550123' })],
      contacts: [jane],
    });
    expect(result[0]).toMatchObject({ selected: true });
    expect(codes(result[0]!)[0]).toBe('contact_identifier_match');
  });

  it('when a conversation was already merged by us, then it is marked and not auto-selected', () => {
    const marker = { mergedAt: '2026-11-01T00:00:00.000Z', mergedBy: 'u1', contactId: 'k9', jobId: 'j1' };
    const result = score({
      anchor: conversation({ id: 'a', channel: 'voice', address: 'tel:+15551234567' }),
      candidates: [conversation({ id: 'b', channel: 'voice', address: 'tel:+15551234567' })],
      alreadyMerged: new Map([['b', marker]]),
    });
    expect(result[0]).toMatchObject({ alreadyMerged: marker, selected: false });
    expect(result[0]!.score).toBeGreaterThan(0.8);
  });

  it('when the threshold is above a single match, then strong evidence alone is not enough', () => {
    const result = score({
      anchor: conversation({ id: 'a', channel: 'voice', address: 'tel:+15551234567' }),
      candidates: [conversation({ id: 'b', channel: 'voice', address: 'tel:+15551234567', start: '2026-10-01T10:00:00.000Z' })],
      threshold: 0.95,
    });
    expect(result[0]).toMatchObject({ selected: false });
    expect(result[0]!.score).toBeLessThan(0.95);
  });

  it('when candidates come in another order or twice, then the result is the same, the anchor excluded', () => {
    const anchor = conversation({ id: 'a', channel: 'voice', address: 'tel:+15551234567' });
    const candidates = [
      conversation({ id: 'b', channel: 'sms', address: '+15551234567', start: '2026-11-19T10:00:00.000Z' }),
      conversation({ id: 'c', channel: 'voice', address: 'tel:+15551234567', start: '2026-11-01T10:00:00.000Z' }),
      conversation({ id: 'd', channel: 'email', address: 'x@example.com' }),
    ];
    const forward = score({ anchor, candidates: [anchor, ...candidates] });
    const backward = score({ anchor, candidates: [...candidates].reverse().concat(candidates) });
    expect(backward).toEqual(forward);
    expect(forward.map((c) => c.conversationId)).toEqual(['b', 'c', 'd']);
  });
});

describe('candidate scoring on the demo dataset', () => {
  const dataset = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../emulator/data/demo-dataset.json'), 'utf8')) as Dataset;
  const contacts = new Map(dataset.externalContacts.map((c) => [c.id, c]));
  const byConversation = new Map(dataset.conversations.map((c) => [c.conversationId, c]));
  const id = (suffix: string) => `7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e${suffix}`;
  const run = (anchorSuffix: string) => {
    const anchor = byConversation.get(id(anchorSuffix))!;
    const candidates = dataset.conversations.filter((c) => c !== anchor && !dataset.purged.includes(c.conversationId));
    const normalizer = createNormalizer({ defaultCountry: dataset.org.defaultCountry, emailRules: settings().emailRules });
    return scoreCandidates({
      anchor, candidates, contacts, defaultCountry: dataset.org.defaultCountry, settings: settings(),
      ownership: deriveOwnership({ conversations: dataset.conversations, contacts, normalizer }),
    });
  };
  const selected = (result: Candidate[]) => result.filter((c) => c.selected).map((c) => c.conversationId).sort();

  it('when Jane calls from her mobile, then her call, web chat and email are selected and nobody else\'s', () => {
    expect(selected(run('4004'))).toEqual([id('4001'), id('4002'), id('4003')]);
  });

  it('when Tom emails, then calls from the shared home line are only shown as shared, and Linda\'s are not selected', () => {
    const result = run('4022');
    expect(selected(result)).toEqual([]);
    // 4021 is linked to Tom's contact, but through the home line both Bakers' contacts record:
    // the link may be identity resolution's, so it does not select on its own.
    for (const home of ['4021', '4023']) {
      expect(find(result, id(home))).toMatchObject({ selected: false });
      expect(codes(find(result, id(home)))).toContain('shared_identifier');
    }
    for (const linda of ['4024', '4025', '4026']) expect(find(result, id(linda)).selected).toBe(false);
    // Linda's call from the home line is linked to Linda's contact: another person's record.
    expect(codes(find(result, id('4024')))).toContain('conflicting_identifier');
  });

  it('when Priya\'s contacts were already merged, then conversations on any member resolve to one person', () => {
    expect(selected(run('4033'))).toEqual([id('4031'), id('4032')]);
  });

  it('when Carlos writes on WhatsApp, then his SMS and call from the same number are selected', () => {
    expect(selected(run('4011'))).toEqual([id('4012'), id('4013'), id('4014')]);
  });

  it('selection is a function of the selected customer only: every selected pair has the same truth', () => {
    for (const anchor of dataset.conversations) {
      if (dataset.purged.includes(anchor.conversationId)) continue;
      for (const chosen of selected(run(anchor.conversationId.slice(-4)))) {
        expect(dataset.truth[chosen]).toBe(dataset.truth[anchor.conversationId]);
      }
    }
  });
});
