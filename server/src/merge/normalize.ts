import {
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js';
import { parsePhoneNumberFromString as parseWithFullMetadata } from 'libphonenumber-js/max';
import type { TenantSettings } from './types.js';

/** Email rules of the tenant: strip `+tag`, ignore dots in the local part for listed domains. */
export type EmailRules = TenantSettings['emailRules'];

/** What normalisation needs to know about the org and the tenant. */
export interface NormalizationContext {
  /** The org's `defaultCountryCode` (ISO 3166-1 alpha-2, e.g. `US`), for national phone formats. */
  defaultCountry: string;
  emailRules: EmailRules;
}

/** A phone number in E.164 and the extension it was written with, if any. */
export interface ParsedPhone {
  e164: string;
  /** Digits of the extension (`ext. 12`, `;ext=12`, `x12`, `#12`), or null. */
  extension: string | null;
}

const URI_SCHEME = /^(?:tel|sip|sips|sms|smsto|callto|whatsapp|wa):/i;
const E164_COMPACT = /^\+[1-9]\d{6,14}$/;
const FAST_E164 = /^(?:tel:)?\+[1-9]\d{6,14}$/;
const URI_EXTENSION = /;ext=(\d+)/i;
/** Every country calling code libphonenumber knows (prefix-free, 1–3 digits). Never mutated. */
const CALLING_CODES: ReadonlySet<string> = new Set(getCountries().map((c) => getCountryCallingCode(c) as string));

/**
 * Parses a phone number written any way people and systems write one, to E.164.
 *
 * Accepts `tel:`/`sip:` URIs (`tel:+15551234567`, `sip:+15551234567@host;user=phone`),
 * international formats (`+1 (555) 123-4567`, `+44 (0)20 7946 0958`), the `00` and `011`
 * international prefixes, national formats with spaces, dashes, dots and parentheses (parsed
 * with `defaultCountry`, trunk `0` removed), and extensions (`ext. 12`, `x12`, `;ext=12`).
 * Returns `null` when the text is not a possible phone number. Validity is not required (test
 * ranges such as 555 are real in datasets); possibility (length) is.
 */
export function parsePhone(raw: string, defaultCountry?: string): ParsedPhone | null {
  let text = raw.trim();
  if (text.length === 0 || text.length > 64) return null;
  // Most numbers arrive in E.164, bare or as a `tel:` URI (a voice ANI): nothing to clean.
  if (FAST_E164.test(text)) {
    const e164 = text.charCodeAt(0) === 43 /* + */ ? text : text.slice('tel:'.length);
    if (isCanonicalE164(e164)) return { e164, extension: null };
  }
  let extension: string | null = null;
  const scheme = URI_SCHEME.exec(text);
  if (scheme) {
    text = text.slice(scheme[0].length);
    const uriExt = URI_EXTENSION.exec(text);
    if (uriExt) extension = uriExt[1]!;
    // sip:+15551234567@host;user=phone → the user part; tel:+1555;ext=5;phone-context=… → the number.
    text = text.replace(/@.*$/, '').replace(/;.*$/, '').trim();
  }
  if (E164_COMPACT.test(text) && isCanonicalE164(text)) return { e164: text, extension };
  // No letters other than extension markers: `ext`, `x`, and `#` are how people write extensions.
  if (/[a-wyz]/i.test(text.replace(/ext(?:ension)?\.?/gi, ''))) return null;
  const compact = text.replace(/[\s().\-/]/g, '');
  // `00` is the international prefix almost everywhere; libphonenumber only knows the default
  // country's own (`011` in the US), so rewrite it.
  const international = /^00[1-9]/.test(compact) ? `+${text.replace(/^[\s(]*0\s*0/, '')}` : text;
  const country = defaultCountry && isSupportedCountry(defaultCountry.toUpperCase())
    ? (defaultCountry.toUpperCase() as CountryCode)
    : undefined;
  const parsed = parsePhoneNumberFromString(international, country);
  if (!parsed || !parsed.isPossible()) return null;
  return { e164: parsed.number, extension: extension ?? (parsed.ext ? String(parsed.ext) : null) };
}

/**
 * `parsePhone(raw, defaultCountry)?.e164 ?? null`. Idempotent:
 * `normalizePhone(normalizePhone(x)) === normalizePhone(x)`.
 */
export function normalizePhone(raw: string, defaultCountry?: string): string | null {
  return parsePhone(raw, defaultCountry)?.e164 ?? null;
}

/**
 * A WhatsApp id: the sender's number as bare digits with the country code (`15551234567`),
 * sometimes with `+` or a `whatsapp:` prefix. Never read in national format: the digits always
 * start with the country code. Returns E.164 or `null`.
 */
export function normalizeWhatsAppId(raw: string): string | null {
  const text = raw.trim().replace(URI_SCHEME, '').trim();
  const digits = text.replace(/[^\d]/g, '');
  if (digits.length < 7 || digits.length > 15 || /[a-z]/i.test(text.replace(/@.*$/, ''))) return null;
  return normalizePhone(`+${digits}`);
}

/**
 * True when `+digits` starts with a known calling code followed by a digit other than `0`: the
 * form libphonenumber returns unchanged, so parsing can be skipped. A `0` after the calling code
 * (`+44 020…`, a trunk prefix written by mistake; or Italy's `+39 06…`) takes the full parse.
 */
function isCanonicalE164(text: string): boolean {
  for (let length = 1; length <= 3; length++) {
    if (CALLING_CODES.has(text.slice(1, 1 + length))) return text[1 + length] !== '0';
  }
  return false;
}

/**
 * What kind of line an E.164 number is, from the numbering plan (libphonenumber's full
 * metadata): `fixed` for a fixed line (a place: a household or an office), `mobile` for a
 * mobile, `unknown` where the plan does not tell them apart (the NANP, +1) or for other kinds.
 */
export function phoneLineType(e164: string): 'fixed' | 'mobile' | 'unknown' {
  // NANP numbers never tell fixed from mobile: skip the (slower) full-metadata parse.
  if (e164.startsWith('+1')) return 'unknown';
  const type = parseWithFullMetadata(e164)?.getType();
  return type === 'FIXED_LINE' ? 'fixed' : type === 'MOBILE' ? 'mobile' : 'unknown';
}

/** An address `normalizeEmail` only lower-cases: printable ASCII, a local part of at most 64, a dotted domain. */
const PLAIN_EMAIL = /^[A-Za-z0-9!#$%&'*+/=^_`{|}~.-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;

/**
 * Case-folds and cleans an email address: trims, drops `mailto:` (and its `?query`), a display
 * name (`Jane <jane@example.com>`), surrounding brackets and a trailing dot of the domain.
 * Returns `null` when the text is not an address (one `@`, a local part, a dotted domain, no
 * spaces). Idempotent.
 */
export function normalizeEmail(raw: string): string | null {
  // Nearly every address is already plain (ASCII, no brackets, scheme, query or spaces): what
  // the steps below would return is its lower case.
  if (raw.length <= 320 && PLAIN_EMAIL.test(raw)) return raw.toLowerCase();
  let text = raw.trim();
  if (text.length === 0 || text.length > 320) return null;
  const bracketed = /<([^<>]*)>/.exec(text);
  if (bracketed) text = bracketed[1]!.trim();
  text = text.replace(/^mailto:/i, '').replace(/\?.*$/, '').trim();
  text = text.normalize('NFC').toLowerCase();
  const at = text.lastIndexOf('@');
  if (at <= 0 || at !== text.indexOf('@')) return null;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1).replace(/\.+$/, '');
  if (/\s/.test(text) || local.length > 64 || !/^[^.]+(\.[^.]+)+$/.test(domain)) return null;
  return `${local}@${domain}`;
}

/**
 * The mailbox an address delivers to under the tenant's rules: the `+tag` of the local part
 * removed when `stripPlusTags`, and dots of the local part removed for the domains listed in
 * `ignoreDotsDomains` (e.g. gmail.com, googlemail.com; googlemail.com reads as gmail.com when both
 * are listed). Takes a `normalizeEmail` result.
 * Idempotent. With neither rule in effect it returns the address unchanged.
 */
export function emailMailbox(email: string, rules: EmailRules): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return email;
  let local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (rules.stripPlusTags) {
    const plus = local.indexOf('+');
    if (plus > 0) local = local.slice(0, plus);
  }
  let mailboxDomain = domain;
  if (rules.ignoreDotsDomains.some((d) => d.toLowerCase() === domain)) {
    const undotted = local.replace(/\./g, '');
    if (undotted.length > 0) local = undotted;
    // googlemail.com is Gmail's other name for the same mailboxes.
    if (domain === 'googlemail.com' && rules.ignoreDotsDomains.some((d) => d.toLowerCase() === 'gmail.com')) mailboxDomain = 'gmail.com';
  }
  return `${local}@${mailboxDomain}`;
}

/**
 * A messaging id, namespaced by its kind (`facebook:1234`, `cookie:ab12…`), so ids of different
 * channels never collide. Opaque ids are case-sensitive: only whitespace and a repeated
 * `namespace:` prefix are removed. `null` when empty. Idempotent on the id part.
 */
export function normalizeMessagingId(namespace: string, raw: string): string | null {
  const ns = namespace.trim().toLowerCase();
  let text = raw.trim();
  const prefix = `${ns}:`;
  while (text.toLowerCase().startsWith(prefix)) text = text.slice(prefix.length).trim();
  if (ns === 'twitter' && text.startsWith('@')) text = text.replace(/^@+/, '').toLowerCase();
  return text.length === 0 || /\s/.test(text) ? null : `${ns}:${text}`;
}

/** Words that name no one: placeholders channels put where a person's name would be. */
const PLACEHOLDER_NAME_WORDS: ReadonlySet<string> = new Set([
  'anonymous', 'unknown', 'customer', 'guest', 'visitor', 'user', 'caller', 'wireless', 'private',
  'restricted', 'unavailable', 'web', 'chat', 'whatsapp', 'sms', 'messenger', 'facebook', 'mobile',
  'number', 'name', 'n', 'a', 'na', 'none', 'null', 'undefined', 'test',
]);

/**
 * Words that mark a business rather than a person: legal forms, organisation kinds and the
 * trades businesses name themselves by. A caller name or a contact name with one of them names a
 * company, and a number seen with it is a company's line.
 */
const BUSINESS_WORDS: ReadonlySet<string> = new Set([
  'inc', 'llc', 'llp', 'ltd', 'limited', 'plc', 'gmbh', 'sarl', 'corp', 'corporation', 'company',
  'group', 'holdings', 'enterprises', 'industries', 'international', 'global', 'associates', 'partners', 'agency',
  'services', 'solutions', 'systems', 'technologies', 'technology', 'tech', 'consulting', 'engineering', 'labs',
  'lab', 'laboratories', 'media', 'studio', 'studios', 'logistics', 'freight', 'transport', 'shipping', 'motors',
  'auto', 'builders', 'construction', 'realty', 'properties', 'insurance', 'bank', 'financial', 'capital', 'legal',
  'law', 'dental', 'medical', 'clinic', 'hospital', 'health', 'healthcare', 'pharma', 'pharmacy', 'energy', 'foods',
  'restaurant', 'cafe', 'hotel', 'hotels', 'resort', 'store', 'shop', 'market', 'school', 'college', 'university',
  'church', 'office', 'dept', 'department',
]);

/**
 * True when a name names a business (`MERIDIAN LABS`, `Acme Logistics Inc`): one of its words is
 * a business word, or, for a caller name cut at 15 characters, its last word begins one
 * (`WESTGATE SOLUTI`).
 */
export function isBusinessName(raw: string): boolean {
  if (isCallerLocation(raw)) return false;
  const words = raw.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  if (words.length < 2) return false;
  if (words.some((w) => BUSINESS_WORDS.has(w))) return true;
  const last = words[words.length - 1]!;
  if (raw.length === CALLER_NAME_LENGTH && last.length >= 3) {
    for (const word of BUSINESS_WORDS) if (word.length > last.length && word.startsWith(last)) return true;
  }
  return false;
}

/** The length carriers cut caller names (CNAM) to. */
const CALLER_NAME_LENGTH = 15;

/** US state, district and territory codes, and Canadian province codes: the end of a CNAM location. */
const NANP_REGIONS: ReadonlySet<string> = new Set([
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME',
  'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI',
  'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'PR', 'VI', 'GU', 'AS', 'MP',
  'AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT',
]);

/**
 * True for a caller name that is a place: carriers deliver the number's rate centre as
 * `CITY ST` (upper case, a region code last) when no subscriber name is registered.
 */
function isCallerLocation(raw: string): boolean {
  const text = raw.trim();
  if (text !== text.toUpperCase() || !/^[A-Z][A-Z .'-]* [A-Z]{2}$/.test(text)) return false;
  return NANP_REGIONS.has(text.slice(-2));
}

/**
 * A person's name for comparison only (weak evidence, never a key): diacritics removed,
 * lower-cased, punctuation dropped, tokens sorted (`"Doe, Jane"` = `"jane doe"`). `null` for a
 * text with no letters, made only of placeholder words (`Unknown Caller`, `WhatsApp User`,
 * `WIRELESS CALLER`), or a caller-id location (`CHICAGO IL`). A 15-character upper-case caller
 * name loses its last word, which the carrier may have cut short. Idempotent.
 */
export function normalizeName(raw: string): string | null {
  if (isCallerLocation(raw)) return null;
  let text = raw;
  // A caller name (CNAM) is cut at 15 characters: its last word may be a stump ("ROBERTS MICHELL").
  if (raw.length === CALLER_NAME_LENGTH && raw === raw.toUpperCase() && /\s/.test(raw.trim())) text = raw.trim().replace(/\s+\S+$/, '');
  const tokens = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((t) => t.length > 0 && /\p{L}/u.test(t));
  if (tokens.length === 0 || tokens.every((t) => PLACEHOLDER_NAME_WORDS.has(t))) return null;
  return tokens.sort().join(' ');
}

/**
 * Normalisation with memory: the same raw text is parsed once per normalizer. Create one per
 * request or per scoring run (never a module-level one): it holds its caches.
 */
export interface Normalizer {
  readonly context: NormalizationContext;
  /** `parsePhone(raw, country ?? context.defaultCountry)`, memoised. */
  phone(raw: string, country?: string): ParsedPhone | null;
  /** `normalizeWhatsAppId`, memoised. */
  whatsApp(raw: string): string | null;
  /** `normalizeEmail`, memoised. */
  email(raw: string): string | null;
  /** `emailMailbox(email, context.emailRules)`. */
  mailbox(email: string): string;
  /** `normalizeMessagingId`. */
  messagingId(namespace: string, raw: string): string | null;
  /** `normalizeName`, memoised. */
  name(raw: string): string | null;
}

/** Creates a memoising `Normalizer` for one org and tenant. */
export function createNormalizer(context: NormalizationContext): Normalizer {
  const phones = new Map<string, ParsedPhone | null>();
  const otherCountries = new Map<string, ParsedPhone | null>();
  const whatsApps = new Map<string, string | null>();
  const emails = new Map<string, string | null>();
  const names = new Map<string, string | null>();
  const memo = <T>(cache: Map<string, T>, key: string, compute: () => T): T => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as T;
    const value = compute();
    cache.set(key, value);
    return value;
  };
  return {
    context,
    phone: (raw, country) => {
      // Already E.164 (a voice ANI, an SMS sender): cheaper to read again than to look up.
      if (FAST_E164.test(raw)) return parsePhone(raw, country ?? context.defaultCountry);
      // The org's country (nearly every call) is keyed by the raw text alone: no string building.
      if (country === undefined || country === context.defaultCountry) return memo(phones, raw, () => parsePhone(raw, context.defaultCountry));
      return memo(otherCountries, `${country}|${raw}`, () => parsePhone(raw, country));
    },
    whatsApp: (raw) => memo(whatsApps, raw, () => normalizeWhatsAppId(raw)),
    email: (raw) => memo(emails, raw, () => normalizeEmail(raw)),
    mailbox: (email) => emailMailbox(email, context.emailRules),
    messagingId: normalizeMessagingId,
    name: (raw) => memo(names, raw, () => normalizeName(raw)),
  };
}
