/**
 * Small datasets for engine tests: the demo dataset plus customers written here, so each test
 * states the channel mix it merges. Every dataset is checked against the dataset schema.
 */
import { parseDataset, DEMO_IDS, type AnalyticsConversation, type Dataset, type ExternalContact } from '../../emulator/src/index.js';
import { loadDemoDataset } from '../support/emulator.js';

export type TestChannel = 'voice' | 'email' | 'sms' | 'whatsapp' | 'webmessaging';

export interface TestConversation {
  /** Last four hex digits of the id (unique per dataset). */
  n: number;
  channel: TestChannel;
  /** The customer's address as the channel stores it (`tel:+1…`, `+1…`, `1…`, an email, a cookie). */
  address: string;
  /** Days before the dataset's reference time. */
  daysAgo: number;
  minutes?: number;
  contactN?: number;
  name?: string;
  active?: boolean;
}

export interface TestContact {
  n: number;
  type?: ExternalContact['type'];
  firstName?: string;
  lastName?: string;
  cellE164?: string;
  /** A cell phone as an agent typed it, kept without `e164` (national format). */
  cellTyped?: string;
  homeE164?: string;
  email?: string;
  whatsAppE164?: string;
  cookie?: string;
  createdDaysAgo?: number;
}

const HOME = DEMO_IDS.divisions.home;
const hex = (prefix: string, n: number) => `7a1f0c1e-5b0e-4c9a-9a51-${prefix}${n.toString(16).padStart(4, '0')}`;
/** A test conversation id. */
export const conversationId = (n: number) => hex('0d3f6c0e', 0x6000 + n);
/** A test contact id. */
export const contactId = (n: number) => hex('0d3f6c0e', 0x7000 + n);

function session(channel: TestChannel, address: string, start: string, end: string | undefined, n: number, role: string) {
  const media = channel === 'voice' ? { mediaType: 'voice' as const, ani: address, dnis: 'tel:+18005550100' }
    : channel === 'email' ? { mediaType: 'email' as const, addressFrom: address, addressTo: 'support@demo-contact-centre.example' }
      : { mediaType: 'message' as const, messageType: channel, addressFrom: address, addressTo: channel === 'webmessaging' ? DEMO_IDS.orgId : '+18005550111' };
  return {
    sessionId: hex(role, 0x6000 + n),
    direction: 'inbound' as const,
    ...media,
    segments: [{ segmentStart: start, ...(end ? { segmentEnd: end } : {}), segmentType: 'interact' as const }],
  };
}

function conversation(spec: TestConversation, reference: number): AnalyticsConversation {
  const startMs = reference - spec.daysAgo * 86_400_000;
  const start = new Date(startMs).toISOString();
  const end = spec.active ? undefined : new Date(startMs + (spec.minutes ?? 10) * 60_000).toISOString();
  return {
    conversationId: conversationId(spec.n),
    conversationStart: start,
    ...(end ? { conversationEnd: end } : {}),
    originatingDirection: 'inbound',
    divisionIds: [HOME],
    participants: [
      {
        participantId: hex('0d3f6c1e', 0x6000 + spec.n),
        ...(spec.name ? { participantName: spec.name } : {}),
        purpose: 'customer',
        ...(spec.contactN !== undefined ? { externalContactId: contactId(spec.contactN) } : {}),
        sessions: [session(spec.channel, spec.address, start, end, spec.n, '0d3f6c2e')],
      },
      {
        participantId: hex('0d3f6c3e', 0x6000 + spec.n),
        participantName: 'Alex Agent',
        purpose: 'agent',
        userId: DEMO_IDS.users.mergeAgent,
        sessions: [session(spec.channel, spec.address, start, end, spec.n, '0d3f6c4e')],
      },
    ],
  } as AnalyticsConversation;
}

function contact(spec: TestContact, reference: number): ExternalContact {
  const created = new Date(reference - (spec.createdDaysAgo ?? 60) * 86_400_000).toISOString();
  return {
    id: contactId(spec.n),
    type: spec.type ?? 'Ephemeral',
    division: { id: HOME },
    ...(spec.firstName ? { firstName: spec.firstName } : {}),
    ...(spec.lastName ? { lastName: spec.lastName } : {}),
    ...(spec.cellE164 ? { cellPhone: { e164: spec.cellE164 } } : {}),
    ...(spec.cellTyped ? { cellPhone: { display: spec.cellTyped, userInput: spec.cellTyped } } : {}),
    ...(spec.homeE164 ? { homePhone: { e164: spec.homeE164 } } : {}),
    ...(spec.email ? { personalEmail: spec.email } : {}),
    ...(spec.whatsAppE164 ? { whatsAppId: { phoneNumber: { e164: spec.whatsAppE164 } } } : {}),
    ...(spec.cookie ? { identifiers: [{ type: 'Cookie', value: spec.cookie }] } : {}),
    createDate: created,
    modifyDate: created,
  } as ExternalContact;
}

/** The demo dataset with these customers added (validated by the dataset schema). */
export async function demoWith(customers: Array<{ key: string; contacts: TestContact[]; conversations: TestConversation[] }>): Promise<Dataset> {
  const base = await loadDemoDataset();
  const reference = Date.parse(base.referenceTime!);
  const dataset = structuredClone(base) as Dataset;
  for (const customer of customers) {
    for (const spec of customer.contacts) dataset.externalContacts.push(contact(spec, reference));
    for (const spec of customer.conversations) {
      dataset.conversations.push(conversation(spec, reference));
      dataset.truth[conversationId(spec.n)] = customer.key;
    }
  }
  return parseDataset(JSON.parse(JSON.stringify(dataset)));
}

/**
 * Wendy: web messaging first (her identified contact records the cookie, and the mobile the agent
 * typed), then an SMS from that mobile (Genesys links it to the one contact holding the number),
 * then WhatsApp (resolved by WhatsApp id: a new ephemeral contact).
 */
export const WENDY = {
  key: 'wendy-webb',
  contacts: [
    { n: 1, type: 'Identified', firstName: 'Wendy', lastName: 'Webb', cellE164: '+16465550181', cookie: 'wm-cookie-wendy-01', createdDaysAgo: 20 },
    { n: 3, whatsAppE164: '+16465550181', createdDaysAgo: 5 },
  ] satisfies TestContact[],
  conversations: [
    { n: 1, channel: 'webmessaging', address: 'wm-cookie-wendy-01', daysAgo: 20, contactN: 1, name: 'Wendy' },
    { n: 2, channel: 'sms', address: '+16465550181', daysAgo: 12, contactN: 1 },
    { n: 3, channel: 'whatsapp', address: '16465550181', daysAgo: 5, contactN: 3, name: 'Wendy W' },
  ] satisfies TestConversation[],
};

/**
 * Victor: five calls and emails over three contacts (a merge of 5 over 3): an ephemeral contact
 * per first call and first email, then the curated contact an agent created holding both; later
 * conversations find two holders, so Genesys links none and an agent associated the email.
 */
export const VICTOR = {
  key: 'victor-vance',
  contacts: [
    { n: 11, cellE164: '+13125550147', createdDaysAgo: 25 },
    { n: 12, email: 'victor.vance@example.com', createdDaysAgo: 20 },
    { n: 13, type: 'Curated', firstName: 'Victor', lastName: 'Vance', cellE164: '+13125550147', email: 'victor.vance@example.com', createdDaysAgo: 15 },
  ] satisfies TestContact[],
  conversations: [
    { n: 11, channel: 'voice', address: 'tel:+13125550147', daysAgo: 25, contactN: 11 },
    { n: 12, channel: 'email', address: 'victor.vance@example.com', daysAgo: 20, contactN: 12, name: 'Victor Vance' },
    { n: 13, channel: 'voice', address: 'tel:+13125550147', daysAgo: 15, contactN: 13 },
    { n: 14, channel: 'email', address: 'Victor.Vance@example.com', daysAgo: 10, contactN: 13, name: 'Victor Vance' },
    { n: 15, channel: 'voice', address: 'tel:+13125550147', daysAgo: 2 },
  ] satisfies TestConversation[],
};

/**
 * The Greens' landline, whose caller ID names Robert (the subscriber): Robert's calls are linked
 * to the contact Genesys created from the number; Mary called from it once and the agent created
 * her own contact during that call.
 */
export const GREENS = {
  key: 'green-household',
  contacts: [
    { n: 21, type: 'Identified', cellE164: '+15415550199', createdDaysAgo: 20 },
    { n: 22, type: 'Curated', firstName: 'Mary', lastName: 'Green', email: 'mary.green@example.org', createdDaysAgo: 8 },
  ] satisfies TestContact[],
  conversations: [
    { n: 21, channel: 'voice', address: 'tel:+15415550199', daysAgo: 20, contactN: 21, name: 'GREEN ROBERT' },
    { n: 22, channel: 'voice', address: 'tel:+15415550199', daysAgo: 8, contactN: 22, name: 'GREEN ROBERT' },
    { n: 23, channel: 'voice', address: 'tel:+15415550199', daysAgo: 3, contactN: 21, name: 'GREEN ROBERT' },
  ] satisfies TestConversation[],
};

/**
 * Nina: her curated contact keeps the mobile an agent typed in national format (no e164) and her
 * plain address; her calls are linked to the contact Genesys made from the number, and one email
 * came from a plus-tagged address (an ephemeral contact of its own). Only a keyword search of
 * contacts finds her curated contact from the number, and the tagged contact from her address.
 */
export const NINA = {
  key: 'nina-novak',
  contacts: [
    { n: 31, type: 'Curated', firstName: 'Nina', lastName: 'Novak', cellTyped: '(312) 555-0163', email: 'nina.novak@example.com', createdDaysAgo: 30 },
    { n: 32, type: 'Identified', cellE164: '+13125550163', createdDaysAgo: 20 },
    { n: 33, email: 'Nina.Novak+shop@example.com', createdDaysAgo: 6 },
  ] satisfies TestContact[],
  conversations: [
    { n: 31, channel: 'webmessaging', address: 'wm-cookie-nina-01', daysAgo: 10, contactN: 31, name: 'Nina' },
    { n: 32, channel: 'email', address: 'Nina.Novak+shop@example.com', daysAgo: 6, contactN: 33, name: 'Nina Novak' },
    { n: 33, channel: 'voice', address: 'tel:+13125550163', daysAgo: 20, contactN: 32 },
    { n: 34, channel: 'voice', address: 'tel:+13125550163', daysAgo: 1, contactN: 32 },
  ] satisfies TestConversation[],
};

/** Another Nina Novak, whose address begins like Nina's (`nina.novak2@…`): a namesake, not her. */
export const NINA_NAMESAKE = {
  key: 'nina-novak-2',
  contacts: [{ n: 35, email: 'nina.novak2@example.com', createdDaysAgo: 4 }] satisfies TestContact[],
  conversations: [{ n: 35, channel: 'email', address: 'nina.novak2@example.com', daysAgo: 4, contactN: 35, name: 'Nina Novak' }] satisfies TestConversation[],
};
