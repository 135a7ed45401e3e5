import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../emulator/src/dataset/types.js';
import { RATE_PARAMETERS, WITHHELD_ANI, type GeneratorParams, type RateParameter } from '../../emulator/src/generator/index.js';
import {
  QUIET, customerNumber, customerSession, customerSide, generate, groupSets, hasAgent, kindOf, mailbox, ofKind, segmentsOf,
} from './helpers.js';

/** A rate's effect: the observable at a low and a high value of the rate, everything else equal. */
interface RateCase {
  when: string;
  base?: Partial<GeneratorParams>;
  low: number;
  high: number;
  observe(dataset: Dataset): number;
  /** Checks the two observations (default: low is 0 and high is positive). */
  expectChange?(low: number, high: number): void;
}

const zeroThenSome = (low: number, high: number) => {
  expect(low).toBe(0);
  expect(high).toBeGreaterThan(0);
};

const numbersPerCustomer = (dataset: Dataset) =>
  groupSets(dataset.conversations.flatMap((c) => {
    const number = customerNumber(c);
    return number ? [[dataset.truth[c.conversationId]!, number] as const] : [];
  }));

const customersPerAni = (dataset: Dataset) =>
  groupSets(ofKind(dataset, 'voice', 'inbound').flatMap((c) => {
    const ani = customerSession(c)!.ani!;
    return ani.startsWith('tel:') ? [[ani, dataset.truth[c.conversationId]!] as const] : [];
  }));

/** Values typed on curated contacts (phones normalised, emails as mailboxes) not seen anywhere else in the dataset. */
function unmatchedTypedShare(dataset: Dataset): number {
  const seen = new Set<string>();
  for (const c of dataset.conversations) {
    const number = customerNumber(c);
    if (number) seen.add(number);
    const session = customerSession(c)!;
    if (session.mediaType === 'email') seen.add(mailbox(session.direction === 'outbound' ? session.addressTo! : session.addressFrom!));
    if (session.messageType === 'whatsapp') seen.add(`+${session.addressFrom}`);
  }
  for (const contact of dataset.externalContacts) {
    if (contact.type === 'Curated') continue;
    for (const identifier of contact.identifiers ?? []) seen.add(identifier.type === 'Email' ? mailbox(identifier.value) : identifier.value);
  }
  let typed = 0;
  let unmatched = 0;
  for (const contact of dataset.externalContacts.filter((c) => c.type === 'Curated')) {
    for (const phone of [contact.cellPhone, contact.homePhone, contact.workPhone, contact.otherPhone]) {
      if (!phone?.userInput) continue;
      typed++;
      const parsed = parsePhoneNumberFromString(phone.userInput, dataset.org.defaultCountry as 'US');
      if (!parsed?.isValid() || !seen.has(parsed.number)) unmatched++;
    }
    for (const email of [contact.personalEmail, contact.workEmail]) {
      if (!email) continue;
      typed++;
      if (!seen.has(mailbox(email))) unmatched++;
    }
  }
  return unmatched / typed;
}

const CASES: Record<RateParameter, RateCase> = {
  secondPhoneRate: {
    when: 'more customers own a second phone, more customers call or text from two numbers',
    base: QUIET, low: 0, high: 0.6,
    observe: (d) => [...numbersPerCustomer(d).values()].filter((numbers) => numbers.size > 1).length,
  },
  secondEmailRate: {
    when: 'more customers own a second address, more customers write from two mailboxes',
    base: QUIET, low: 0, high: 0.7,
    observe: (d) => [...groupSets(ofKind(d, 'email').map((c) => {
      const s = customerSession(c)!;
      return [d.truth[c.conversationId]!, mailbox(s.direction === 'outbound' ? s.addressTo! : s.addressFrom!)] as const;
    })).values()].filter((boxes) => boxes.size > 1).length,
  },
  foreignPhoneRate: {
    when: 'more customers have a foreign mobile, more caller numbers carry another country code',
    base: QUIET, low: 0, high: 0.5,
    observe: (d) => d.conversations.map(customerNumber).filter((n) => n && !n.startsWith('+1')).length,
  },
  householdRate: {
    when: 'more customers live in households, more caller ids are shared by several customers',
    base: { ...QUIET, sharedLineUseRate: 0.6 }, low: 0, high: 0.4,
    observe: (d) => [...customersPerAni(d).values()].filter((customers) => customers.size > 1).length,
  },
  switchboardRate: {
    when: 'more customers work behind switchboards, more caller ids are shared by several customers',
    base: { ...QUIET, sharedLineUseRate: 0.6 }, low: 0, high: 0.4,
    observe: (d) => [...customersPerAni(d).values()].filter((customers) => customers.size > 1).length,
  },
  sharedLineUseRate: {
    when: 'people use their shared line more, more calls come from numbers several customers share',
    base: { ...QUIET, householdRate: 0.5, switchboardRate: 0.3 }, low: 0, high: 0.8,
    observe: (d) => {
      const shared = new Set([...customersPerAni(d)].filter(([, customers]) => customers.size > 1).map(([ani]) => ani));
      return ofKind(d, 'voice', 'inbound').filter((c) => shared.has(customerSession(c)!.ani!)).length;
    },
  },
  sameNameRate: {
    when: 'more customers share a stranger\'s name, more sender names belong to several customers',
    base: QUIET, low: 0, high: 0.5,
    observe: (d) => [...groupSets(ofKind(d, 'email', 'inbound').flatMap((c) => {
      const name = customerSide(c)!.participantName;
      return name ? [[name, d.truth[c.conversationId]!] as const] : [];
    })).values()].filter((customers) => customers.size > 1).length,
    expectChange: (low, high) => expect(high).toBeGreaterThan(2 * low + 5),
  },
  typoRate: {
    when: 'agents mistype more, more typed phones and emails match nothing else in the org',
    base: { ...QUIET, curatedContactRate: 1, promoteRate: 0 }, low: 0, high: 0.5,
    observe: unmatchedTypedShare,
    expectChange: (low, high) => expect(high).toBeGreaterThan(low + 0.15),
  },
  emailCaseVariantRate: {
    when: 'more emails are written with other letter case, more sender addresses contain capitals',
    base: QUIET, low: 0, high: 0.5,
    observe: (d) => ofKind(d, 'email', 'inbound').filter((c) => /[A-Z]/.test(customerSession(c)!.addressFrom!)).length,
  },
  plusTagRate: {
    when: 'more customers use plus-tags, more sender addresses carry one',
    base: QUIET, low: 0, high: 0.8,
    observe: (d) => ofKind(d, 'email', 'inbound').filter((c) => customerSession(c)!.addressFrom!.includes('+')).length,
  },
  curatedContactRate: {
    when: 'agents record contacts more often, there are more curated contacts',
    low: 0, high: 0.5,
    observe: (d) => d.externalContacts.filter((c) => c.type === 'Curated').length,
  },
  promoteRate: {
    when: 'agents promote instead of creating, the org ends up with fewer contacts',
    base: { curatedContactRate: 1 }, low: 0, high: 1,
    observe: (d) => d.externalContacts.length,
    expectChange: (low, high) => expect(high).toBeLessThan(low - 50),
  },
  agentAssociateRate: {
    when: 'agents associate unlinked interactions more, fewer handled conversations stay without a contact',
    base: { householdRate: 0.4, switchboardRate: 0.2, withheldCallerIdRate: 0.2, curatedContactRate: 0.5, promoteRate: 0, activeRate: 0 },
    low: 0, high: 1,
    observe: (d) => d.conversations.filter((c) => hasAgent(c) && !customerSide(c)!.externalContactId).length,
    expectChange: (low, high) => expect(high).toBeLessThan(low * 0.7),
  },
  phoneE164MissingRate: {
    when: 'more typed phones are stored unnormalised, more contact phones lack e164',
    base: { ...QUIET, curatedContactRate: 1 }, low: 0, high: 1,
    observe: (d) => {
      const typed = d.externalContacts.flatMap((c) => [c.cellPhone, c.homePhone, c.workPhone, c.otherPhone]).filter((p) => p?.userInput);
      return typed.filter((p) => !p!.e164).length / typed.length;
    },
    expectChange: (low, high) => {
      expect(low).toBe(0);
      expect(high).toBe(1);
    },
  },
  webFormEmailRate: {
    when: 'more web messaging customers fill the pre-chat form, more sessions carry a name and email',
    base: QUIET, low: 0, high: 1,
    observe: (d) => {
      const sessions = ofKind(d, 'webmessaging');
      return sessions.filter((c) => customerSide(c)!.participantName).length / sessions.length;
    },
    expectChange: (low, high) => {
      expect(low).toBe(0);
      expect(high).toBe(1);
    },
  },
  anonymousWebSessionRate: {
    when: 'more web messaging sessions come from fresh cookies, each customer leaves more distinct cookies',
    base: { ...QUIET, channelMix: { voice: 0, email: 0, webmessaging: 1, sms: 0, whatsapp: 0 } }, low: 0, high: 1,
    observe: (d) => {
      const cookies = new Set(d.externalContacts.flatMap((c) => (c.identifiers ?? []).filter((i) => i.type === 'Cookie').map((i) => i.value)));
      return cookies.size / new Set(Object.values(d.truth)).size;
    },
    expectChange: (low, high) => expect(high).toBeGreaterThan(low + 1),
  },
  withheldCallerIdRate: {
    when: 'more callers withhold their number, more calls carry the anonymous ANI',
    base: QUIET, low: 0, high: 0.5,
    observe: (d) => ofKind(d, 'voice', 'inbound').filter((c) => customerSession(c)!.ani === WITHHELD_ANI).length,
  },
  outboundRate: {
    when: 'the contact centre initiates more interactions, more conversations are outbound',
    low: 0, high: 0.5,
    observe: (d) => d.conversations.filter((c) => c.originatingDirection === 'outbound').length,
  },
  abandonRate: {
    when: 'more customers hang up in queue, more conversations never reach an agent',
    base: { activeRate: 0 }, low: 0, high: 0.5,
    observe: (d) => d.conversations.filter((c) => !hasAgent(c)).length,
  },
  transferRate: {
    when: 'more interactions are transferred, more conversations have two agents',
    low: 0, high: 0.5,
    observe: (d) => d.conversations.filter((c) => c.participants.filter((p) => p.purpose === 'agent').length > 1).length,
  },
  holdRate: {
    when: 'agents put more callers on hold, more calls have a hold segment',
    low: 0, high: 1,
    observe: (d) => ofKind(d, 'voice').filter((c) => segmentsOf(c).some((s) => s.segmentType === 'hold')).length,
  },
  secondDivisionRate: {
    when: 'more customers are served by the second division, more conversations live in it',
    low: 0, high: 0.5,
    observe: (d) => d.conversations.filter((c) => c.divisionIds[0] === d.divisions[1]!.id).length,
  },
  purgedRate: {
    when: 'more conversations are purged, the purged list grows',
    low: 0, high: 0.2,
    observe: (d) => d.purged.length,
  },
  activeRate: {
    when: 'the active rate rises, more conversations are still in progress',
    low: 0, high: 0.01,
    observe: (d) => d.conversations.filter((c) => c.conversationEnd === undefined).length,
  },
};

describe('generator rate parameters', () => {
  it('when a rate parameter exists, then it has an effect test here', () => {
    expect(Object.keys(CASES).sort()).toEqual([...RATE_PARAMETERS].sort());
  });

  for (const rate of RATE_PARAMETERS) {
    const c = CASES[rate];
    it(`${rate}: when ${c.when}`, () => {
      const low = c.observe(generate({ ...c.base, [rate]: c.low }));
      const high = c.observe(generate({ ...c.base, [rate]: c.high }));
      (c.expectChange ?? zeroThenSome)(low, high);
    });
  }
});

describe('generator shape parameters', () => {
  it('when the channel mix favours one channel, then most conversations use it', () => {
    const dataset = generate({ channelMix: { voice: 0, email: 0, webmessaging: 0, sms: 1, whatsapp: 0 } });
    expect(dataset.conversations.every((c) => kindOf(c) === 'sms')).toBe(true);
  });

  it('when customers interact more, then there are more conversations per customer', () => {
    const few = generate({ interactionsPerCustomer: 1.5 }).conversations.length;
    const many = generate({ interactionsPerCustomer: 6 }).conversations.length;
    expect(many).toBeGreaterThan(few * 2);
  });

  it('when history and retention change, then arrivals span the history and the org states the retention', () => {
    const dataset = generate({ historyDays: 30, analyticsRetentionDays: 20 });
    const reference = Date.parse(dataset.referenceTime!);
    const earliest = Math.min(...dataset.conversations.map((c) => Date.parse(c.conversationStart)));
    expect(dataset.org.analyticsRetentionDays).toBe(20);
    expect(reference - earliest).toBeLessThanOrEqual(30 * 86_400_000);
    expect(reference - earliest).toBeGreaterThan(25 * 86_400_000);
  });
});
