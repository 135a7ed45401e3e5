/**
 * The dataset contract (DESIGN.md, "Emulator" → "A dataset is one JSON file").
 *
 * Shapes follow the Genesys Platform API v2 wire format (camelCase), as in
 * `../shared/reference/genesys-api.md`: conversations are analytics conversation
 * details (§2.2), contacts are `ExternalContact` objects (§3.1). They are structurally
 * compatible with the SDK's `Models.AnalyticsConversationWithoutAttributes` and
 * `Models.ExternalContact`, but stricter: fields the emulator relies on are required.
 *
 * `emulator/dataset.schema.json` is the JSON Schema of this file; keep the two in step.
 */

/** Analytics media types (reference §2.2, session `mediaType`). */
export type AnalyticsMediaType =
  | 'callback' | 'chat' | 'cobrowse' | 'email' | 'internalmessage' | 'message'
  | 'screenmonitoring' | 'screenshare' | 'unknown' | 'video' | 'voice';

/** Message types of `mediaType: "message"` sessions (reference §2.1 / §2.2). */
export type MessageType =
  | 'apple' | 'facebook' | 'instagram' | 'kakao' | 'line' | 'open' | 'sms'
  | 'telegram' | 'twitter' | 'webmessaging' | 'whatsapp' | 'unknown';

/** Analytics participant purposes (reference §2.2). */
export type ParticipantPurpose =
  | 'acd' | 'agent' | 'api' | 'botflow' | 'campaign' | 'customer' | 'dialer' | 'external'
  | 'fax' | 'group' | 'inbound' | 'ivr' | 'manual' | 'outbound' | 'station' | 'user'
  | 'voicemail' | 'voicesurveyflow' | 'workflow';

/** Analytics segment types (reference §2.2). */
export type SegmentType =
  | 'alert' | 'barging' | 'callback' | 'coaching' | 'contacting' | 'converting' | 'delay'
  | 'dialing' | 'hold' | 'interact' | 'ivr' | 'monitoring' | 'parked' | 'scheduled'
  | 'screenmonitoring' | 'sharing' | 'system' | 'transmitting' | 'unknown' | 'uploading'
  | 'voicemail' | 'wrapup';

export interface AnalyticsSegment {
  segmentStart: string;
  /** Absent while the segment is still open (an active conversation). */
  segmentEnd?: string;
  segmentType: SegmentType;
  queueId?: string;
  disconnectType?: string;
  subject?: string;
  wrapUpCode?: string;
  conference?: boolean;
}

export interface AnalyticsSession {
  /** Equals the communication id of the participant's media (reference §3.6; UNCONFIRMED). */
  sessionId: string;
  mediaType: AnalyticsMediaType;
  messageType?: MessageType;
  direction: 'inbound' | 'outbound';
  /** Voice: `tel:+E164` URIs. */
  ani?: string;
  dnis?: string;
  /** Email and messaging: the address as the channel wrote it. */
  addressFrom?: string;
  addressTo?: string;
  remote?: string;
  provider?: string;
  authenticated?: boolean;
  segments: AnalyticsSegment[];
}

export interface AnalyticsParticipant {
  participantId: string;
  participantName?: string;
  purpose: ParticipantPurpose;
  userId?: string;
  /** The contact Genesys linked this participant to (identity resolution or association). */
  externalContactId?: string;
  externalOrganizationId?: string;
  sessions: AnalyticsSession[];
}

/** One analytics conversation detail record (`AnalyticsConversationWithoutAttributes`). */
export interface AnalyticsConversation {
  conversationId: string;
  conversationStart: string;
  /** Absent while the conversation is active. */
  conversationEnd?: string;
  originatingDirection: 'inbound' | 'outbound';
  divisionIds: string[];
  externalTag?: string;
  participants: AnalyticsParticipant[];
}

/** `PhoneNumber` (reference §3.1). */
export interface PhoneNumber {
  display?: string;
  extension?: number;
  acceptsSMS?: boolean;
  normalizationCountryCode?: string;
  userInput?: string;
  e164?: string;
  countryCode?: string;
}

export interface EntityRef {
  id: string;
  name?: string;
  selfUri?: string;
}

export type ContactIdentifierType =
  | 'SocialLine' | 'SocialFacebook' | 'SocialTwitter' | 'SocialWhatsapp' | 'SocialInstagram'
  | 'AppleOpaqueId' | 'Email' | 'Phone' | 'Cookie' | 'ExternalId';

export interface ContactIdentifier {
  id?: string;
  type: ContactIdentifierType;
  value: string;
  division?: EntityRef;
  dateCreated?: string;
  externalSource?: EntityRef;
}

/** `ExternalContact` (reference §3.1), merge fields included. */
export interface ExternalContact {
  id: string;
  type: 'Ephemeral' | 'Identified' | 'Curated';
  division: EntityRef;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  salutation?: string;
  title?: string;
  workPhone?: PhoneNumber;
  cellPhone?: PhoneNumber;
  homePhone?: PhoneNumber;
  otherPhone?: PhoneNumber;
  workEmail?: string;
  personalEmail?: string;
  otherEmail?: string;
  address?: {
    address1?: string; address2?: string; city?: string; state?: string;
    postalCode?: string; countryCode?: string;
  };
  twitterId?: { id?: string; name?: string; screenName?: string };
  lineId?: { ids?: Array<{ userId: string }>; displayName?: string };
  whatsAppId?: { phoneNumber: PhoneNumber; displayName?: string };
  facebookId?: { ids?: Array<{ scopedId: string }>; displayName?: string };
  externalIds?: Array<{ externalSource?: EntityRef; value: string }>;
  identifiers?: ContactIdentifier[];
  surveyOptOut?: boolean;
  externalSystemUrl?: string;
  customFields?: Record<string, unknown>;
  createDate: string;
  modifyDate: string;
  /** Head of the merge tree; absent when the contact is not part of any merge. */
  canonicalContact?: EntityRef;
  mergeSet?: EntityRef[];
  mergedFrom?: EntityRef[];
  mergedTo?: EntityRef;
}

/** A line type as a carrier lookup names it (Twilio Lookup v2 Line Type Intelligence `type`). */
export type LineType = 'mobile' | 'landline' | 'fixedVoip' | 'nonFixedVoip' | 'tollFree';

export type OAuthGrantType = 'CLIENT-CREDENTIALS' | 'CODE' | 'TOKEN';

export interface OAuthClient {
  id: string;
  name: string;
  /** Required for CLIENT-CREDENTIALS; a CODE client without a secret is a public (PKCE) client. */
  secret?: string;
  authorizedGrantType: OAuthGrantType;
  roleIds: string[];
  registeredRedirectUri: string[];
  /** Token lifetime, 300..172800; default 86400 (reference §1.2). */
  accessTokenValiditySeconds?: number;
  /** Divisions a client-credentials token may see; absent = all divisions (`roleDivisions`, reference §1.2). */
  divisionIds?: string[];
}

/**
 * An integration type the org may install (reference genesys-client-app.md §2–§3). The platform's
 * own client-app types are built into the emulator; a premium app's type exists only in orgs that
 * bought the app, so datasets list it here.
 */
export interface IntegrationTypeSpec {
  /** e.g. `premium-app-interaction-merger` (Genesys creates it for a premium app). */
  id: string;
  name: string;
  description?: string;
  provider?: string;
  category?: string;
  /** The permissions the type grants (a premium app's `integration:<app>:<action>`). */
  userPermissions?: string[];
  /** OAuth clients of the vendor's org that this org may sign in through (e.g. an installer). */
  vendorOAuthClientIds?: string[];
  /** Whether config `properties` may set the iframe `sandbox` and `permissions`; production premium types may not (§3.1). Default false. */
  iframeSettings?: boolean;
  /** Created by Genesys, not through `POST /api/v2/integrations`. Default false. */
  nonInstallable?: boolean;
  maxInstances?: number;
}

export interface Dataset {
  /**
   * The instant the dataset describes as "now". The emulator rebases every timestamp
   * so that this instant maps to its clock's now at load (option `rebaseTimes`,
   * default true), so a dataset generated once stays "recent" forever.
   * Optional: without it, timestamps are served as stored.
   */
  referenceTime?: string;
  org: {
    id: string;
    name: string;
    /** ISO 3166-1 alpha-2; served as `defaultCountryCode` by `organizations/me`. */
    defaultCountry: string;
    /** Served by `GET /api/v2/analytics/dataretention/settings` as `retentionDays`. */
    analyticsRetentionDays: number;
  };
  divisions: Array<{ id: string; name: string }>;
  roles: Array<{ id: string; name: string; permissions: string[] }>;
  users: Array<{
    id: string; name: string; email: string; roleIds: string[]; divisionId: string;
    /** Divisions the user's roles are granted in; absent = all divisions. */
    divisionIds?: string[];
  }>;
  oauthClients: OAuthClient[];
  externalContacts: ExternalContact[];
  conversations: AnalyticsConversation[];
  /** Conversation ids whose single GETs answer 404; left out of batch and query results. */
  purged: string[];
  /** conversationId → customer key: the truth, never served by the API. */
  truth: Record<string, string>;
  /**
   * conversationId → evidence group key, or null when the conversation carries no evidence of who
   * the customer is (only a shared line or an anonymous session). Two conversations of the same
   * customer in the same group are linked by identifiers the API shows; recall is counted over
   * them (anchors.md §2). Written by the generator (`emulator/src/generator/evidence.ts` documents
   * the rule), read only by benchmarks and tests, never served by the API. Optional.
   */
  evidence?: Record<string, string | null>;
  /** Integration types beyond the platform's built-in client-app types (e.g. the premium app's). Optional. */
  integrationTypes?: IntegrationTypeSpec[];
  /** Enabled products, as `GET /api/v2/authorization/products` lists them (`{id}`). Optional; absent = none. */
  products?: Array<{ id: string }>;
  /**
   * E.164 → what a carrier line-type lookup (number portability data) says about the number: the
   * one way to tell a household landline from a personal mobile where the numbering plan cannot
   * (every US number). The emulator's lookup service (`/twilio-lookups`) answers from it; numbers
   * absent here are answered from the numbering plan where it tells, else as unknown. Optional.
   */
  lineTypes?: Record<string, LineType>;
}
