import type { LineTypeLookup } from '../lookup/index.js';
import type { ConversationInput, IdentityIndex, LineKind } from '../merge/index.js';

/** Most numbers one request looks up (a switchboard's callers could name hundreds). */
export const MAX_LINE_LOOKUPS = 25;

/**
 * Asks the carrier lookup about the unverified listed lines among the conversations' customer
 * phones (`IdentityIndex.isUnverifiedLine` of `index`, built over these conversations: a listed
 * number of unknown kind no named contact claims), the first conversation's first, at most
 * {@link MAX_LINE_LOOKUPS}, and adds the answers to `known` (identifier key → kind). Numbers
 * already in `known` are not asked again. True when an answer was added: `index` is then stale.
 */
export async function addLineKinds(
  lookup: LineTypeLookup,
  known: Map<string, LineKind>,
  index: IdentityIndex,
  conversations: Iterable<ConversationInput>,
): Promise<boolean> {
  const numbers = new Set<string>();
  for (const conversation of conversations) {
    for (const identifier of index.conversation(conversation).identifiers) {
      if (identifier.source !== 'session' || identifier.type !== 'phone' || known.has(identifier.key)) continue;
      if (numbers.size < MAX_LINE_LOOKUPS && index.isUnverifiedLine(identifier.key)) numbers.add(identifier.value);
    }
    if (numbers.size >= MAX_LINE_LOOKUPS) break;
  }
  if (numbers.size === 0) return false;
  const answers = await lookup.lineKinds([...numbers]);
  for (const [number, kind] of answers) known.set(`phone:${number}`, kind);
  return answers.size > 0;
}
