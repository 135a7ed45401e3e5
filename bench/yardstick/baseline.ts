import type { AnalyticsConversation, Dataset } from '../../emulator/src/dataset/types.js';
import { customerParticipants } from './channels.js';
import type { Eligibility } from './eligibility.js';

const WITHHELD = /^(sip|tel):anonymous(@|$)/i;

/**
 * The raw identifier strings of a conversation's customer side, exactly as stored: each
 * customer-side participant's `externalContactId`, and per session the customer's own address
 * (inbound: `ani` and `addressFrom`; outbound, where the customer is the called party: `dnis`
 * and `addressTo`). No normalisation at all. Blank keys never match (as in anchors.md §2.4's
 * method), and a withheld caller id (`sip:anonymous@…`, `tel:anonymous`) is a blank: it says who
 * the caller is not, rather than who they are.
 */
export function rawIdentifiers(conversation: AnalyticsConversation): string[] {
  const out = new Set<string>();
  for (const participant of customerParticipants(conversation)) {
    if (participant.externalContactId) out.add(participant.externalContactId);
    for (const session of participant.sessions) {
      const addresses = session.direction === 'outbound' ? [session.dnis, session.addressTo] : [session.ani, session.addressFrom];
      for (const address of addresses) if (address && !WITHHELD.test(address)) out.add(address);
    }
  }
  return [...out];
}

/** A matcher: the conversation ids it auto-selects for an anchor. */
export interface SelectionMatcher {
  select(anchorId: string): string[];
}

/**
 * The exact-identifier baseline (anchors.md §2.4's "exact key" rule, for conversations): for an
 * anchor, selects every eligible conversation sharing at least one raw identifier string with it
 * ({@link rawIdentifiers}). The floor any real matcher has to beat. Selections are in dataset order.
 */
export function createExactIdentifierBaseline(
  dataset: Pick<Dataset, 'conversations'>,
  eligible: Eligibility = (a, o) => a !== o,
): SelectionMatcher {
  const order = new Map<string, number>();
  const identifiersOf = new Map<string, string[]>();
  const byIdentifier = new Map<string, string[]>();
  dataset.conversations.forEach((conversation, index) => {
    const id = conversation.conversationId;
    order.set(id, index);
    const identifiers = rawIdentifiers(conversation);
    identifiersOf.set(id, identifiers);
    for (const identifier of identifiers) {
      const list = byIdentifier.get(identifier);
      if (list) list.push(id);
      else byIdentifier.set(identifier, [id]);
    }
  });
  return {
    select(anchorId) {
      const picked = new Set<string>();
      for (const identifier of identifiersOf.get(anchorId) ?? []) {
        for (const other of byIdentifier.get(identifier)!) if (other !== anchorId && eligible(anchorId, other)) picked.add(other);
      }
      return [...picked].sort((a, b) => order.get(a)! - order.get(b)!);
    },
  };
}

/** Runs a matcher over anchors and returns the selections map `measure` takes. */
export function selectAll(matcher: SelectionMatcher, anchors: readonly string[]): Map<string, string[]> {
  return new Map(anchors.map((anchor) => [anchor, matcher.select(anchor)]));
}
