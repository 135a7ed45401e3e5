import {
  parsePhoneNumberFromString, validatePhoneNumberLength, type PhoneNumberType, type ValidatePhoneNumberLengthResult,
} from 'libphonenumber-js/max';
import type { LineType } from '../dataset/index.js';

/** Twilio Lookup v2 `line_type_intelligence` (https://www.twilio.com/docs/lookup/v2-api/line-type-intelligence). */
export interface LineTypeIntelligence {
  carrier_name: string | null;
  error_code: number | null;
  mobile_country_code: string | null;
  mobile_network_code: string | null;
  type: LineType | null;
}

/** Twilio Lookup v2 `PhoneNumber` resource (https://www.twilio.com/docs/lookup/v2-api). */
export interface LookupPhoneNumber {
  calling_country_code: string | null;
  country_code: string | null;
  phone_number: string;
  national_format: string | null;
  valid: boolean;
  validation_errors: string[];
  caller_name: null;
  sim_swap: null;
  call_forwarding: null;
  line_type_intelligence: LineTypeIntelligence | null;
  identity_match: null;
  reassigned_number: null;
  sms_pumping_risk: null;
  phone_number_quality_score: null;
  pre_fill: null;
  url: string;
}

/** What one lookup asks. */
export interface LookupQuery {
  /** The path segment, decoded: E.164 expected. */
  phoneNumber: string;
  /** The `Fields` data packages asked for (comma-separated in the query string). */
  fields: readonly string[];
  /** The carrier data: `Dataset.lineTypes`. */
  lineTypes: ReadonlyMap<string, LineType>;
  /** The resource's URL for a number, as the body's `url` names it. */
  urlOf(phoneNumber: string): string;
}

/** libphonenumber types the numbering plan tells apart; the rest (FIXED_LINE_OR_MOBILE, PAGER…) do not say. */
const PLAN_TYPES: Partial<Record<PhoneNumberType, LineType>> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'landline',
  VOIP: 'nonFixedVoip',
  TOLL_FREE: 'tollFree',
};

/** Twilio error 60600: "Unprovisioned or Out of Coverage" (https://www.twilio.com/docs/api/errors/60600). */
const OUT_OF_COVERAGE = 60600;

/** libphonenumber's length verdicts, as Twilio names `validation_errors`. */
const LENGTH_ERRORS: Record<ValidatePhoneNumberLengthResult, string> = {
  TOO_SHORT: 'TOO_SHORT',
  TOO_LONG: 'TOO_LONG',
  INVALID_LENGTH: 'INVALID_LENGTH',
  INVALID_COUNTRY: 'INVALID_COUNTRY_CODE',
  NOT_A_NUMBER: 'NOT_A_NUMBER',
};

const NULL_PACKAGES = {
  caller_name: null, sim_swap: null, call_forwarding: null, identity_match: null, reassigned_number: null,
  sms_pumping_risk: null, phone_number_quality_score: null, pre_fill: null,
} as const;

/**
 * Answers `GET /v2/PhoneNumbers/{phoneNumber}` as Twilio Lookup v2 does: 200 for any input, with
 * `valid: false` and `validation_errors` when it is not a real number. A number listed in
 * `lineTypes` is valid whatever libphonenumber says: the dataset is the emulator's world, and the
 * demo's fictional numbers (such as Ofcom's 07700 900xxx drama range) must be lookup-able.
 */
export function lookUpPhoneNumber(query: LookupQuery): LookupPhoneNumber {
  const parsed = parsePhoneNumberFromString(query.phoneNumber);
  const listed = parsed && query.lineTypes.get(parsed.number);
  if (!parsed || !(parsed.isValid() || listed)) {
    return {
      calling_country_code: parsed?.countryCallingCode ?? null,
      country_code: null,
      phone_number: query.phoneNumber,
      national_format: null,
      valid: false,
      validation_errors: [validationError(query.phoneNumber)],
      ...NULL_PACKAGES,
      line_type_intelligence: null,
      url: query.urlOf(query.phoneNumber),
    };
  }
  const planKind = parsed.getType();
  const planType = planKind && PLAN_TYPES[planKind];
  return {
    calling_country_code: parsed.countryCallingCode,
    country_code: parsed.country ?? parsed.getPossibleCountries()[0] ?? null,
    phone_number: parsed.number,
    national_format: parsed.formatNational(),
    valid: true,
    validation_errors: [],
    ...NULL_PACKAGES,
    line_type_intelligence: query.fields.includes('line_type_intelligence') ? lineTypeIntelligence(listed ?? planType) : null,
    url: query.urlOf(parsed.number),
  };
}

/**
 * The line type the carrier data or the numbering plan gives, else none with error 60600. The
 * answer for a number outside the dataset is the emulator's choice: UNCONFIRMED how Twilio answers
 * for numbers outside its carrier data.
 */
function lineTypeIntelligence(type: LineType | undefined): LineTypeIntelligence {
  return {
    carrier_name: null,
    error_code: type ? null : OUT_OF_COVERAGE,
    mobile_country_code: null,
    mobile_network_code: null,
    type: type ?? null,
  };
}

/** Why an input is not a valid number: a length problem, else a number no plan assigns. */
function validationError(input: string): string {
  const lengthError = validatePhoneNumberLength(input);
  return lengthError ? LENGTH_ERRORS[lengthError] : 'INVALID_BUT_POSSIBLE';
}
