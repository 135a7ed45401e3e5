/**
 * Domain types of the merge: plain, serialisable data shared by the pure logic in this folder,
 * the engine that does the I/O, the job store, the HTTP API and the widget (type imports only).
 */

/**
 * The channel of a conversation, derived from analytics `mediaType` and `messageType`:
 * voice and callback → `voice`; chat → `chat`; email → `email`; message with messageType
 * webmessaging / sms / whatsapp → that name; any other message type → `messaging`.
 */
export type Channel = 'voice' | 'chat' | 'webmessaging' | 'email' | 'sms' | 'whatsapp' | 'messaging';

/** Per-channel weights used by candidate scoring context and timeline priority (DESIGN.md step 7). */
export type ChannelWeights = Record<Channel, number>;

/** DESIGN.md defaults: voice 10, chat and web messaging 7, email 5, SMS 3, other messaging 3. */
export const DEFAULT_CHANNEL_WEIGHTS: Readonly<ChannelWeights> = Object.freeze({
  voice: 10,
  chat: 7,
  webmessaging: 7,
  email: 5,
  sms: 3,
  whatsapp: 3,
  messaging: 3,
});

/** What kind of identifier a piece of evidence is about. */
export type IdentifierType = 'phone' | 'email' | 'messagingId' | 'externalContactId' | 'name';

/**
 * Why a candidate was scored as it was. Codes, not sentences: the widget localises them.
 * - `same_contact`: both conversations are linked to the same external contact (or merge set).
 * - `phone_match` / `email_match` / `messaging_id_match`: the same normalised identifier.
 * - `email_variant_match`: the same mailbox once plus-tags (and dots, where configured) are removed.
 * - `contact_identifier_match`: the identifier is recorded on the customer's contact.
 * - `shared_identifier`: weak; the identifier belongs to several distinct contacts (household,
 *   switchboard), so it never selects on its own.
 * - `name_match`: weak; the same name only, never selects on its own.
 * - `time_proximity`: close in time to the current interaction (a small bonus).
 * - `conflicting_identifier`: negative; a strong identifier of another person.
 */
export type ReasonCode =
  | 'same_contact'
  | 'phone_match'
  | 'email_match'
  | 'email_variant_match'
  | 'messaging_id_match'
  | 'contact_identifier_match'
  | 'shared_identifier'
  | 'name_match'
  | 'time_proximity'
  | 'conflicting_identifier';

export interface Reason {
  code: ReasonCode;
  identifierType: IdentifierType | null;
  /** The identifier as the agent may see it in a list (e.g. `•••• 4567`, `j•••@example.com`). */
  masked: string | null;
  /** Contribution to the score (negative for conflicts). */
  weight: number;
}

/** A merged-session marker: this conversation was already merged by us (from our store). */
export interface AlreadyMerged {
  mergedAt: string;
  mergedBy: string;
  contactId: string;
  jobId: string;
}

export interface Candidate {
  conversationId: string;
  mediaType: string;
  messageType: string | null;
  channel: Channel;
  startTime: string;
  endTime: string | null;
  maskedAddress: string | null;
  /** 0..1 */
  score: number;
  /** Auto-selected: score at or above the tenant's threshold and no weak-only evidence. */
  selected: boolean;
  alreadyMerged: AlreadyMerged | null;
  reasons: Reason[];
}

/** Conflict policy for `valueOverride` (DESIGN.md step 4). */
export type ConflictPolicy = 'recency' | 'channel_priority' | 'source';

export interface TenantSettings {
  /** Auto-selection threshold, 0..1. */
  threshold: number;
  channelWeights: ChannelWeights;
  conflictPolicy: ConflictPolicy;
  /** For `source`: contact types in order of trust, e.g. ['Curated', 'Identified', 'Ephemeral']. */
  sourcePriority: Array<'Curated' | 'Identified' | 'Ephemeral'>;
  lookBackDays: number;
  /** Whether conversations still in progress may be merged. */
  allowActiveConversations: boolean;
  /** Clock-skew tolerance for the timeline, ms. */
  clockSkewToleranceMs: number;
  /** Email rules: strip `+tag` / ignore dots in the local part (per domain for dots). */
  emailRules: { stripPlusTags: boolean; ignoreDotsDomains: string[] };
  /**
   * Whether customer phone numbers of unknown line kind (a listed US number no contact claims)
   * may be sent to the service's carrier line-type lookup, when it has one (a sub-processor).
   */
  lineTypeLookup: boolean;
}

export type ValidationCode =
  | 'retention_expired'
  | 'purged'
  | 'not_found'
  | 'continuity_conflict'
  | 'no_common_evidence'
  | 'too_few_contacts'
  | 'too_many_contacts'
  | 'merge_set_too_large'
  | 'division_not_allowed'
  | 'conversation_active'
  | 'already_merged'
  | 'no_customer';

export interface ValidationProblem {
  code: ValidationCode;
  severity: 'error' | 'warning';
  conversationId: string | null;
  /** Values for the widget's localised message (counts, limits, dates); never a customer identifier. */
  params: Record<string, string | number>;
}

/** One field of the merged contact: the value kept and the values that lose. */
export interface FieldDecision {
  field: string;
  chosen: { value: unknown; sourceContactId: string };
  losing: Array<{ value: unknown; sourceContactId: string }>;
  /** Which rule chose: the policy's name, or `only_value` when there was no conflict. */
  rule: ConflictPolicy | 'only_value' | 'relocated';
  /** For `relocated`: the field the value lost in, before it moved to a free field of its kind. */
  relocatedFrom?: string;
}

export interface PlannedContact {
  id: string;
  type: 'Ephemeral' | 'Identified' | 'Curated';
  displayName: string | null;
  modifyDate: string;
  divisionId: string;
  mergeSetSize: number;
  /** Ids of the contact's merge set (itself included), when known: part of the plan hash. */
  mergeSetIds?: string[];
}

/** Analytics media type → association media type (reference §3.6: UPPERCASE there). */
export type AssociationMediaType =
  | 'CALL' | 'CALLBACK' | 'CHAT' | 'COBROWSE' | 'EMAIL' | 'MESSAGE' | 'INTERNAL_MESSAGE'
  | 'SCREEN_MONITORING' | 'SOCIAL_EXPRESSION' | 'VIDEO' | 'SCREENSHARE';

export interface PlannedAssociation {
  conversationId: string;
  communicationId: string;
  mediaType: AssociationMediaType;
  currentContactId: string | null;
}

export interface PlannedApiCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  purpose: string;
}

export interface TimelineEvent {
  conversationId: string;
  channel: Channel;
  mediaType: string;
  messageType: string | null;
  segmentType: string;
  participant: 'customer' | 'agent' | 'system';
  start: string;
  end: string;
}

export interface Timeline {
  sessionStart: string;
  sessionEnd: string;
  channelSequence: Channel[];
  authoritativeConversationId: string;
  priorityScore: number;
  events: TimelineEvent[];
  deduplicatedCount: number;
}

export interface MergePlan {
  conversationIds: string[];
  anchorConversationId: string;
  contacts: PlannedContact[];
  /** False when every conversation already resolves to one canonical contact. */
  mergeRequired: boolean;
  valueOverride: Record<string, unknown>;
  fieldDecisions: FieldDecision[];
  associations: PlannedAssociation[];
  timeline: Timeline | null;
  problems: ValidationProblem[];
  /** True when no problem has severity `error`. */
  valid: boolean;
  apiCalls: PlannedApiCall[];
  /** Hash of everything above that the merge depends on; the merge must present it. */
  planHash: string;
}

export interface MergeResult {
  contactId: string;
  mergedFromContactIds: string[];
  conversationIds: string[];
  channelSequence: Channel[];
  timeline: Timeline;
  metrics: { mergeLatencyMs: number; apiCalls: number; priorityScore: number; retries: number };
}
