/**
 * fast-check arbitraries of hostile input: wrong types, sizes, unicode, injection strings, huge
 * arrays and prototype-pollution keys, for query strings, path parameters, headers and JSON
 * bodies. Bodies and queries are written as text by hand, so keys such as `__proto__` and
 * repeated keys reach the server exactly as an attacker would send them.
 */
import fc from 'fast-check';
import { DEMO_IDS } from '../../../emulator/src/index.js';

/** Strings that mean something to some interpreter on the way (SQL, HTML, shells, templates, paths, logs). */
export const INJECTIONS: readonly string[] = Object.freeze([
  "' OR '1'='1",
  "'; DROP TABLE merge_jobs; --",
  '" OR ""="',
  '1; SELECT pg_sleep(10)',
  '<script>window.top.__pwned&&window.top.__pwned()</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("return process")()}}',
  '${7*7}',
  '#{7*7}',
  '${jndi:ldap://169.254.169.254/a}',
  '$(id)',
  '`id`',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  'a\r\nSet-Cookie: pwned=1',
  'a\u0000b',
  '%00',
  '%',
  '%E0%A4%A',
  '{"$gt": ""}',
  '[object Object]',
  'NaN',
  '-1',
  '1e309',
  '0x7fffffff',
  'true',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '\u202egnp.exe',
  '\u200b\u200c\u200d\ufeff',
  '\ud800',
  '\udfff\ud800',
  '７a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4001',
  '٧a1f0c1e',
  'Ꭺdmin',
  'e\u0301\u0301\u0301\u0301\u0301',
  '🧨💥'.repeat(50),
  '\t \n',
  ' ',
  '',
]);

/** Keys that pollute prototypes or confuse parsers, plus array and nested query forms. */
export const HOSTILE_KEYS: readonly string[] = Object.freeze([
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  '$where',
  '$gt',
  '',
  ' ',
  'a.b',
  'a[b]',
  '__proto__[polluted]',
  'constructor[prototype][polluted]',
]);

/** Any hostile string: injections, long strings, and random strings of every unicode class. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(1_000, 10_000, 70_000).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.uuid() },
  // Real ids, so some requests get past the format checks into visibility and the engine.
  { weight: 2, arbitrary: fc.constantFrom(...Object.values(DEMO_IDS.conversations)) },
);

/** A hostile JSON value: every type, nested, including huge arrays and hostile keys. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.constantFrom(0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 53),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.constantFrom(60, 600, 5_000).map((n) => Array.from({ length: n }, (_, i) => `7a1f0c1e-5b0e-4c9a-9a51-${String(i).padStart(12, '0')}`)),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 10 })), tie('value')), { maxLength: 4 })
      .map((entries) => new RawObject(entries)),
  ),
})).value;

/** An object whose entries are written verbatim (duplicate and `__proto__` keys kept). */
export class RawObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, unknown]>) {}
}

/** JSON text of a hostile value, `RawObject`s written entry by entry. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawObject) {
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value) ?? 'null';
}

/** One hostile request body: JSON built around the route's own field names, or not JSON at all. */
export function hostileBody(fields: readonly string[]): fc.Arbitrary<{ contentType: string | null; text: string }> {
  const fieldKey = fields.length > 0 ? fc.oneof(fc.constantFrom(...fields), fc.constantFrom(...HOSTILE_KEYS)) : fc.constantFrom(...HOSTILE_KEYS);
  const object = fc
    .array(fc.tuple(fieldKey, hostileJson), { minLength: 0, maxLength: 5 })
    .map((entries) => toJsonText(new RawObject(entries)));
  const json = fc.oneof(
    { weight: 6, arbitrary: object },
    { weight: 2, arbitrary: hostileJson.map(toJsonText) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '[1,2', '{"a":1}}', 'nul', '\u0000', '{"__proto__":{"polluted":true}}', '"just a string"', '[]', '0') },
    { weight: 1, arbitrary: fc.constant(`${'['.repeat(5_000)}${']'.repeat(5_000)}`) },
  );
  return fc.oneof(
    { weight: 8, arbitrary: json.map((text) => ({ contentType: 'application/json', text })) },
    {
      weight: 2,
      arbitrary: fc.tuple(
        fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', null),
        fc.oneof(json, hostileString),
      ).map(([contentType, text]) => ({ contentType, text })),
    },
  );
}

/** Percent-encodes the UTF-8 bytes of `text` (a lone surrogate goes out as U+FFFD, as a browser would send it). */
export function percentEncode(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (byte) =>
    /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
  ).join('');
}

/** A hostile query string (without `?`) around the route's own parameter names. */
export function hostileQuery(names: readonly string[]): fc.Arbitrary<string> {
  const name = fc.oneof(
    ...(names.length > 0 ? [fc.constantFrom(...names), fc.constantFrom(...names).map((n) => `${n}[]`), fc.constantFrom(...names).map((n) => `${n}[x]`)] : []),
    fc.constantFrom(...HOSTILE_KEYS),
  );
  const pair = fc.tuple(name, hostileString, fc.boolean()).map(([k, v, raw]) =>
    // Sometimes the value goes out unencoded (malformed percent-encoding included).
    raw ? `${percentEncode(k)}=${v.replace(/[#&\s]/g, '').replace(/[^\x21-\x7e]/g, (c) => percentEncode(c))}` : `${percentEncode(k)}=${percentEncode(v)}`,
  );
  return fc.array(pair, { maxLength: 6 }).map((pairs) => pairs.join('&'));
}

/** A hostile path segment: encoded, or raw with malformed escapes. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  hostileString.map(percentEncode),
  fc.constantFrom('%', '%ZZ', '%E0%A4%A', '%C0%AF', '..', '.', '%2e%2e', '%2F', '%00', '%0d%0a', 'a;b', 'x'.repeat(5_000)),
);

/** Characters a header value may carry on the wire (undici refuses other control characters and anything above U+00FF). */
export const headerValue = (value: string): string => value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '');

/** Hostile values for the route's own headers and for headers every route reads. */
export function hostileHeaders(names: readonly string[]): fc.Arbitrary<Record<string, string>> {
  const headerNames = [...names, 'x-request-id', 'origin', 'accept', 'accept-language', 'x-forwarded-for'];
  return fc
    .array(fc.tuple(fc.constantFrom(...headerNames), hostileString), { maxLength: 3 })
    .map((pairs) => Object.fromEntries(pairs.map(([k, v]) => [k, headerValue(v).slice(0, 8_000)])));
}
