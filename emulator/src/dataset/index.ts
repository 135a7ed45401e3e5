export type {
  AnalyticsConversation,
  AnalyticsMediaType,
  AnalyticsParticipant,
  AnalyticsSegment,
  AnalyticsSession,
  ContactIdentifier,
  ContactIdentifierType,
  Dataset,
  EntityRef,
  ExternalContact,
  IntegrationTypeSpec,
  LineType,
  MessageType,
  OAuthClient,
  OAuthGrantType,
  ParticipantPurpose,
  PhoneNumber,
  SegmentType,
} from './types.js';
export { DEMO_IDS } from './demo-ids.js';
export { DatasetError, datasetSchemaPath, parseDataset, validateDataset } from './validate.js';
export type { DatasetIssue } from './validate.js';
export { demoDatasetPath, loadDataset } from './load.js';
