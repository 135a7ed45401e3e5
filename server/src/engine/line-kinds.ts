import type { LineTypeLookup } from '../lookup/index.js';
import { createIdentityIndex, deriveOwnership, type ContactsById, type ConversationInput, type LineKind, type Normalizer } from '../merge/index.js';

/** Most numbers one request looks up (a switchboard's callers could name hundreds). */
export const MAX_LINE_LOOKUPS = 25;

/**
 * Asks the carrier lookup about the unverified listed lines among the conversations' customer
 * phones (`IdentityIndex.isUnverifiedLine`: a listed number of unknown kind no named contact
 * claims), the first conversation's first, at most {@link MAX_LINE_LOOKUPS}, and adds the answers
 * to `known` (identifier key → kind). Numbers already in `known` are not asked again. Without a
 * lookup nothing is asked, and such lines stay possibly shared.
 */
export async function addLineKinds(
  lookup: LineTypeLookup | undefined,
  known: Map<string, LineKind>,
  input: { conversations: readonly ConversationInput[]; contacts: ContactsById; normalizer: Normalizer },
): Promise<void> {
  if (!lookup) return;
  const { conversations, contacts, normalizer } = input;
  const index = createIdentityIndex({ contacts, normalizer, ownership: deriveOwnership({ conversations, contacts, normalizer, lineKinds: known }) });
  const numbers: string[] = [];
  for (const conversation of conversations) {
    for (const identifier of index.conversation(conversation).identifiers) {
      if (identifier.source !== 'session' || identifier.type !== 'phone' || known.has(identifier.key)) continue;
      if (!numbers.includes(identifier.value) && index.isUnverifiedLine(identifier.key)) numbers.push(identifier.value);
    }
    if (numbers.length >= MAX_LINE_LOOKUPS) break;
  }
  if (numbers.length === 0) return;
  for (const [number, kind] of await lookup.lineKinds(numbers.slice(0, MAX_LINE_LOOKUPS))) known.set(`phone:${number}`, kind);
}
