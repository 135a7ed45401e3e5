/**
 * The pure merge logic: normalisation, identifiers, identity, scoring, validation, value
 * policy, timeline reconciliation and the plan with its hash. No I/O, no clock reads: time is
 * a parameter. The engine (`server/src/engine`) reads Genesys and calls these.
 */
export type {
  AlreadyMerged, AssociationMediaType, Candidate, Channel, ChannelWeights, ConflictPolicy, FieldDecision,
  IdentifierType, MergePlan, MergeResult, PlannedApiCall, PlannedAssociation, PlannedContact, Reason, ReasonCode,
  TenantSettings, Timeline, TimelineEvent, ValidationCode, ValidationProblem,
} from './types.js';
export { DEFAULT_CHANNEL_WEIGHTS } from './types.js';
export type {
  ContactInput, ContactsById, ConversationInput, EntityRefInput, ParticipantInput, PhoneNumberInput, SegmentInput, SessionInput,
} from './input.js';
export { parseInstant } from './input.js';
export { channelOf, fromAssociationMediaType, toAssociationMediaType } from './channel.js';
export type { EmailRules, NormalizationContext, Normalizer, ParsedPhone } from './normalize.js';
export {
  createNormalizer, emailMailbox, normalizeEmail, normalizeMessagingId, normalizeName, normalizePhone, normalizeWhatsAppId, parsePhone,
  isBusinessName, phoneLineType,
} from './normalize.js';
export type {
  ConversationIdentifiers, ExtractedIdentifier, IdentifierKind, IdentifierSource, IdentifierStrength,
} from './identifiers.js';
export {
  IDENTIFIER_NAMESPACE, SHARED_LINE_FIELDS, canonicalContactId, contactDisplayName, customerParticipants,
  extractContactIdentifiers, extractConversationIdentifiers, rememberedSessionAddress, sessionAddress,
} from './identifiers.js';
export { blockingKeyOf, contactBlockingKeys } from './blocking.js';
export type { AddressMemo } from './identifiers.js';
export type { SearchKey } from './search-keys.js';
export { contactQueryFor, dotVariantKeys, emailCaseForms, searchKeysFor, searchKeysForPerson } from './search-keys.js';
export type { IdentifierOwnership, LineKind, OwnershipFacts } from './ownership.js';
export { countPeople, deriveOwnership, mergeOwnership, namesCompatible } from './ownership.js';
export type { IdentityIndex } from './identity.js';
export type { Person } from './person.js';
export { createIdentityIndex } from './identity.js';
export { linkedThroughSharedLine } from './person.js';
export type { Evidence } from './evidence.js';
export { EVIDENCE_WEIGHTS, WEAK_CAP, evidenceFor } from './evidence.js';
export type { ScoreInput } from './score.js';
export { CHANNEL_MODIFIER_MAX, TIME_PROXIMITY_MAX, TIME_PROXIMITY_SPAN_MS, scoreCandidates } from './score.js';
export type { ValidationInput } from './validate.js';
export { MERGE_LIMITS, resultingMergeSetSize, validateSelection } from './validate.js';
export type { PolicyContext, ValueDecision } from './policy.js';
export { DEFAULT_SOURCE_PRIORITY, canonicalJson, decideValues, rankContacts } from './policy.js';
export type { TimelineSettings } from './timeline.js';
export { AGENT_PRESENT_PRIORITY, DURATION_PRIORITY_MAX, HANDLING_PRIORITY, reconcileTimeline } from './timeline.js';
export type { BuildPlanInput } from './plan.js';
export { BATCH_IDS_PER_CALL, MERGED_CONTACT_PLACEHOLDER, buildPlan, computePlanHash } from './plan.js';
export { maskEmail, maskIdentifier, maskMessagingId, maskName, maskPhone } from './mask.js';
