import { isGenesysStatus, type AnalyticsConversation, type ExternalContact, type GenesysApi } from '../genesys/index.js';
import { customerParticipants, type ContactInput, type ConversationInput } from '../merge/index.js';

/** Contacts read for one use case: canonical records by every id that leads to them. */
export interface ContactReads {
  /**
   * Canonical records only, keyed by their own id, by every member of their merge set and by the
   * id that was asked for: a merged-away id maps to the head of its merge tree (the shape
   * `ContactsById` documents), so preview and re-validation build the same map whichever id
   * they read by.
   */
  byId: Map<string, ContactInput>;
  /** Ids that answered 404 (an expired ephemeral contact, a deleted one). */
  missing: Set<string>;
  /** Ids that answered 403 (outside the backend's divisions). */
  hidden: Set<string>;
}

/** An empty set of reads, filled by {@link readContacts}. */
export function emptyContactReads(): ContactReads {
  return { byId: new Map(), missing: new Set(), hidden: new Set() };
}

/** The head of a record's merge tree as the record itself says. */
export function recordCanonicalId(record: ExternalContact): string {
  return record.canonicalContact?.id ?? record.mergedTo?.id ?? record.id ?? '';
}

/**
 * Reads contacts (`GET …/contacts/{id}?expand=identifiers,division`) concurrently, skipping ids
 * already read, and files them in `reads`. A record that is not the head of its merge tree (the
 * platform may answer a merged-away id with the stored record, reference §3.2) is followed to
 * its canonical contact with one more read. 404 and 403 are recorded, not thrown.
 *
 * Returns the ids newly read (as asked).
 */
export async function readContacts(api: GenesysApi, ids: Iterable<string>, reads: ContactReads): Promise<string[]> {
  const wanted = [...new Set(ids)].filter((id) => id && !reads.byId.has(id) && !reads.missing.has(id) && !reads.hidden.has(id));
  if (wanted.length === 0) return [];
  const follow: Array<{ asked: string; canonical: string }> = [];
  await Promise.all(
    wanted.map(async (id) => {
      const record = await getContactOrNull(api, id, reads);
      if (!record) return;
      const canonical = recordCanonicalId(record);
      if (canonical && canonical !== record.id) follow.push({ asked: id, canonical });
      else fileCanonical(reads, record, id);
    }),
  );
  if (follow.length > 0) {
    const heads = [...new Set(follow.map((f) => f.canonical))].filter((id) => !reads.byId.has(id));
    await Promise.all(
      heads.map(async (id) => {
        const record = await getContactOrNull(api, id, reads);
        if (record) fileCanonical(reads, record, id);
      }),
    );
    for (const { asked, canonical } of follow) {
      const head = reads.byId.get(canonical);
      if (head) reads.byId.set(asked, head);
    }
  }
  return wanted;
}

async function getContactOrNull(api: GenesysApi, id: string, reads: ContactReads): Promise<ExternalContact | null> {
  try {
    return await api.getContact(id);
  } catch (error) {
    if (isGenesysStatus(error, 404)) {
      reads.missing.add(id);
      return null;
    }
    if (isGenesysStatus(error, 403)) {
      reads.hidden.add(id);
      return null;
    }
    throw error;
  }
}

function fileCanonical(reads: ContactReads, record: ExternalContact, asked: string): void {
  const contact = record as ContactInput;
  const id = record.id ?? asked;
  reads.byId.set(id, contact);
  reads.byId.set(asked, contact);
  for (const member of record.mergeSet ?? []) {
    if (member.id && !reads.byId.has(member.id)) reads.byId.set(member.id, contact);
  }
  for (const member of record.mergedFrom ?? []) {
    if (member.id && !reads.byId.has(member.id)) reads.byId.set(member.id, contact);
  }
}

/** The contact ids the customer participants of these conversations are linked to. */
export function linkedContactIds(conversations: Iterable<ConversationInput>): string[] {
  const out = new Set<string>();
  for (const conversation of conversations) {
    for (const participant of customerParticipants(conversation)) {
      if (participant.externalContactId) out.add(participant.externalContactId);
    }
  }
  return [...out];
}

/**
 * The conversation without links to contacts that no longer exist (404: an expired ephemeral
 * contact): such a link says nothing about who the customer is, and the contact can be neither
 * merged nor kept, so the conversation is treated as unlinked (it is associated like one).
 */
export function withoutDanglingLinks<T extends ConversationInput>(conversation: T, missing: ReadonlySet<string>): T {
  if (missing.size === 0) return conversation;
  const participants = conversation.participants ?? [];
  if (!participants.some((p) => p.externalContactId && missing.has(p.externalContactId))) return conversation;
  return {
    ...conversation,
    participants: participants.map((p) => {
      if (!p.externalContactId || !missing.has(p.externalContactId)) return p;
      const { externalContactId: _dangling, ...rest } = p;
      return rest;
    }),
  };
}

/** The analytics records by conversation id (the first record of an id wins). */
export function byConversationId(records: Iterable<AnalyticsConversation>): Map<string, AnalyticsConversation> {
  const out = new Map<string, AnalyticsConversation>();
  for (const record of records) {
    if (record.conversationId && !out.has(record.conversationId)) out.set(record.conversationId, record);
  }
  return out;
}

/** Runs `task` over `items` with at most `limit` at once; results in item order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
