import type { Clock } from '../clock/index.js';
import type { AnalyticsConversation, ExternalContact, GenesysApi } from '../genesys/index.js';
import { customerParticipants, type MergePlan } from '../merge/index.js';
import { AppError } from '../errors/index.js';
import { byConversationId } from './reads.js';

/** Bounded backoff of the confirmation reads, on the injected clock. */
export interface ConfirmOptions {
  /** Wait before the first read, ms (0: read at once; Genesys usually shows the merge at once). */
  initialDelayMs: number;
  /** First wait between reads, ms; doubles up to `maxDelayMs`. */
  backoffMs: number;
  maxDelayMs: number;
  /** Give up (retryable `confirm_timeout`) once this much clock time has passed, ms. */
  timeoutMs: number;
}

/** At once, then 250 ms doubling to 4 s, for at most 30 s of clock time. */
export const DEFAULT_CONFIRM_OPTIONS: Readonly<ConfirmOptions> = Object.freeze({
  initialDelayMs: 0,
  backoffMs: 250,
  maxDelayMs: 4_000,
  timeoutMs: 30_000,
});

/** What {@link confirmMerge} checks. */
export interface ConfirmInput {
  api: GenesysApi;
  clock: Clock;
  options: ConfirmOptions;
  plan: MergePlan;
  /** The surviving contact. */
  contactId: string;
  /** The contacts the merge consumed ([] when no merge was needed). */
  mergedFromContactIds: readonly string[];
  /** The conversations to check (found ones). */
  conversationIds: readonly string[];
  signal?: AbortSignal;
}

/** What {@link confirmMerge} saw once Genesys agreed. */
export interface Confirmation {
  /** The analytics records as last read, every one consistent. */
  records: AnalyticsConversation[];
  /** Reads made (polls), for the log. */
  polls: number;
}

/** Ids a contact record stands for: itself, its merge set and what it was merged from. */
function memberIds(contact: ExternalContact): Set<string> {
  const ids = new Set<string>();
  if (contact.id) ids.add(contact.id);
  for (const ref of [...(contact.mergeSet ?? []), ...(contact.mergedFrom ?? [])]) if (ref.id) ids.add(ref.id);
  return ids;
}

/**
 * Reads back until Genesys agrees with the merge (bounded backoff on the injected clock, no fixed
 * sleeps): the surviving contact lists every merged contact in `mergedFrom`/`mergeSet` (read once
 * it does), and every conversation's customer participants point at it (re-read in one batch GET,
 * only the conversations not yet consistent). A conversation that was not re-associated (no merge
 * was needed and it already pointed at a member of the contact's merge set) counts as consistent
 * when it points at any member. In the usual case this is one contact GET and one batch GET, run
 * concurrently. Throws `confirm_timeout` (retryable) after `timeoutMs`.
 */
export async function confirmMerge(input: ConfirmInput): Promise<Confirmation> {
  const { api, clock, options, contactId } = input;
  const associated = new Set(input.plan.associations.map((a) => a.conversationId));
  const deadline = clock.now() + options.timeoutMs;
  let members: Set<string> | null = null;
  let pending = [...input.conversationIds];
  const confirmed = new Map<string, AnalyticsConversation>();
  let delay = options.backoffMs;
  let polls = 0;
  if (options.initialDelayMs > 0) await clock.sleep(options.initialDelayMs, input.signal);
  for (;;) {
    input.signal?.throwIfAborted();
    polls++;
    const [contact, records] = await Promise.all([
      members ? Promise.resolve(null) : api.getContact(contactId),
      pending.length > 0 ? api.getAnalyticsConversations(pending) : Promise.resolve([]),
    ]);
    if (contact) {
      const ids = memberIds(contact);
      if (ids.has(contactId) && input.mergedFromContactIds.every((id) => ids.has(id))) members = ids;
    }
    const byId = byConversationId(records);
    pending = pending.filter((id) => {
      const record = byId.get(id);
      if (!record) return true;
      const linked = customerParticipants(record).filter((p) => (p.sessions ?? []).length > 0).map((p) => p.externalContactId);
      const ok = linked.length > 0 && linked.every((linkedId) =>
        linkedId === contactId || (!associated.has(id) && !!linkedId && (members?.has(linkedId) ?? false)));
      if (ok) confirmed.set(id, record);
      return !ok;
    });
    if (members && pending.length === 0) {
      return { records: input.conversationIds.map((id) => confirmed.get(id)!).filter(Boolean), polls };
    }
    if (clock.now() + delay > deadline) {
      throw new AppError('confirm_timeout', 504, 'Genesys Cloud has not shown the merge and the associations yet; confirmation will be retried', {
        details: { contactConfirmed: members !== null, pendingConversationIds: pending, polls },
      });
    }
    await clock.sleep(delay, input.signal);
    delay = Math.min(options.maxDelayMs, delay * 2);
  }
}
