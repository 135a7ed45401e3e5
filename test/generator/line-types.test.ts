import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import type { ExternalContact } from '../../emulator/src/dataset/types.js';
import { parseDataset } from '../../emulator/src/index.js';
import { serializeDataset } from '../../emulator/src/generator/index.js';
import { customerNumber, generate, groupSets, ofKind } from './helpers.js';

const PHONE_FIELDS = ['cellPhone', 'homePhone', 'workPhone', 'otherPhone'] as const;

function contactNumbers(contact: ExternalContact): string[] {
  const numbers = PHONE_FIELDS.map((field) => contact[field]?.e164);
  return [...numbers, contact.whatsAppId?.phoneNumber.e164].filter((e164): e164 is string => e164 !== undefined);
}

describe('generated line types (a carrier lookup\'s data)', () => {
  // No typos: a mistyped number is nobody's line, so no carrier knows it.
  const dataset = generate({ customers: 400, householdRate: 0.3, switchboardRate: 0.15, secondPhoneRate: 0.4, typoRate: 0 });
  const lineTypes = dataset.lineTypes ?? {};

  it('when a number appears as a voice or SMS party or on a contact, then it has a line type', () => {
    const voiceAndSms = [...ofKind(dataset, 'voice'), ...ofKind(dataset, 'sms')].map(customerNumber);
    const onContacts = dataset.externalContacts.flatMap(contactNumbers);
    const numbers = new Set([...voiceAndSms, ...onContacts].filter((e164): e164 is string => e164 !== null));
    expect(numbers.size).toBeGreaterThan(300);
    expect([...numbers].filter((e164) => lineTypes[e164] === undefined)).toEqual([]);
  });

  it('when two customers called from the same number (a household or a switchboard), then it is a landline', () => {
    const callers = groupSets(ofKind(dataset, 'voice').flatMap((conversation) => {
      const number = customerNumber(conversation);
      return number ? [[number, dataset.truth[conversation.conversationId]!] as const] : [];
    }));
    const shared = [...callers].filter(([, customers]) => customers.size > 1).map(([number]) => number);
    expect(shared.length).toBeGreaterThan(5);
    expect(shared.filter((number) => lineTypes[number] !== 'landline')).toEqual([]);
  });

  it('when the numbering plan tells mobiles from landlines (GB), then it agrees with every recorded kind', () => {
    const gb = generate({ country: 'GB', customers: 200, secondPhoneRate: 0.5, foreignPhoneRate: 0 }).lineTypes ?? {};
    const planned = Object.entries(gb).map(([e164, type]) => [type, parsePhoneNumberFromString(e164)?.getType()]);
    expect(planned.length).toBeGreaterThan(200);
    expect(planned.filter(([type, plan]) => (type === 'mobile' ? plan !== 'MOBILE' : plan !== 'FIXED_LINE'))).toEqual([]);
  });

  it('when the dataset is serialised, then the line types are in E.164 order and round-trip through the schema', () => {
    expect(Object.keys(lineTypes)).toEqual(Object.keys(lineTypes).sort());
    expect(new Set(Object.values(lineTypes))).toEqual(new Set(['mobile', 'landline']));
    expect(parseDataset(JSON.parse(serializeDataset(dataset))).lineTypes).toEqual(lineTypes);
  });
});
