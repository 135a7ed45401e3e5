/**
 * The Genesys Cloud org emulator: real Platform API v2 paths, shapes, errors, limits and
 * permissions over a dataset file (see `emulator/dataset.schema.json` and DESIGN.md "Emulator"),
 * and a Twilio Lookup v2 stand-in answering carrier line types from it (`/twilio-lookups`).
 */
export { createEmulator, startEmulator } from './app/index.js';
export type { Emulator, RunningEmulator } from './app/index.js';
export { DEFAULT_BEHAVIOUR, DEFAULT_LIMITS } from './config/index.js';
export type { EmulatorBehaviour, EmulatorClock, EmulatorLimits, EmulatorOptions } from './config/index.js';
export {
  DatasetError, DEMO_IDS, datasetSchemaPath, demoDatasetPath, loadDataset, parseDataset, validateDataset,
} from './dataset/index.js';
export type {
  AnalyticsConversation, AnalyticsMediaType, AnalyticsParticipant, AnalyticsSegment, AnalyticsSession,
  ContactIdentifier, ContactIdentifierType, Dataset, DatasetIssue, EntityRef, ExternalContact, LineType, MessageType,
  OAuthClient, OAuthGrantType, ParticipantPurpose, PhoneNumber, SegmentType,
} from './dataset/index.js';
export { NO_FAULTS, seededRandom } from './http/index.js';
export type { FaultSettings, GenesysErrorBody, RequestCountEntry, RequestCounts } from './http/index.js';
export { LOOKUP_BASE_PATH, LOOKUP_TEMPLATE } from './lookup/index.js';
export type { LineTypeIntelligence, LookupPhoneNumber } from './lookup/index.js';
