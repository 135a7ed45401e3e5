import type { GenesysApi, OrgSettings } from '../genesys/index.js';
import type { LineTypeLookup } from '../lookup/index.js';
import {
  buildPlan, computePlanHash, createIdentityIndex, customerParticipants, deriveOwnership, createNormalizer,
  type AlreadyMerged, type ConversationInput, type LineKind, type MergePlan, type TenantSettings,
} from '../merge/index.js';
import { invalidSelection } from './errors.js';
import { addLineKinds } from './line-kinds.js';
import { liveCommunicationId } from './live.js';
import { byConversationId, emptyContactReads, linkedContactIds, readContacts, withoutDanglingLinks, type ContactReads } from './reads.js';
import type { Selection } from './types.js';

/** Most conversations one merge may name (the batch details GET takes 100 ids per call). */
export const MAX_SELECTION = 100;
const CONVERSATION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A selection checked and normalised: unique ids, the anchor first. Throws `invalid_selection` naming the field. */
export function normaliseSelection(selection: Selection): { conversationIds: string[]; anchorConversationId: string } {
  const raw: unknown = selection?.conversationIds;
  if (!Array.isArray(raw) || raw.length === 0) throw invalidSelection('conversationIds', 'at least one conversation id is required');
  raw.forEach((id, i) => {
    if (typeof id !== 'string' || !CONVERSATION_ID.test(id)) throw invalidSelection(`conversationIds[${i}]`, 'must be a conversation id');
  });
  const anchor: unknown = selection.anchorConversationId ?? raw[0];
  if (typeof anchor !== 'string' || !CONVERSATION_ID.test(anchor)) throw invalidSelection('anchorConversationId', 'must be a conversation id');
  const ids = [...new Set([anchor, ...(raw as string[])])];
  if (ids.length > MAX_SELECTION) throw invalidSelection('conversationIds', `at most ${MAX_SELECTION} conversations per merge`);
  return { conversationIds: ids, anchorConversationId: anchor };
}

/** What a plan is built from: the selected conversations and their contacts, read fresh. */
export interface SelectionReads {
  /** Found conversations by id, links to contacts that no longer exist removed. */
  conversations: Map<string, ConversationInput>;
  /** Ids the batch GET did not return (purged, unknown or out of the app's divisions). */
  missing: Map<string, 'purged' | 'not_found'>;
  contacts: ContactReads;
  /** conversationId → the communication id read from the live conversation (only when asked). */
  communicationIds: Map<string, string> | null;
}

/**
 * Reads a selection with as few calls as the budget allows, everything concurrently: one batch
 * details GET per 100 ids; the contacts (`contactIds` when the caller knows the canonical ones, as
 * re-validation does, so k GETs; then any linked contact none of their merge sets covers); and,
 * when `communicationIds`, one live conversation GET per conversation for its media id.
 * `seen` marks ids known to have existed: missing ones are then `purged`, others `not_found`.
 */
export async function readSelection(
  api: GenesysApi,
  conversationIds: readonly string[],
  options: { contactIds?: readonly string[]; communicationIds: boolean; seen?: (id: string) => boolean },
): Promise<SelectionReads> {
  const contacts = emptyContactReads();
  const [records, , live] = await Promise.all([
    api.getAnalyticsConversations(conversationIds),
    readContacts(api, options.contactIds ?? [], contacts),
    options.communicationIds
      ? Promise.all(conversationIds.map((id) => api.getConversation(id).catch(() => null)))
      : Promise.resolve(null),
  ]);
  const found = byConversationId(records);
  await readContacts(api, linkedContactIds(found.values()), contacts);
  const conversations = new Map<string, ConversationInput>();
  const missing = new Map<string, 'purged' | 'not_found'>();
  for (const id of conversationIds) {
    const record = found.get(id);
    if (record) conversations.set(id, withoutDanglingLinks(record, contacts.missing));
    else missing.set(id, options.seen?.(id) ? 'purged' : 'not_found');
  }
  let communicationIds: Map<string, string> | null = null;
  if (live) {
    communicationIds = new Map();
    conversationIds.forEach((id, i) => {
      const conversation = live[i];
      const record = conversations.get(id);
      if (!conversation || !record) return;
      for (const participant of customerParticipants(record)) {
        const session = participant.sessions?.find((s) => s.mediaType && s.sessionId);
        const media = session ? liveCommunicationId(conversation, participant.participantId, session.mediaType!) : null;
        if (media) {
          communicationIds!.set(id, media);
          return;
        }
      }
    });
  }
  return { conversations, missing, contacts, communicationIds };
}

/** Everything a plan depends on besides the reads. */
export interface PlanContext {
  anchorConversationId: string;
  conversationIds: readonly string[];
  settings: TenantSettings;
  org: OrgSettings;
  alreadyMerged: ReadonlyMap<string, AlreadyMerged>;
  now: number;
  sessionIdIsCommunicationId: boolean;
  /** Carrier line types of the selection's unverified listed lines (`readLineKinds`). */
  lineKinds?: ReadonlyMap<string, LineKind>;
}

/**
 * The carrier line types a plan of these reads depends on (see `addLineKinds`), the anchor's
 * lines first. The lookup caches its answers, so preview and re-validation see the same ones.
 */
export async function readLineKinds(lookup: LineTypeLookup | undefined, reads: SelectionReads, org: OrgSettings, settings: TenantSettings): Promise<Map<string, LineKind>> {
  const known = new Map<string, LineKind>();
  if (!lookup) return known;
  const normalizer = createNormalizer({ defaultCountry: org.defaultCountryCode, emailRules: settings.emailRules });
  const conversations = [...reads.conversations.values()];
  const contacts = reads.contacts.byId;
  const index = createIdentityIndex({ contacts, normalizer, ownership: deriveOwnership({ conversations, contacts, normalizer }) });
  await addLineKinds(lookup, known, index, conversations);
  return known;
}

/**
 * The plan of a selection from its reads (`buildPlan`): ownership facts come from the selected
 * conversations and their contacts only, so preview and re-validation, which read the same
 * things, build the same plan and hash. When the session id is not the communication id, each
 * association carries the id read from the live conversation, and the hash is recomputed.
 */
export function planFromReads(reads: SelectionReads, context: PlanContext): MergePlan {
  const normalizer = createNormalizer({ defaultCountry: context.org.defaultCountryCode, emailRules: context.settings.emailRules });
  const contacts = reads.contacts.byId;
  const plan = buildPlan({
    anchorConversationId: context.anchorConversationId,
    conversationIds: context.conversationIds,
    conversations: reads.conversations,
    missing: reads.missing,
    contacts,
    ownership: deriveOwnership({ conversations: reads.conversations.values(), contacts, normalizer, ...(context.lineKinds ? { lineKinds: context.lineKinds } : {}) }),
    alreadyMerged: context.alreadyMerged,
    settings: context.settings,
    org: { defaultCountry: context.org.defaultCountryCode, retentionDays: context.org.retentionDays },
    now: context.now,
    sessionIdIsCommunicationId: context.sessionIdIsCommunicationId,
  });
  if (!reads.communicationIds) return plan;
  const ids = reads.communicationIds;
  const { planHash: _old, ...rest } = plan;
  const patched = { ...rest, associations: plan.associations.map((a) => ({ ...a, communicationId: ids.get(a.conversationId) ?? a.communicationId })) };
  return { ...patched, planHash: computePlanHash(patched) };
}

/** Re-reads linked contacts only: the ids to GET to re-validate a plan (its canonical contacts). */
export function planContactIds(plan: MergePlan): string[] {
  return plan.contacts.map((c) => c.id);
}

/** Conversations of a plan that were found (the ones to associate and confirm). */
export function plannedConversationIds(plan: MergePlan): string[] {
  const missing = new Set(plan.problems.filter((p) => p.code === 'not_found' || p.code === 'purged').map((p) => p.conversationId));
  return plan.conversationIds.filter((id) => !missing.has(id));
}

