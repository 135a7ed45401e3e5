import { describe, expect, it } from 'vitest';
import type { AnalyticsConversation, Dataset, ExternalContact } from '../../emulator/src/dataset/types.js';
import { WITHHELD_ANI, computeEvidence } from '../../emulator/src/generator/index.js';
import { QUIET, customerSession, customerSide, generate, groupSets, kindOf, mailbox, ofKind } from './helpers.js';

/** Whether the contact holds the identifier the conversation's customer side presented. */
function holdsPresentedIdentifier(contact: ExternalContact, conversation: AnalyticsConversation): boolean {
  const session = customerSession(conversation)!;
  const ids = contact.identifiers ?? [];
  const kind = kindOf(conversation);
  const outbound = session.direction === 'outbound';
  if (kind === 'voice') return ids.some((i) => i.type === 'Phone' && `tel:${i.value}` === (outbound ? session.dnis : session.ani));
  if (kind === 'sms') return ids.some((i) => i.type === 'Phone' && i.value === session.addressFrom);
  if (kind === 'whatsapp') return ids.some((i) => i.type === 'SocialWhatsapp' && i.value === session.addressFrom);
  if (kind === 'email') {
    const address = (outbound ? session.addressTo : session.addressFrom)!.toLowerCase();
    return ids.some((i) => i.type === 'Email' && i.value.toLowerCase() === address);
  }
  return ids.some((i) => i.type === 'Cookie');
}

const linkedContact = (dataset: Dataset, conversation: AnalyticsConversation) => {
  const id = customerSide(conversation)!.externalContactId;
  return id ? dataset.externalContacts.find((c) => c.id === id) : undefined;
};

describe('Genesys identity resolution in generated orgs', () => {
  it('when agents record and associate nothing, then every interaction presenting an identifier is linked to the one contact holding it', () => {
    const dataset = generate({ curatedContactRate: 0, agentAssociateRate: 0, withheldCallerIdRate: 0, householdRate: 0.3 });
    const byId = new Map(dataset.externalContacts.map((c) => [c.id, c]));
    for (const conversation of dataset.conversations) {
      const contact = byId.get(customerSide(conversation)!.externalContactId ?? '');
      expect(contact, conversation.conversationId).toBeDefined();
      expect(holdsPresentedIdentifier(contact!, conversation)).toBe(true);
    }
    const uses = groupSets(dataset.conversations.map((c) => [customerSide(c)!.externalContactId!, c.conversationId] as const));
    for (const contact of dataset.externalContacts) {
      expect(contact.type).toBe(uses.get(contact.id)!.size > 1 ? 'Identified' : 'Ephemeral');
    }
  });

  it('when a household shares a landline, then Genesys links one member\'s call to another member\'s contact', () => {
    const dataset = generate({ ...QUIET, householdRate: 0.5, sharedLineUseRate: 0.8, curatedContactRate: 0, agentAssociateRate: 0 });
    const customersPerContact = groupSets(dataset.conversations.map((c) => [customerSide(c)!.externalContactId ?? '', dataset.truth[c.conversationId]!] as const));
    expect([...customersPerContact.values()].filter((customers) => customers.size > 1).length).toBeGreaterThan(0);
  });

  it('when several contacts hold a caller\'s number, then the call is not auto-linked to any of them', () => {
    const dataset = generate({
      ...QUIET, channelMix: { voice: 1, email: 0, webmessaging: 0, sms: 0, whatsapp: 0 },
      curatedContactRate: 1, promoteRate: 0, agentAssociateRate: 0, phoneE164MissingRate: 0, outboundRate: 0,
    });
    // When each contact started to hold each number: auto-created contacts at their Phone identifier's date,
    // agents' curated contacts from the interaction they were typed in (createDate is 2 minutes into it).
    const acquired = new Map<string, Array<{ id: string; at: number }>>();
    const hold = (e164: string, id: string, at: number) => {
      const list = acquired.get(e164) ?? [];
      list.push({ id, at });
      acquired.set(e164, list);
    };
    for (const contact of dataset.externalContacts) {
      for (const identifier of contact.identifiers ?? []) if (identifier.type === 'Phone') hold(identifier.value, contact.id, Date.parse(identifier.dateCreated!));
      if (contact.type === 'Curated') {
        for (const phone of [contact.cellPhone, contact.homePhone, contact.workPhone, contact.otherPhone]) {
          if (phone?.e164) hold(phone.e164, contact.id, Date.parse(contact.createDate) - 120_000);
        }
      }
    }
    let ambiguousCalls = 0;
    for (const call of ofKind(dataset, 'voice', 'inbound')) {
      const start = Date.parse(call.conversationStart);
      const e164 = customerSession(call)!.ani!.slice('tel:'.length);
      const holders = new Set((acquired.get(e164) ?? []).filter((h) => h.at < start).map((h) => h.id));
      const linked = customerSide(call)!.externalContactId;
      const createdNow = (acquired.get(e164) ?? []).some((h) => h.id === linked && h.at === start)
        || dataset.externalContacts.some((c) => c.id === linked && Date.parse(c.createDate) - 120_000 === start);
      if (holders.size >= 2) {
        ambiguousCalls++;
        expect(linked === undefined || createdNow).toBe(true);
      } else if (holders.size === 1) {
        expect(linked === [...holders][0] || createdNow).toBe(true);
      } else {
        expect(createdNow).toBe(true);
      }
    }
    expect(ambiguousCalls).toBeGreaterThan(10);
  });
});

describe('evidence groups in generated orgs', () => {
  it('when a call comes from a line several customers use, or with the number withheld, and no agent vouches for it, then it carries no evidence', () => {
    const dataset = generate({ householdRate: 0.4, switchboardRate: 0.2, sharedLineUseRate: 0.6, withheldCallerIdRate: 0.1, agentAssociateRate: 0, curatedContactRate: 0 });
    const customersPerAni = groupSets(ofKind(dataset, 'voice', 'inbound').map((c) => [customerSession(c)!.ani!, dataset.truth[c.conversationId]!] as const));
    const ambiguous = ofKind(dataset, 'voice', 'inbound').filter((c) => {
      const ani = customerSession(c)!.ani!;
      return ani === WITHHELD_ANI || customersPerAni.get(ani)!.size > 1;
    });
    expect(ambiguous.length).toBeGreaterThan(20);
    for (const call of ambiguous) expect(dataset.evidence![call.conversationId]).toBeNull();
  });

  it('when a web messaging session comes from a fresh cookie without a form email and no agent vouches for it, then it carries no evidence', () => {
    const dataset = generate({ anonymousWebSessionRate: 1, webFormEmailRate: 0, agentAssociateRate: 0, curatedContactRate: 0 });
    const sessions = ofKind(dataset, 'webmessaging');
    expect(sessions.length).toBeGreaterThan(20);
    for (const session of sessions) expect(dataset.evidence![session.conversationId]).toBeNull();
  });

  it('when a customer calls and sends WhatsApp messages from one mobile, then both share an evidence group', () => {
    const dataset = generate({ ...QUIET });
    let pairs = 0;
    for (const message of ofKind(dataset, 'whatsapp')) {
      const customer = dataset.truth[message.conversationId];
      const sender = customerSession(message)!.addressFrom;
      for (const call of ofKind(dataset, 'voice', 'inbound')) {
        if (dataset.truth[call.conversationId] !== customer || customerSession(call)!.ani !== `tel:+${sender}`) continue;
        pairs++;
        expect(dataset.evidence![call.conversationId]).toBe(dataset.evidence![message.conversationId]);
      }
    }
    expect(pairs).toBeGreaterThan(10);
  });

  it('when one mailbox is written with plus-tags and other letter case, then its emails share an evidence group', () => {
    const dataset = generate({ ...QUIET, plusTagRate: 1, emailCaseVariantRate: 0.5 });
    const groups = groupSets(ofKind(dataset, 'email', 'inbound').map((c) => [mailbox(customerSession(c)!.addressFrom!), dataset.evidence![c.conversationId]] as const));
    const variants = ofKind(dataset, 'email', 'inbound').filter((c) => /[+A-Z]/.test(customerSession(c)!.addressFrom!));
    expect(variants.length).toBeGreaterThan(20);
    for (const [, evidence] of groups) expect(evidence.size).toBe(1);
  });

  it('when an agent associates a shared-line call with the caller\'s contact, then the call gains evidence', () => {
    const dataset = generate({ ...QUIET, householdRate: 0.6, sharedLineUseRate: 1, agentAssociateRate: 1, curatedContactRate: 0.5 });
    const customersPerAni = groupSets(ofKind(dataset, 'voice', 'inbound').map((c) => [customerSession(c)!.ani!, dataset.truth[c.conversationId]!] as const));
    const sharedCalls = ofKind(dataset, 'voice', 'inbound').filter((c) => customersPerAni.get(customerSession(c)!.ani!)!.size > 1);
    const evidenced = sharedCalls.filter((c) => dataset.evidence![c.conversationId] !== null);
    expect(evidenced.length).toBeGreaterThan(0);
    for (const call of evidenced) expect(linkedContact(dataset, call)).toBeDefined();
  });

  it('when nobody mistypes, then every evidence group holds one customer only', () => {
    const dataset = generate({ ...QUIET, householdRate: 0.3, switchboardRate: 0.2, curatedContactRate: 0.5 });
    const customersPerGroup = groupSets(Object.entries(dataset.evidence!).flatMap(([id, group]) => (group ? [[group, dataset.truth[id]!] as const] : [])));
    expect(customersPerGroup.size).toBeGreaterThan(100);
    for (const customers of customersPerGroup.values()) expect(customers.size).toBe(1);
  });
});

describe('computeEvidence on hand-made facts', () => {
  const registry = new Map([
    ['phone:+1A', { holders: new Set(['P']), anonymous: false }],
    ['phone:+1L', { holders: new Set(['P', 'Q']), anonymous: false }],
    ['cookie:X', { holders: new Set(['P']), anonymous: true }],
    ['mailbox:p@x', { holders: new Set(['P']), anonymous: false }],
    ['typo:1', { holders: new Set(['P']), anonymous: false }],
  ]);
  const evidence = computeEvidence({
    conversationIds: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'],
    conversationNodes: new Map([
      ['c1', ['phone:+1A']], ['c2', ['phone:+1L']], ['c3', ['cookie:X']], ['c4', ['mailbox:p@x']],
      ['c5', ['phone:+1L']], ['c6', ['typo:1']], ['c7', ['phone:+1L', 'unregistered']],
    ]),
    contactNodes: new Map([['K', ['phone:+1A', 'mailbox:p@x', 'phone:+1L']], ['J', ['typo:1']]]),
    associations: [['c5', 'K']],
    registry,
  });

  it('when a contact records a phone and a mailbox, then conversations using either share a group', () => {
    expect(evidence.c1).toBe('ev-1');
    expect(evidence.c4).toBe('ev-1');
  });

  it('when the only identifier is shared, anonymous or unknown, then the evidence is null', () => {
    expect(evidence.c2).toBeNull();
    expect(evidence.c3).toBeNull();
    expect(evidence.c7).toBeNull();
  });

  it('when an agent associated a shared-line conversation with a contact, then it joins that contact\'s group', () => {
    expect(evidence.c5).toBe('ev-1');
  });

  it('when a value was mistyped, then it forms its own group', () => {
    expect(evidence.c6).toBe('ev-2');
  });
});
