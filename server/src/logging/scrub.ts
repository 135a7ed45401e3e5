/**
 * What the logger's configuration removes from every line: values under sensitive keys (at any
 * depth), and phone-, email-, token- and secret-looking text inside any string. Call sites never
 * redact by hand; the logger does it (STYLE.md, "Comments and logs").
 */

/** The replacement for a value under a sensitive key. */
export const REDACTED = '[redacted]';

/** The kinds of identifier found inside strings. */
export type ScrubbedKind = 'phone' | 'email';

/**
 * Turns a found identifier into what the log shows. The default shows `[phone]` / `[email]`; the
 * service may pass the audit module's keyed pseudonym instead, so lines stay joinable.
 */
export type Pseudonymise = (kind: ScrubbedKind, value: string) => string;

/** Keys (compared lower-cased, without `-`, `_` and spaces) whose values never reach a log. */
const SENSITIVE_KEYS: ReadonlySet<string> = new Set([
  // credentials
  'authorization', 'proxyauthorization', 'cookie', 'cookies', 'setcookie', 'token', 'bearer',
  'secret', 'password', 'passwd', 'passphrase', 'apikey', 'xapikey', 'privatekey', 'masterkey',
  'signature', 'webhooksignature', 'codeverifier', 'credentials', 'clientassertion',
  // Genesys addressing (phones, emails, messaging ids)
  'ani', 'dnis', 'addressfrom', 'addressto', 'address', 'addresses', 'remote', 'remotename',
  'callednumber', 'callingnumber', 'fromaddress', 'toaddress', 'fromname', 'toname',
  // people
  'email', 'emails', 'emailaddress', 'personalemail', 'workemail', 'otheremail',
  'phone', 'phones', 'phonenumber', 'cellphone', 'workphone', 'homephone', 'otherphone', 'mobile',
  'name', 'firstname', 'lastname', 'middlename', 'fullname', 'displayname', 'participantname',
  'customername', 'username', 'street', 'address1', 'address2', 'postalcode', 'zipcode',
  // customer identifiers and payloads meant for the CRM, not for logs
  'identifiers', 'identifier', 'customer', 'payload', 'body', 'valueoverride',
]);
/** Key endings that are always sensitive (`gcToken`, `crmWebhookSecret`, `adminPassword`). */
const SENSITIVE_SUFFIXES = ['token', 'secret', 'password', 'apikey', 'cookie', 'signature'];

/** Whether a property name holds something that must not be logged. */
export function isSensitiveKey(key: string): boolean {
  const normal = key.toLowerCase().replace(/[-_\s]/g, '');
  return SENSITIVE_KEYS.has(normal) || SENSITIVE_SUFFIXES.some((suffix) => normal.endsWith(suffix));
}

/*
 * One pass over a string. Alternatives are tried in order at each position, so ids and timestamps
 * (kept) win over the phone pattern they would otherwise partly match. IPv4 addresses become
 * `[ip]` (personal data too, and `1.100.100.10` is also a phone number written with dots).
 *  1 UUID · 2 ISO date/time · 3 IPv4 · 4 bearer/basic credentials · 5 JWT · 6 webhook secret ·
 *  7 `token=`-style query parameters · 8 `tel:`/`sip:` URIs (their user part) · 9 email (also
 *  URL-encoded `%40`) · 10 phone-like digit run (7+ digits with separators).
 */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const PATTERN = new RegExp(
  [
    '\\b([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\b',
    '\\b(\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?)(?![\\d-])',
    `(?<![\\d.])(${OCTET}(?:\\.${OCTET}){3})(?![\\d.])`,
    '\\b((?:Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]+)',
    '\\b(eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*)',
    '\\b(wh(?:sec|sk|pk)_[A-Za-z0-9+/=]+)',
    '\\b((?:access_token|refresh_token|id_token|client_secret|secret|password|token|code|api_?key)=)[^&\\s"\']+',
    '\\b((?:sips?|tel):[^\\s@;,>]+)',
    "([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+(?:@|%40)[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,})",
    '(?<![\\w.-])(\\+?\\(?\\d[\\d\\s().\\/-]{5,}\\d)(?![\\w@])',
  ].join('|'),
  'g',
);

/** Removes secrets and identifiers from strings and values (the logger's formatters use it). */
export interface Scrubber {
  /** Removes identifiers, tokens and secrets from a string. */
  text(value: string): string;
  /**
   * A copy of `value` safe to log: sensitive keys redacted at any depth, strings scrubbed, errors
   * turned into `{type, message, stack, code, status, details, cause}`, cycles cut. Objects
   * under `passThrough` keys at the top level are left to the logger's serializers.
   */
  value(value: unknown, passThrough?: ReadonlySet<string>): unknown;
}

const MAX_DEPTH = 8;

/** Creates the scrubber the logger's configuration uses. */
export function createScrubber(options: { pseudonymise?: Pseudonymise } = {}): Scrubber {
  const show: Pseudonymise = options.pseudonymise ?? ((kind) => `[${kind}]`);

  const text = (value: string): string =>
    value.replace(PATTERN, (match, uuid, date, ip, credential, jwt, secret, parameter, uri, email, phone) => {
      if (uuid || date) return match;
      if (ip) return '[ip]';
      if (credential) return `${String(credential).split(/\s+/, 1)[0]} ${REDACTED}`;
      if (jwt || secret) return REDACTED;
      if (parameter) return `${parameter}${REDACTED}`;
      if (uri) return show('phone', String(uri));
      if (email) return show('email', String(email).replace('%40', '@'));
      const digits = String(phone).replace(/\D/g, '');
      if (digits.length < 7) return match;
      return digits.length <= 15 ? show('phone', String(phone)) : '[number]';
    });

  const walk = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return text(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[circular]';
    if (depth >= MAX_DEPTH) return '[depth]';
    seen.add(value);
    try {
      if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, seen));
      if (value instanceof Error) return walkError(value, depth, seen);
      if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return walk(toJSON.call(value), depth + 1, seen);
      if (value instanceof Map) return walk(Object.fromEntries(value), depth, seen);
      if (value instanceof Set) return walk([...value], depth, seen);
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) {
        out[text(key)] = isSensitiveKey(key) ? REDACTED : walk(inner, depth + 1, seen);
      }
      return out;
    } finally {
      seen.delete(value);
    }
  };

  const walkError = (error: Error, depth: number, seen: WeakSet<object>) => {
    const extra = error as Error & { code?: unknown; status?: unknown; details?: unknown };
    const out: Record<string, unknown> = {
      type: error.name || error.constructor.name,
      message: text(error.message),
    };
    if (error.stack) out.stack = text(error.stack);
    if (extra.code !== undefined) out.code = walk(extra.code, depth + 1, seen);
    if (extra.status !== undefined) out.status = walk(extra.status, depth + 1, seen);
    if (extra.details !== undefined) out.details = walk(extra.details, depth + 1, seen);
    if (error.cause !== undefined) out.cause = walk(error.cause, depth + 1, seen);
    return out;
  };

  return {
    text,
    value(value, passThrough) {
      if (!passThrough || value === null || typeof value !== 'object' || Array.isArray(value)) {
        return walk(value, 0, new WeakSet());
      }
      const seen = new WeakSet<object>([value]);
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) {
        if (passThrough.has(key)) out[key] = inner;
        else out[text(key)] = isSensitiveKey(key) ? REDACTED : walk(inner, 1, seen);
      }
      return out;
    },
  };
}
