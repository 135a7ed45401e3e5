/**
 * The input shapes of the pure merge logic: Genesys wire objects as the engine receives them.
 *
 * Every field is optional and loosely typed (`string` rather than an enum), so both the SDK's
 * models (`platformClient.Models.AnalyticsConversationWithoutAttributes`, `Models.ExternalContact`)
 * and the stricter dataset types of the emulator are assignable without casts. The functions of
 * this folder cope with any field being absent.
 */

/** An analytics segment (reference §2.2). An absent `segmentEnd` means the segment is still open. */
export interface SegmentInput {
  segmentStart?: string;
  segmentEnd?: string;
  segmentType?: string;
}

/** An analytics session: the participant's media leg (reference §2.2). */
export interface SessionInput {
  /** The communication id of the participant's media (reference §3.6; a setting says whether it is). */
  sessionId?: string;
  mediaType?: string;
  messageType?: string;
  direction?: string;
  ani?: string;
  dnis?: string;
  addressFrom?: string;
  addressTo?: string;
  segments?: SegmentInput[];
}

/** An analytics participant. */
export interface ParticipantInput {
  participantId?: string;
  participantName?: string;
  purpose?: string;
  userId?: string;
  externalContactId?: string;
  sessions?: SessionInput[];
}

/** One analytics conversation detail record. */
export interface ConversationInput {
  conversationId?: string;
  conversationStart?: string;
  conversationEnd?: string;
  divisionIds?: string[];
  participants?: ParticipantInput[];
}

/** `PhoneNumber` (reference §3.1). */
export interface PhoneNumberInput {
  display?: string;
  extension?: number;
  acceptsSMS?: boolean;
  normalizationCountryCode?: string;
  userInput?: string;
  e164?: string;
  countryCode?: string;
}

/** A reference to another entity (`{id}`). */
export interface EntityRefInput {
  id?: string;
}

/** `ExternalContact` (reference §3.1), the fields the merge reads. */
export interface ContactInput {
  id?: string;
  type?: string;
  division?: EntityRefInput;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  salutation?: string;
  title?: string;
  workPhone?: PhoneNumberInput;
  cellPhone?: PhoneNumberInput;
  homePhone?: PhoneNumberInput;
  otherPhone?: PhoneNumberInput;
  workEmail?: string;
  personalEmail?: string;
  otherEmail?: string;
  address?: {
    address1?: string; address2?: string; city?: string; state?: string;
    postalCode?: string; countryCode?: string;
  };
  twitterId?: { id?: string; name?: string; screenName?: string };
  lineId?: { ids?: Array<{ userId?: string }>; displayName?: string };
  whatsAppId?: { phoneNumber?: PhoneNumberInput; displayName?: string };
  facebookId?: { ids?: Array<{ scopedId?: string }>; displayName?: string };
  instagramId?: { ids?: Array<{ scopedId?: string }>; displayName?: string; handle?: string };
  appleOpaqueIds?: Array<{ value?: string }>;
  externalIds?: Array<{ externalSource?: EntityRefInput; value?: string }>;
  identifiers?: Array<{ type?: string; value?: string }>;
  surveyOptOut?: boolean;
  externalSystemUrl?: string;
  createDate?: string;
  modifyDate?: string;
  canonicalContact?: EntityRefInput;
  mergeSet?: EntityRefInput[];
  mergedFrom?: EntityRefInput[];
  mergedTo?: EntityRefInput;
}

/** Contacts the engine has read, by id (a merged-away id may map to its canonical contact). */
export type ContactsById = ReadonlyMap<string, ContactInput>;

/** Parses an ISO-8601 instant to epoch ms; `null` when absent or unparseable. */
export function parseInstant(value: string | undefined | null): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}
