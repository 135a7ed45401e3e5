import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { LineType, PhoneNumber } from '../dataset/types.js';
import type { Locale } from './locales.js';
import type { Random } from './random.js';

/** A real (valid) phone number the generator handed to someone. */
export interface DrawnPhone {
  /** E.164, e.g. `+12125550123`. */
  e164: string;
  country: CountryCode;
  /** National format, e.g. `(212) 555-0123`. */
  national: string;
  /** International format, e.g. `+1 212 555 0123`. */
  international: string;
  /** The country calling code, e.g. `1`. */
  callingCode: string;
}

/** The kind of line a number is drawn as; also its carrier line type (`Dataset.lineTypes`). */
export type PhoneKind = Extract<LineType, 'mobile' | 'landline'>;

/**
 * Every E.164 handed out so far (the org's own numbers included) → the kind it was drawn as: keeps
 * numbers unique, so no two owners ever get the same number by accident, and is what a carrier
 * lookup knows about them.
 */
export type DrawnPhones = Map<string, PhoneKind>;

/** Draws unique valid numbers of `kind` from a locale's plans, recording each in `used`. */
export function drawPhone(
  random: Random,
  locale: Locale,
  kind: PhoneKind,
  used: DrawnPhones,
): DrawnPhone {
  const plans = kind === 'mobile' ? locale.mobilePlans : locale.landlinePlans;
  for (let attempt = 0; attempt < 200; attempt++) {
    const national = random.pick(plans).replace(/[#N]/g, (slot) => String(slot === 'N' ? random.int(2, 9) : random.int(0, 9)));
    const parsed = parsePhoneNumberFromString(national, locale.country);
    // The plans only use mobile or geographic prefixes, so validity is enough (the `getType` check
    // costs more than the rest of the drawing; a test checks the types).
    if (!parsed?.isValid() || used.has(parsed.number)) continue;
    used.set(parsed.number, kind);
    return {
      e164: parsed.number,
      country: locale.country,
      national: parsed.formatNational(),
      international: parsed.formatInternational(),
      callingCode: parsed.countryCallingCode,
    };
  }
  throw new Error(`could not draw a valid ${kind} number for ${locale.country}`);
}

/** `tel:+E164`, as Genesys writes voice ANI/DNIS. */
export const telUri = (e164: string): string => `tel:${e164}`;

/** WhatsApp sender id: the E.164 digits without `+` (an assumption about how the channel writes it). */
export const whatsappId = (e164: string): string => e164.slice(1);

type Style = 'national' | 'spaces' | 'dashes' | 'dots' | 'digits' | 'international' | 'trunkInternational'
  | 'idd' | 'e164' | 'slash' | 'nanpOne';

const STYLE_WEIGHTS: Readonly<Record<string, ReadonlyArray<readonly [Style, number]>>> = Object.freeze({
  US: [['national', 30], ['dashes', 25], ['dots', 8], ['spaces', 6], ['digits', 15], ['nanpOne', 5], ['international', 6], ['e164', 5]],
  GB: [['national', 35], ['digits', 25], ['dashes', 5], ['spaces', 5], ['international', 12], ['trunkInternational', 8], ['idd', 5], ['e164', 5]],
  DE: [['national', 30], ['slash', 20], ['digits', 15], ['dashes', 8], ['international', 12], ['trunkInternational', 6], ['idd', 5], ['e164', 4]],
  FR: [['national', 35], ['dots', 20], ['digits', 20], ['dashes', 4], ['international', 10], ['trunkInternational', 5], ['idd', 3], ['e164', 3]],
  AU: [['national', 35], ['spaces', 10], ['digits', 25], ['dashes', 6], ['international', 14], ['e164', 10]],
});

/** International dialling prefixes agents type before a country code (US 011, Australia 0011). */
const IDD_PREFIX: Readonly<Record<string, string>> = Object.freeze({ US: '011', AU: '0011', GB: '00', DE: '00', FR: '00' });

const FOREIGN_STYLES: ReadonlyArray<readonly [Style, number]> = [['international', 50], ['e164', 25], ['idd', 25]];

/**
 * How an agent types `phone` into a contact in an org of `orgCountry`: national formats with the
 * country's usual separators (spaces, dashes, dots, parentheses, a slash in Germany, "(0)" after
 * the country code), digits only, or international forms; numbers of another country are typed
 * in an international form.
 */
export function typePhone(random: Random, phone: DrawnPhone, orgCountry: CountryCode): string {
  const style = random.weighted(phone.country === orgCountry ? (STYLE_WEIGHTS[orgCountry] ?? STYLE_WEIGHTS.US!) : FOREIGN_STYLES);
  const { national, international, callingCode } = phone;
  const groups = national.match(/\d+/g) ?? [];
  const afterCode = international.slice(callingCode.length + 2);
  switch (style) {
    case 'national': return national;
    case 'spaces': return groups.join(' ');
    case 'dashes': return groups.join('-');
    case 'dots': return groups.join('.');
    case 'digits': return groups.join('');
    case 'international': return international;
    case 'trunkInternational': return `+${callingCode} (0)${afterCode}`;
    case 'idd': return `${IDD_PREFIX[orgCountry] ?? '00'} ${callingCode} ${afterCode}`;
    case 'e164': return phone.e164;
    case 'slash': return groups.length > 1 ? `${groups[0]}/${groups.slice(1).join('')}` : national;
    case 'nanpOne': return `1-${groups.join('-')}`;
  }
}

/**
 * One human slip on the digits of a typed number: a wrong digit, two neighbours swapped, or a
 * digit dropped. Separators are kept; the first two digits are left alone (people rarely get the
 * prefix wrong).
 */
export function misTypePhone(random: Random, typed: string): string {
  const positions: number[] = [];
  for (let i = 0; i < typed.length; i++) if (/\d/.test(typed[i]!)) positions.push(i);
  const candidates = positions.slice(2);
  if (candidates.length < 2) return `${typed}0`;
  const slot = random.int(0, candidates.length - 1);
  const at = candidates[slot]!;
  const kind = random.weighted([['replace', 6], ['swap', 3], ['drop', 1]] as const);
  const chars = [...typed];
  if (kind === 'swap' && slot + 1 < candidates.length && chars[at] !== chars[candidates[slot + 1]!]) {
    const other = candidates[slot + 1]!;
    [chars[at], chars[other]] = [chars[other]!, chars[at]!];
    return chars.join('');
  }
  if (kind === 'drop') {
    chars.splice(at, 1);
    return chars.join('');
  }
  const digit = Number(chars[at]);
  chars[at] = String((digit + random.int(1, 9)) % 10);
  return chars.join('');
}

/**
 * The `PhoneNumber` Genesys stores for a number typed on a contact: `display` and `userInput` as
 * typed; `e164` and `countryCode` only when Genesys could normalise the input with the org's
 * country and `storeE164` is true (imports and some integrations leave it out). `intended` is the
 * number the agent meant when `typed` is a correct rendering of it (saves parsing it again); pass
 * null for a mistyped value, which is parsed as Genesys would.
 */
export function typedPhoneNumber(
  typed: string,
  intended: DrawnPhone | null,
  orgCountry: CountryCode,
  storeE164: boolean,
  acceptsSMS?: boolean,
): PhoneNumber {
  const phone: PhoneNumber = { display: typed, userInput: typed };
  if (acceptsSMS !== undefined) phone.acceptsSMS = acceptsSMS;
  if (!storeE164) return phone;
  const normalised = intended
    ? { e164: intended.e164, country: intended.country }
    : (() => {
        const parsed = parsePhoneNumberFromString(typed, orgCountry);
        return parsed?.isValid() ? { e164: parsed.number, country: parsed.country } : null;
      })();
  if (normalised) {
    phone.e164 = normalised.e164;
    if (normalised.country) phone.countryCode = normalised.country;
    phone.normalizationCountryCode = orgCountry;
  }
  return phone;
}

/** The number as Genesys writes it on an auto-created contact: normalised, display in international form. */
export function systemPhoneNumber(phone: DrawnPhone): PhoneNumber {
  return { display: phone.international, e164: phone.e164, countryCode: phone.country };
}
