import type { IdentifierRegistry } from './people.js';

/** The generation facts evidence is computed from (see {@link computeEvidence}). */
export interface EvidenceFacts {
  /** Conversation ids in output order (group keys are numbered in this order). */
  conversationIds: readonly string[];
  /** conversationId → identifier nodes the customer's channel visibly presented. */
  conversationNodes: ReadonlyMap<string, readonly string[]>;
  /** contactId → identifier nodes recorded on the contact. */
  contactNodes: ReadonlyMap<string, readonly string[]>;
  /** [conversationId, contactId]: an agent associated the conversation with the customer's own contact. */
  associations: ReadonlyArray<readonly [string, string]>;
  /** Who holds each identifier node, and whether it is a one-off. */
  registry: IdentifierRegistry;
}

/**
 * Evidence groups: which conversations the data itself links to the same person.
 *
 * A union-find over three kinds of node: conversations, contacts and identifiers. Identifier
 * nodes are the real identifiers behind what channels and agents wrote: one node per phone number
 * (`phone:+E164`, whatever format it was typed or sent in; a WhatsApp sender is its phone
 * number), one per mailbox (`mailbox:<mailboxOf>`: lower case, plus-tag removed, Gmail dots ignored), one per web messaging
 * cookie, and one per typo (`typo:<n>`: a mistyped value is its own node and links nothing else).
 * Edges:
 * 1. conversation ↔ each identifier the customer's channel presented visibly: the ANI or dialled
 *    number, email sender or recipient, SMS/WhatsApp sender (all written in the session); for web
 *    messaging, whose session shows no customer address, the cookie and pre-chat form email only
 *    when recorded on the contact the conversation is linked to;
 * 2. contact ↔ each identifier recorded on it (by Genesys or typed by an agent);
 * 3. conversation ↔ contact, when an agent associated the conversation with the customer's own
 *    contact (the agent verified who it was; the association is visible as `externalContactId`).
 * An identifier held by several people (a household landline, a company switchboard) or a
 * one-off (a fresh anonymous cookie) takes part in no edge: it is no evidence of who the person
 * is. Genesys auto-linking a conversation to a contact is not an edge of its own: it follows
 * from the identifier, and by a shared identifier it may link the wrong person.
 *
 * A conversation with no edge at all gets `null` (ambiguous: never counted as a miss). The others
 * get `ev-<n>`, numbered by first appearance in `conversationIds`. Two conversations are a true
 * pair when they have the same customer in `truth` and the same group.
 */
export function computeEvidence(facts: EvidenceFacts): Record<string, string | null> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const add = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
  };
  const union = (a: string, b: string) => {
    add(a);
    add(b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  const linkable = (node: string) => {
    const held = facts.registry.get(node);
    return !!held && !held.anonymous && held.holders.size === 1;
  };

  const hasEdge = new Set<string>();
  for (const [conversationId, nodes] of facts.conversationNodes) {
    for (const node of nodes) {
      if (!linkable(node)) continue;
      union(`conv:${conversationId}`, `id:${node}`);
      hasEdge.add(conversationId);
    }
  }
  for (const [contactId, nodes] of facts.contactNodes) {
    for (const node of nodes) if (linkable(node)) union(`contact:${contactId}`, `id:${node}`);
  }
  for (const [conversationId, contactId] of facts.associations) {
    union(`conv:${conversationId}`, `contact:${contactId}`);
    hasEdge.add(conversationId);
  }

  const groupOfRoot = new Map<string, string>();
  const evidence: Record<string, string | null> = {};
  for (const conversationId of facts.conversationIds) {
    if (!hasEdge.has(conversationId)) {
      evidence[conversationId] = null;
      continue;
    }
    const root = find(`conv:${conversationId}`);
    let group = groupOfRoot.get(root);
    if (!group) {
      group = `ev-${groupOfRoot.size + 1}`;
      groupOfRoot.set(root, group);
    }
    evidence[conversationId] = group;
  }
  return evidence;
}
