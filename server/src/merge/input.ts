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

/**
 * Parses an ISO-8601 instant to epoch ms; `null` when absent or unparseable. The UTC forms
 * Genesys writes (`2026-11-20T10:00:00Z`, `2026-11-20T10:00:00.123Z`) are read by arithmetic,
 * three times faster than `Date.parse` (a timeline reads 200,000 of them); anything else goes
 * through `Date.parse`, and both agree wherever both apply.
 */
export function parseInstant(value: string | undefined | null): number | null {
  if (!value) return null;
  const fast = utcInstant(value);
  if (fast === fast) return fast;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

const DAYS_BEFORE_MONTH: ReadonlyArray<number> = Object.freeze([0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]);
/** Epoch ms of `YYYY-MM-DDTHH:MM:SS[.sss]Z` (years from 1970, fields in range), else NaN. */
function utcInstant(v: string): number {
  const n = v.length;
  if ((n !== 24 && n !== 20) || v.charCodeAt(n - 1) !== 90 || v.charCodeAt(10) !== 84) return NaN;
  const c0 = v.charCodeAt(0) - 48, c1 = v.charCodeAt(1) - 48, c2 = v.charCodeAt(2) - 48, c3 = v.charCodeAt(3) - 48;
  const c5 = v.charCodeAt(5) - 48, c6 = v.charCodeAt(6) - 48, c8 = v.charCodeAt(8) - 48, c9 = v.charCodeAt(9) - 48;
  const c11 = v.charCodeAt(11) - 48, c12 = v.charCodeAt(12) - 48, c14 = v.charCodeAt(14) - 48, c15 = v.charCodeAt(15) - 48;
  const c17 = v.charCodeAt(17) - 48, c18 = v.charCodeAt(18) - 48;
  let ms = 0;
  if (n === 24) {
    const c20 = v.charCodeAt(20) - 48, c21 = v.charCodeAt(21) - 48, c22 = v.charCodeAt(22) - 48;
    if (v.charCodeAt(19) !== 46 || c20 < 0 || c20 > 9 || c21 < 0 || c21 > 9 || c22 < 0 || c22 > 9) return NaN;
    ms = c20 * 100 + c21 * 10 + c22;
  }
  if (c0 < 0 || c0 > 9 || c1 < 0 || c1 > 9 || c2 < 0 || c2 > 9 || c3 < 0 || c3 > 9 || c5 < 0 || c5 > 9 || c6 < 0 || c6 > 9
    || c8 < 0 || c8 > 9 || c9 < 0 || c9 > 9 || c11 < 0 || c11 > 9 || c12 < 0 || c12 > 9 || c14 < 0 || c14 > 9 || c15 < 0 || c15 > 9
    || c17 < 0 || c17 > 9 || c18 < 0 || c18 > 9 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) return NaN;
  const year = c0 * 1000 + c1 * 100 + c2 * 10 + c3;
  const month = c5 * 10 + c6;
  const day = c8 * 10 + c9;
  const hour = c11 * 10 + c12;
  const minute = c14 * 10 + c15;
  const second = c17 * 10 + c18;
  const leap = (year & 3) === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) return NaN;
  const y = year - 1;
  const days = (year - 1970) * 365 + ((y / 4) | 0) - 492 - (((y / 100) | 0) - 19) + (((y / 400) | 0) - 4) + DAYS_BEFORE_MONTH[month - 1]! + (month > 2 && leap ? 1 : 0) + day - 1;
  return ((days * 24 + hour) * 60 + minute) * 60000 + second * 1000 + ms;
}
