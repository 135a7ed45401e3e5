import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../emulator/src/dataset/types.js';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { WITHHELD_ANI } from '../../emulator/src/generator/index.js';
import { customerSession, customerSide, generate, groupSets, hasAgent, kindOf, ofKind, segmentsOf } from './helpers.js';

const typedPhones = (dataset: Dataset) =>
  dataset.externalContacts
    .filter((c) => c.type === 'Curated')
    .flatMap((c) => [c.cellPhone, c.homePhone, c.workPhone, c.otherPhone])
    .filter((p): p is NonNullable<typeof p> => !!p?.userInput);

describe('generated identifiers take the forms channels and people give them', () => {
  const dataset = generate({ curatedContactRate: 0.5 });

  it('when a customer calls, then the ANI is tel:+E164 (or the withheld URI) and the DNIS is one of the org lines', () => {
    const calls = ofKind(dataset, 'voice', 'inbound');
    expect(calls.length).toBeGreaterThan(100);
    for (const call of calls) {
      const session = customerSession(call)!;
      expect(session.ani === WITHHELD_ANI || /^tel:\+[1-9]\d{7,14}$/.test(session.ani!)).toBe(true);
    }
    expect(new Set(calls.map((c) => customerSession(c)!.dnis)).size).toBeLessThanOrEqual(2);
  });

  it('when a US number calls, then the carrier\'s caller name (at most 15 capitals) is the same on every call from it', () => {
    const names = groupSets(ofKind(dataset, 'voice', 'inbound')
      .filter((c) => customerSession(c)!.ani!.startsWith('tel:+1'))
      .map((c) => [customerSession(c)!.ani!, customerSide(c)!.participantName ?? ''] as const));
    for (const [, perNumber] of names) {
      expect(perNumber.size).toBe(1);
      expect([...perNumber][0]).toMatch(/^[A-Z0-9 .'-]{1,15}$/);
    }
    expect([...names.values()].some((perNumber) => perNumber.has('WIRELESS CALLER'))).toBe(true);
  });

  it('when the contact centre calls out, then the customer is the called party of an external participant', () => {
    const callbacks = ofKind(dataset, 'voice', 'outbound');
    expect(callbacks.length).toBeGreaterThan(0);
    for (const call of callbacks) {
      expect(customerSide(call)!.purpose).toBe('external');
      expect(customerSession(call)!.dnis).toMatch(/^tel:\+\d+$/);
    }
  });

  it('when customers text, then SMS senders are +E164 and WhatsApp senders are digits without a plus', () => {
    const sms = ofKind(dataset, 'sms');
    const whatsapp = ofKind(dataset, 'whatsapp');
    expect(sms.length).toBeGreaterThan(10);
    expect(whatsapp.length).toBeGreaterThan(10);
    for (const c of sms) expect(customerSession(c)!.addressFrom).toMatch(/^\+[1-9]\d{7,14}$/);
    for (const c of whatsapp) expect(customerSession(c)!.addressFrom).toMatch(/^[1-9]\d{7,14}$/);
  });

  it('when agents type phones, then they use national formats with separators and e164 is only sometimes stored', () => {
    const phones = typedPhones(dataset);
    expect(phones.length).toBeGreaterThan(100);
    expect(phones.some((p) => /^\(\d{3}\) \d{3}-\d{4}$/.test(p.userInput!))).toBe(true);
    expect(phones.some((p) => /^\d{3}-\d{3}-\d{4}$/.test(p.userInput!))).toBe(true);
    expect(phones.some((p) => /^\d{10}$/.test(p.userInput!))).toBe(true);
    expect(phones.some((p) => p.e164)).toBe(true);
    expect(phones.some((p) => !p.e164)).toBe(true);
    for (const phone of phones.filter((p) => p.e164)) {
      expect(parsePhoneNumberFromString(phone.userInput!, 'US')?.number).toBe(phone.e164);
    }
  });

  it('when customers open web messaging, then Genesys keeps a contact with their cookie identifier', () => {
    const linked = new Set(ofKind(dataset, 'webmessaging').map((c) => customerSide(c)!.externalContactId).filter(Boolean));
    const withCookie = dataset.externalContacts.filter((c) => linked.has(c.id) && c.identifiers?.some((i) => i.type === 'Cookie'));
    expect(withCookie.length).toBeGreaterThan(10);
    expect(withCookie.some((c) => c.type === 'Ephemeral')).toBe(true);
  });

  it('when one contact centre runs for a while, then all three contact types exist', () => {
    const types = new Set(dataset.externalContacts.map((c) => c.type));
    expect([...types].sort()).toEqual(['Curated', 'Ephemeral', 'Identified']);
  });
});

describe('generated conversations look like analytics records', () => {
  const dataset = generate();
  const users = new Set(dataset.users.map((u) => u.id));

  it('when a call is handled, then it has customer, ivr, acd and agent participants with the usual segments', () => {
    const handled = ofKind(dataset, 'voice', 'inbound').filter(hasAgent);
    const sample = handled[0]!;
    expect(sample.participants.map((p) => p.purpose)).toEqual(expect.arrayContaining(['customer', 'ivr', 'acd', 'agent']));
    const types = new Set(handled.flatMap(segmentsOf).map((s) => s.segmentType));
    for (const type of ['ivr', 'interact', 'alert', 'hold', 'wrapup']) expect(types.has(type as never)).toBe(true);
    for (const c of handled) {
      for (const agent of c.participants.filter((p) => p.purpose === 'agent')) expect(users.has(agent.userId!)).toBe(true);
      expect(c.participants.find((p) => p.purpose === 'acd')!.sessions[0]!.segments[0]!.queueId).toBeTruthy();
    }
  });

  it('when an email is answered, then the agent has an inbound session and an outbound reply session', () => {
    const emails = ofKind(dataset, 'email', 'inbound');
    expect(emails.length).toBeGreaterThan(20);
    for (const email of emails) {
      const agent = email.participants.find((p) => p.purpose === 'agent')!;
      expect(agent.sessions.map((s) => s.direction)).toEqual(['inbound', 'outbound']);
      expect(agent.sessions[1]!.addressTo).toBe(customerSession(email)!.addressFrom);
    }
  });

  it('when customers message, then conversations consist of many short segments', () => {
    const messaging = dataset.conversations.filter((c) => ['sms', 'whatsapp', 'webmessaging'].includes(kindOf(c)) && hasAgent(c));
    const counts = messaging.map((c) => segmentsOf(c).filter((s) => s.segmentType === 'interact').length);
    expect(counts.reduce((a, b) => a + b, 0) / counts.length).toBeGreaterThan(6);
  });

  it('when arrivals are counted by local time, then calls cluster in business hours and on weekdays', () => {
    const local = ofKind(dataset, 'voice', 'inbound').map((c) => new Date(Date.parse(c.conversationStart) - 5 * 3_600_000));
    const businessHours = local.filter((d) => d.getUTCHours() >= 8 && d.getUTCHours() < 20).length;
    const weekend = local.filter((d) => d.getUTCDay() === 0 || d.getUTCDay() === 6).length;
    expect(businessHours / local.length).toBeGreaterThan(0.85);
    const perWeekendDay = weekend / 2;
    const perWeekday = (local.length - weekend) / 5;
    expect(perWeekendDay).toBeLessThan(0.7 * perWeekday);
  });

  it('when the history is 90 days and retention 80, then every conversation is in the window and some are past retention', () => {
    const reference = Date.parse(dataset.referenceTime!);
    const ages = dataset.conversations.map((c) => (reference - Date.parse(c.conversationStart)) / 86_400_000);
    expect(Math.max(...ages)).toBeLessThanOrEqual(90);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(ages.filter((age) => age > dataset.org.analyticsRetentionDays).length).toBeGreaterThan(0);
  });

  it('when a conversation is active, then it has no end and an open segment', () => {
    const active = generate({ activeRate: 0.01 }).conversations.filter((c) => c.conversationEnd === undefined);
    expect(active.length).toBeGreaterThan(0);
    for (const c of active) expect(segmentsOf(c).some((s) => s.segmentEnd === undefined)).toBe(true);
  });

  it('when a dataset is generated, then truth and evidence cover every conversation and the demo identities are present', () => {
    const ids = dataset.conversations.map((c) => c.conversationId);
    expect(Object.keys(dataset.truth).sort()).toEqual([...ids].sort());
    expect(Object.keys(dataset.evidence!).sort()).toEqual([...ids].sort());
    expect(dataset.purged.every((id) => ids.includes(id))).toBe(true);
    expect(dataset.org.id).toBe(DEMO_IDS.orgId);
    expect(dataset.oauthClients.map((c) => c.id)).toEqual(expect.arrayContaining([DEMO_IDS.clients.backend.id, DEMO_IDS.clients.widget.id]));
    expect(users.has(DEMO_IDS.users.mergeAgent)).toBe(true);
  });
});

describe('generated orgs follow their country', () => {
  const cases = [
    ['GB', '+44', /^0\d{3,4} ?\d{3,4} ?\d{3,4}$|^\+44 \(0\)/],
    ['DE', '+49', /^0\d{2,4}\/\d+$/],
    ['FR', '+33', /^0\d(\.\d\d){4}$/],
    ['AU', '+61', /^04\d\d \d{3} \d{3}$/],
  ] as const;
  for (const [country, code, localForm] of cases) {
    it(`when the org is in ${country}, then numbers carry ${code}, agents type local forms and names are local`, () => {
      const dataset = generate({ country, curatedContactRate: 0.6, foreignPhoneRate: 0 });
      const calls = ofKind(dataset, 'voice', 'inbound').map((c) => customerSession(c)!.ani!).filter((a) => a.startsWith('tel:'));
      expect(calls.every((ani) => ani.startsWith(`tel:${code}`))).toBe(true);
      expect(typedPhones(dataset).some((p) => localForm.test(p.userInput!))).toBe(true);
      expect(dataset.org.defaultCountry).toBe(country);
      for (const sms of ofKind(dataset, 'sms')) expect(parsePhoneNumberFromString(customerSession(sms)!.addressFrom!)!.getType()).toBe('MOBILE');
      for (const call of ofKind(dataset, 'voice', 'inbound')) expect(parsePhoneNumberFromString(customerSession(call)!.dnis!.slice(4))!.getType()).toBe('FIXED_LINE');
    });
  }

  it('when the org is German, then customers have German names', () => {
    const names = generate({ country: 'DE' }).externalContacts.map((c) => c.lastName).filter(Boolean);
    expect(names.some((n) => ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker'].includes(n!))).toBe(true);
  });
});
