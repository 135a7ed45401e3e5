import { createHash } from 'node:crypto';
import { toAssociationMediaType } from './channel.js';
import { canonicalContactId, contactDisplayName, customerParticipants } from './identifiers.js';
import { createIdentityIndex } from './identity.js';
import type { ContactInput, ContactsById, ConversationInput } from './input.js';
import { createNormalizer } from './normalize.js';
import type { OwnershipFacts } from './ownership.js';
import { canonicalJson, decideValues } from './policy.js';
import { reconcileTimeline } from './timeline.js';
import type {
  AlreadyMerged, Channel, MergePlan, PlannedApiCall, PlannedAssociation, PlannedContact, TenantSettings,
} from './types.js';
import { validateSelection } from './validate.js';

/** Placeholder for the id the merge POST returns, in planned paths. */
export const MERGED_CONTACT_PLACEHOLDER = '{mergedContactId}';
/** The batch analytics GET takes at most this many ids per call (reference §2.2, commonly cited). */
export const BATCH_IDS_PER_CALL = 100;

/** Version of the hashed form: bump when its content changes meaning. */
const PLAN_HASH_VERSION = 1;

/**
 * SHA-256 (hex) over canonical JSON of everything the merge depends on: the sorted conversation
 * ids; the contacts (id, `modifyDate`, merge set) sorted by id; whether a merge is required;
 * `valueOverride`; the associations sorted by conversation; and the validation verdict (`valid`
 * and each problem's code, severity and conversation, sorted). Not hashed: the order of any
 * input, the anchor, the timeline, field decisions (they follow from the above), API calls, and
 * problem params (an age in days changes with the clock, not with the plan).
 */
export function computePlanHash(plan: Omit<MergePlan, 'planHash'>): string {
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const hashed = {
    v: PLAN_HASH_VERSION,
    conversationIds: [...new Set(plan.conversationIds)].sort(),
    contacts: plan.contacts
      .map((c) => ({ id: c.id, modifyDate: c.modifyDate, mergeSetSize: c.mergeSetSize, mergeSetIds: c.mergeSetIds ? [...c.mergeSetIds].sort() : null }))
      .sort((a, b) => text(a.id, b.id)),
    mergeRequired: plan.mergeRequired,
    valueOverride: plan.valueOverride,
    associations: plan.associations
      .map((a) => ({ conversationId: a.conversationId, communicationId: a.communicationId, mediaType: a.mediaType, currentContactId: a.currentContactId }))
      .sort((a, b) => text(a.conversationId, b.conversationId) || text(a.communicationId, b.communicationId)),
    verdict: {
      valid: plan.valid,
      problems: plan.problems
        .map((p) => `${p.code}|${p.severity}|${p.conversationId ?? ''}`)
        .sort(),
    },
  };
  return createHash('sha256').update(canonicalJson(hashed)).digest('hex');
}

export interface BuildPlanInput {
  anchorConversationId: string;
  /** The selection, the anchor included. */
  conversationIds: readonly string[];
  /** Analytics records found, by id. */
  conversations: ReadonlyMap<string, ConversationInput>;
  /** Ids that answered 404 (see `ValidationInput.missing`). */
  missing?: ReadonlyMap<string, 'purged' | 'not_found'>;
  /** Contacts read: every linked contact and, for merged ones, their canonical contact. */
  contacts: ContactsById;
  ownership?: OwnershipFacts;
  alreadyMerged?: ReadonlyMap<string, AlreadyMerged>;
  settings: TenantSettings;
  org: { defaultCountry: string; retentionDays: number };
  allowedDivisionIds?: ReadonlySet<string> | null;
  /** Epoch ms: retention and the end of active conversations. */
  now: number;
  /**
   * The analytics session id serves as the communication id of the association (the emulator's
   * behaviour; reference §3.6). Default true. When false the plan adds one conversation GET per
   * association to read the communication id.
   */
  sessionIdIsCommunicationId?: boolean;
}

/**
 * Assembles the merge plan of a selection: validation problems, the canonical contacts to merge
 * (`mergeRequired` when there are two or more), the `valueOverride` decided by the tenant's
 * conflict policy, one association per conversation whose link must change, the reconciled
 * timeline, the exact API calls, and `planHash` (`computePlanHash`).
 *
 * Associations: with a merge, every found conversation is re-pointed at the new contact; without
 * one, the conversations not already linked to the single contact. The communication id is the
 * customer's first session id; the media type its association form (`CALL` for voice).
 *
 * `apiCalls` in execution order, for a merge of N conversations over k contacts: one batch
 * analytics GET and k contact GETs to re-check the plan; the merge POST (when required); N
 * association PUTs; one batch analytics GET and one contact GET to confirm. That is N + k + 4
 * calls (DESIGN.md's budget), plus N conversation GETs when the session id is not the
 * communication id. A batch GET carries at most `BATCH_IDS_PER_CALL` ids.
 */
export function buildPlan(input: BuildPlanInput): MergePlan {
  const { settings } = input;
  const normalizer = createNormalizer({ defaultCountry: input.org.defaultCountry, emailRules: settings.emailRules });
  const index = createIdentityIndex({ contacts: input.contacts, ownership: input.ownership, normalizer });
  const problems = validateSelection({
    anchorConversationId: input.anchorConversationId,
    conversationIds: input.conversationIds,
    conversations: input.conversations,
    missing: input.missing,
    contacts: input.contacts,
    ownership: input.ownership,
    alreadyMerged: input.alreadyMerged,
    settings,
    defaultCountry: input.org.defaultCountry,
    retentionDays: input.org.retentionDays,
    allowedDivisionIds: input.allowedDivisionIds,
    now: input.now,
    index,
  });
  const conversationIds = [...new Set(input.conversationIds)];
  const found = conversationIds
    .map((id) => input.conversations.get(id))
    .filter((c): c is ConversationInput => c !== undefined);

  const contactOrder: string[] = [];
  const channelsByContact = new Map<string, Channel[]>();
  for (const conversation of [...found].sort(byId)) {
    const identifiers = index.conversation(conversation);
    const channel = identifiers.primarySession?.channel;
    for (const contactId of identifiers.canonicalContactIds) {
      if (!contactOrder.includes(contactId)) contactOrder.push(contactId);
      const channels = channelsByContact.get(contactId) ?? [];
      if (channel) channels.push(channel);
      channelsByContact.set(contactId, channels);
    }
  }
  contactOrder.sort();
  const contactRecords = contactOrder.map((id) => input.contacts.get(id) ?? { id });
  const contacts = contactRecords.map((record, i) => plannedContact(contactOrder[i]!, record, input.contacts));
  const mergeRequired = contacts.length >= 2;
  const decision = mergeRequired
    ? decideValues(contactRecords.map((c, i) => ({ ...c, id: contactOrder[i] })), settings.conflictPolicy, {
      channelWeights: settings.channelWeights,
      sourcePriority: settings.sourcePriority,
      channelsByContact,
      defaultCountry: input.org.defaultCountry,
    })
    : { valueOverride: {}, fieldDecisions: [] };

  const target = mergeRequired ? MERGED_CONTACT_PLACEHOLDER : contacts[0]?.id ?? null;
  const associations: PlannedAssociation[] = [];
  for (const conversation of found) {
    const association = plannedAssociation(conversation, input.contacts);
    if (!association) continue;
    if (!mergeRequired && association.currentContactId !== null && association.currentContactId === target) continue;
    associations.push(association);
  }
  const timeline = found.length > 0
    ? reconcileTimeline(found, { channelWeights: settings.channelWeights, clockSkewToleranceMs: settings.clockSkewToleranceMs, now: input.now })
    : null;
  const apiCalls = plannedCalls({
    conversationIds: found.map((c) => c.conversationId ?? '').sort(),
    contactIds: contacts.map((c) => c.id),
    associations,
    mergeRequired,
    target,
    sessionIdIsCommunicationId: input.sessionIdIsCommunicationId ?? true,
  });
  const plan: Omit<MergePlan, 'planHash'> = {
    conversationIds,
    anchorConversationId: input.anchorConversationId,
    contacts,
    mergeRequired,
    valueOverride: decision.valueOverride,
    fieldDecisions: decision.fieldDecisions,
    associations,
    timeline,
    problems,
    valid: !problems.some((p) => p.severity === 'error'),
    apiCalls,
  };
  return { ...plan, planHash: computePlanHash(plan) };
}

const byId = (a: ConversationInput, b: ConversationInput) =>
  (a.conversationId ?? '') < (b.conversationId ?? '') ? -1 : (a.conversationId ?? '') > (b.conversationId ?? '') ? 1 : 0;

function plannedContact(id: string, record: ContactInput, contacts: ContactsById): PlannedContact {
  const mergeSetIds = [...new Set([id, ...(record.mergeSet ?? []).map((m) => m.id).filter((m): m is string => !!m)])].sort();
  const type = record.type === 'Curated' || record.type === 'Identified' || record.type === 'Ephemeral' ? record.type : 'Ephemeral';
  return {
    id: canonicalContactId(id, contacts),
    type,
    displayName: contactDisplayName(record),
    modifyDate: record.modifyDate ?? '',
    divisionId: record.division?.id ?? '',
    mergeSetSize: mergeSetIds.length,
    mergeSetIds,
  };
}

function plannedAssociation(conversation: ConversationInput, contacts: ContactsById): PlannedAssociation | null {
  for (const participant of customerParticipants(conversation)) {
    for (const session of participant.sessions ?? []) {
      const mediaType = toAssociationMediaType(session.mediaType);
      if (!mediaType || !session.sessionId) continue;
      return {
        conversationId: conversation.conversationId ?? '',
        communicationId: session.sessionId,
        mediaType,
        currentContactId: participant.externalContactId ? canonicalContactId(participant.externalContactId, contacts) : null,
      };
    }
  }
  return null;
}

function plannedCalls(input: {
  conversationIds: string[];
  contactIds: string[];
  associations: PlannedAssociation[];
  mergeRequired: boolean;
  target: string | null;
  sessionIdIsCommunicationId: boolean;
}): PlannedApiCall[] {
  const calls: PlannedApiCall[] = [];
  const batches = (purpose: string) => {
    for (let i = 0; i < input.conversationIds.length; i += BATCH_IDS_PER_CALL) {
      const ids = input.conversationIds.slice(i, i + BATCH_IDS_PER_CALL).join(',');
      calls.push({ method: 'GET', path: `/api/v2/analytics/conversations/details?id=${ids}`, purpose });
    }
  };
  batches('revalidate');
  for (const id of input.contactIds) {
    calls.push({ method: 'GET', path: `/api/v2/externalcontacts/contacts/${id}`, purpose: 'revalidate' });
  }
  if (!input.sessionIdIsCommunicationId) {
    for (const association of input.associations) {
      calls.push({ method: 'GET', path: `/api/v2/conversations/${association.conversationId}`, purpose: 'communication_id' });
    }
  }
  if (input.mergeRequired) calls.push({ method: 'POST', path: '/api/v2/externalcontacts/contacts/merge', purpose: 'merge_contacts' });
  for (const association of input.associations) {
    calls.push({ method: 'PUT', path: `/api/v2/externalcontacts/conversations/${association.conversationId}`, purpose: 'associate' });
  }
  if (input.associations.length > 0 || input.mergeRequired) {
    batches('confirm');
    if (input.target) calls.push({ method: 'GET', path: `/api/v2/externalcontacts/contacts/${input.target}`, purpose: 'confirm' });
  }
  return calls;
}
