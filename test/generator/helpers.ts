import type {
  AnalyticsConversation, AnalyticsParticipant, AnalyticsSession, Dataset,
} from '../../emulator/src/dataset/types.js';
import { generateDataset, resolveGeneratorParams, type GeneratorParams } from '../../emulator/src/generator/index.js';

/** Generates a small dataset with `overrides` over the defaults (300 customers, a fixed test seed). */
export function generate(overrides: Partial<GeneratorParams> = {}): Dataset {
  return generateDataset(resolveGeneratorParams({ customers: 300, seed: 'generator-tests', ...overrides }));
}

/** Parameters with every ambiguity and noise switched off, to isolate one effect. */
export const QUIET: Partial<GeneratorParams> = {
  secondPhoneRate: 0, secondEmailRate: 0, foreignPhoneRate: 0, householdRate: 0, switchboardRate: 0,
  sameNameRate: 0, typoRate: 0, emailCaseVariantRate: 0, plusTagRate: 0, withheldCallerIdRate: 0,
  activeRate: 0, purgedRate: 0,
};

export function customerSide(conversation: AnalyticsConversation): AnalyticsParticipant | undefined {
  return conversation.participants.find((p) => p.purpose === 'customer' || p.purpose === 'external');
}

export function customerSession(conversation: AnalyticsConversation): AnalyticsSession | undefined {
  return customerSide(conversation)?.sessions[0];
}

export type Kind = 'voice' | 'email' | 'sms' | 'whatsapp' | 'webmessaging';

export function kindOf(conversation: AnalyticsConversation): Kind {
  const session = customerSession(conversation)!;
  return session.mediaType === 'message' ? (session.messageType as Kind) : (session.mediaType as Kind);
}

export function ofKind(dataset: Dataset, kind: Kind, direction?: 'inbound' | 'outbound'): AnalyticsConversation[] {
  return dataset.conversations.filter((c) => kindOf(c) === kind && (!direction || c.originatingDirection === direction));
}

/** The phone number (E.164) the customer's side presented, for voice and SMS. */
export function customerNumber(conversation: AnalyticsConversation): string | null {
  const session = customerSession(conversation)!;
  const raw = session.direction === 'outbound' ? session.dnis : session.mediaType === 'voice' ? session.ani : session.addressFrom;
  if (!raw) return null;
  const match = /^(?:tel:)?(\+\d+)$/.exec(raw);
  return match ? match[1]! : null;
}

/** Mailbox behind an address: lower case, plus-tag removed; for Gmail, dots removed and googlemail.com read as gmail.com. */
export function mailbox(address: string): string {
  const lower = address.toLowerCase();
  const [local = '', domain = ''] = lower.split('@');
  const untagged = local.split('+')[0]!;
  const gmail = domain === 'gmail.com' || domain === 'googlemail.com';
  return gmail ? `${untagged.replace(/\./g, '')}@gmail.com` : `${untagged}@${domain}`;
}

/** Groups values by key into sets. */
export function groupSets<T>(entries: Iterable<readonly [string, T]>): Map<string, Set<T>> {
  const out = new Map<string, Set<T>>();
  for (const [key, value] of entries) {
    const set = out.get(key);
    if (set) set.add(value);
    else out.set(key, new Set([value]));
  }
  return out;
}

export const hasAgent = (conversation: AnalyticsConversation) => conversation.participants.some((p) => p.purpose === 'agent');
export const segmentsOf = (conversation: AnalyticsConversation) =>
  conversation.participants.flatMap((p) => p.sessions.flatMap((s) => s.segments));
