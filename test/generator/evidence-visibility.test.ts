import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import type { Dataset, PhoneNumber } from '../../emulator/src/dataset/types.js';
import { customerSide, generate, mailbox } from './helpers.js';

/**
 * Connects everything the API shows, with ordinary normalisation: phones to E.164 (typed ones
 * with the org's country), emails to their mailbox, WhatsApp senders to +digits, and contacts to
 * their conversations. Shared identifiers are not told apart here, so this graph over-connects;
 * what it must never do is miss a link the evidence claims.
 */
function visibleComponents(dataset: Dataset): (id: string) => string {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    if (!parent.has(x)) parent.set(x, x);
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => parent.set(find(b), find(a));
  const country = dataset.org.defaultCountry as CountryCode;
  const phone = (text: string | undefined) => {
    const parsed = text ? parsePhoneNumberFromString(text.replace(/^tel:/, ''), country) : undefined;
    return parsed?.isValid() ? `phone:${parsed.number}` : null;
  };
  const phoneField = (value: PhoneNumber | undefined) => (value?.e164 ? `phone:${value.e164}` : phone(value?.userInput ?? value?.display));

  for (const contact of dataset.externalContacts) {
    const node = `contact:${contact.id}`;
    find(node);
    for (const value of [contact.cellPhone, contact.homePhone, contact.workPhone, contact.otherPhone, contact.whatsAppId?.phoneNumber]) {
      const key = phoneField(value);
      if (key) union(node, key);
    }
    for (const email of [contact.personalEmail, contact.workEmail, contact.otherEmail]) if (email) union(node, `mail:${mailbox(email)}`);
    for (const identifier of contact.identifiers ?? []) {
      const key = identifier.type === 'Email' ? `mail:${mailbox(identifier.value)}`
        : identifier.type === 'Phone' ? phone(identifier.value)
          : identifier.type === 'SocialWhatsapp' ? phone(`+${identifier.value}`)
            : `${identifier.type}:${identifier.value}`;
      if (key) union(node, key);
    }
  }
  for (const conversation of dataset.conversations) {
    const node = `conv:${conversation.conversationId}`;
    find(node);
    const side = customerSide(conversation)!;
    if (side.externalContactId) union(node, `contact:${side.externalContactId}`);
    for (const session of side.sessions) {
      const address = session.direction === 'outbound' ? (session.dnis ?? session.addressTo) : (session.ani ?? session.addressFrom);
      if (!address) continue;
      const key = address.includes('@') && !address.startsWith('sip:') ? `mail:${mailbox(address)}`
        : session.messageType === 'whatsapp' ? phone(`+${address}`) : phone(address);
      if (key) union(node, key);
    }
  }
  return (conversationId) => find(`conv:${conversationId}`);
}

describe('evidence is visible in the data', () => {
  for (const [name, overrides] of [
    ['the default org', {}],
    ['a noisy GB org', { country: 'GB', typoRate: 0.1, householdRate: 0.2, switchboardRate: 0.1, plusTagRate: 0.3, emailCaseVariantRate: 0.4, seed: 'gb-noisy' }],
  ] as const) {
    it(`when the evidence of ${name} puts two conversations of a customer in one group, then identifiers the API shows connect them`, () => {
      const dataset = generate(overrides);
      const componentOf = visibleComponents(dataset);
      const groups = new Map<string, string[]>();
      for (const [id, group] of Object.entries(dataset.evidence!)) {
        if (group === null) continue;
        const key = `${dataset.truth[id]}/${group}`;
        groups.set(key, [...(groups.get(key) ?? []), id]);
      }
      let linkedPairs = 0;
      for (const members of groups.values()) {
        const component = componentOf(members[0]!);
        for (const member of members.slice(1)) {
          linkedPairs++;
          expect(componentOf(member)).toBe(component);
        }
      }
      expect(linkedPairs).toBeGreaterThan(200);
    });
  }
});
