import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createNormalizer, emailMailbox, isBusinessName, normalizeEmail, normalizeMessagingId, normalizeName, normalizePhone, normalizeWhatsAppId,
  parsePhone,
} from '../../server/src/merge/index.js';

const RULES = { stripPlusTags: true, ignoreDotsDomains: ['gmail.com', 'googlemail.com'] };

describe('phone normalisation', () => {
  it.each([
    ['tel:+15551234567', 'US', '+15551234567'],
    ['sip:+15551234567@sbc.example.com;user=phone', 'US', '+15551234567'],
    ['+1 (555) 123-4567', 'US', '+15551234567'],
    ['(201) 555-0123', 'US', '+12015550123'],
    ['201.555.0123', 'US', '+12015550123'],
    ['201 555 0123', 'US', '+12015550123'],
    ['1-201-555-0123', 'US', '+12015550123'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['00 44 20 7946 0958', 'US', '+442079460958'],
    ['0044 20 7946 0958', 'DE', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+44 (0)20 7946 0958', 'GB', '+442079460958'],
    ['+4402079460958', 'US', '+442079460958'],
    ['030 123456', 'DE', '+4930123456'],
    ['01 23 45 67 89', 'FR', '+33123456789'],
    ['(02) 9374 4000', 'AU', '+61293744000'],
    ['+390612345678', 'US', '+390612345678'],
  ])('when %s is read with default country %s, then it is %s', (raw, country, expected) => {
    expect(normalizePhone(raw, country)).toBe(expected);
  });

  it.each([
    ['201-555-0123 ext. 12', '12'],
    ['2015550123x7', '7'],
    ['+1 201 555 0123#22', '22'],
    ['tel:+1-201-555-0123;ext=5', '5'],
  ])('when %s carries an extension, then the number and the extension %s are kept apart', (raw, extension) => {
    expect(parsePhone(raw, 'US')).toEqual({ e164: '+12015550123', extension });
  });

  it.each(['hello', 'jane@example.com', '555-0199', '', '12'])('when %j is not a possible number, then it is null', (raw) => {
    expect(normalizePhone(raw, 'US')).toBeNull();
  });

  it('when a WhatsApp id is bare digits with the country code, then it is read as international whatever the org country', () => {
    expect(normalizeWhatsAppId('15551234567')).toBe('+15551234567');
    expect(normalizeWhatsAppId('447700900123')).toBe('+447700900123');
    expect(normalizeWhatsAppId('whatsapp:+4915112345678')).toBe('+4915112345678');
    expect(normalizeWhatsAppId('not-a-number')).toBeNull();
  });

  it('when the memoising normalizer reads a number, then it agrees with the plain function', () => {
    const normalizer = createNormalizer({ defaultCountry: 'GB', emailRules: RULES });
    for (const raw of ['020 7946 0958', '+44 20 7946 0958', 'tel:+442079460958', 'x']) {
      expect(normalizer.phone(raw)).toEqual(parsePhone(raw, 'GB'));
      expect(normalizer.phone(raw)).toEqual(parsePhone(raw, 'GB'));
    }
  });

  const formatted = fc
    .tuple(fc.constantFrom('US', 'GB', 'DE', 'FR', 'AU'), fc.stringMatching(/^[2-9]\d{9}$/), fc.constantFrom(' ', '-', '.', ''), fc.boolean())
    .map(([country, digits, sep, plus]) => {
      const grouped = `${digits.slice(0, 3)}${sep}${digits.slice(3, 6)}${sep}${digits.slice(6)}`;
      return { country, raw: plus ? `+1 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` : grouped };
    });

  it('normalisation is idempotent for any written number (property)', () => {
    fc.assert(fc.property(formatted, ({ country, raw }) => {
      const once = normalizePhone(raw, country);
      if (once === null) return true;
      expect(normalizePhone(once, country)).toBe(once);
      expect(normalizePhone(`tel:${once}`, 'US')).toBe(once);
      return true;
    }), { numRuns: 300 });
  });

  it('normalisation is idempotent for arbitrary text (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 24 }), fc.constantFrom('US', 'GB', 'DE'), (raw, country) => {
      const once = normalizePhone(raw, country);
      return once === null || normalizePhone(once, country) === once;
    }), { numRuns: 500 });
  });

  it('the same national number written with any separators normalises to one value (property)', () => {
    fc.assert(fc.property(fc.stringMatching(/^[2-9]\d{2}[2-9]\d{6}$/), fc.constantFrom(' ', '-', '.', ''), (digits, sep) => {
      const spaced = `(${digits.slice(0, 3)})${sep}${digits.slice(3, 6)}${sep}${digits.slice(6)}`;
      expect(normalizePhone(spaced, 'US')).toBe(normalizePhone(digits, 'US'));
      expect(normalizePhone(`tel:+1${digits}`, 'US')).toBe(normalizePhone(digits, 'US'));
    }), { numRuns: 200 });
  });

  it('a number in E.164 (the fast path), bare or as a tel: URI, reads as it does inside a SIP URI (property)', () => {
    fc.assert(fc.property(fc.stringMatching(/^\+[0-9]{1,16}$/), fc.constantFrom('', 'tel:'), fc.constantFrom('US', 'GB', 'IT'), (number, scheme, country) => {
      expect(parsePhone(`${scheme}${number}`, country)).toEqual(parsePhone(` sip:${number}@pbx.example.com;user=phone`, country));
    }), { numRuns: 2000 });
  });
});

describe('email normalisation', () => {
  it.each([
    [' Jane.Doe@Example.COM ', 'jane.doe@example.com'],
    ['mailto:Jane@Example.com?subject=hi', 'jane@example.com'],
    ['Jane Doe <JANE@example.org>', 'jane@example.org'],
    ['jane@example.com.', 'jane@example.com'],
  ])('when %j is read, then it is %s', (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });

  it.each(['jane', 'jane@localhost', 'a b@example.com', '@example.com', 'a@b@c.com'])('when %j is not an address, then it is null', (raw) => {
    expect(normalizeEmail(raw)).toBeNull();
  });

  it('when plus-tags are stripped and dots ignored for gmail, then variants share one mailbox', () => {
    expect(emailMailbox('jane.doe+news@gmail.com', RULES)).toBe('janedoe@gmail.com');
    expect(emailMailbox('jane.doe+news@example.com', RULES)).toBe('jane.doe@example.com');
    expect(emailMailbox('jane.doe+news@example.com', { stripPlusTags: false, ignoreDotsDomains: [] })).toBe('jane.doe+news@example.com');
  });

  it('email normalisation and mailbox rules are idempotent (property)', () => {
    const local = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9.+_-]{0,15}$/);
    const domain = fc.constantFrom('Example.com', 'gmail.com', 'GoogleMail.com', 'mail.example.co.uk');
    fc.assert(fc.property(local, domain, fc.constantFrom('', 'mailto:', ' '), (l, d, prefix) => {
      const once = normalizeEmail(`${prefix}${l}@${d}`);
      if (once === null) return true;
      expect(normalizeEmail(once)).toBe(once);
      const box = emailMailbox(once, RULES);
      expect(emailMailbox(box, RULES)).toBe(box);
      return true;
    }), { numRuns: 300 });
  });

  it('a plain address (the fast path) reads the same as when written with what only the full cleaning removes (property)', () => {
    // Any printable ASCII local part and domain, so the fast path's pattern is tried on near misses too.
    const part = (max: number) => fc.string({ unit: fc.constantFrom(..."aZ09.+_-!#'~@? <>".split('')), minLength: 0, maxLength: max });
    fc.assert(fc.property(part(70), part(12), fc.constantFrom('com', 'co.uk', 'COM.', 'x'), (l, d, tld) => {
      const plain = `${l}@${d}.${tld}`;
      expect(normalizeEmail(plain)).toBe(normalizeEmail(` mailto:${plain} `));
      return true;
    }), { numRuns: 3000 });
  });
});

describe('messaging ids and names', () => {
  it('when a messaging id is namespaced, then ids of different channels never collide', () => {
    expect(normalizeMessagingId('facebook', ' 123 ')).toBe('facebook:123');
    expect(normalizeMessagingId('line', '123')).toBe('line:123');
    expect(normalizeMessagingId('cookie', 'cookie:AbC')).toBe('cookie:AbC');
    expect(normalizeMessagingId('twitter', '@JaneDoe')).toBe('twitter:janedoe');
    expect(normalizeMessagingId('facebook', '  ')).toBeNull();
  });

  it('messaging id normalisation is idempotent on the id part (property)', () => {
    fc.assert(fc.property(fc.constantFrom('facebook', 'cookie', 'twitter', 'line'), fc.string({ minLength: 1, maxLength: 20 }), (ns, raw) => {
      const once = normalizeMessagingId(ns, raw);
      if (once === null) return true;
      return normalizeMessagingId(ns, once.slice(ns.length + 1)) === once;
    }), { numRuns: 300 });
  });

  it('when names differ only by order, case, punctuation or accents, then they normalise alike', () => {
    expect(normalizeName('Doe, Jane')).toBe(normalizeName('jane DOE'));
    expect(normalizeName('José Álvarez')).toBe('alvarez jose');
    expect(normalizeName('Unknown Caller')).toBeNull();
    expect(normalizeName('WhatsApp User')).toBeNull();
    expect(normalizeName('+1 555 0100')).toBeNull();
  });

  it('when a caller name is a rate centre, cut at 15 characters, or a business, then it is read as such', () => {
    expect(normalizeName('CHICAGO IL')).toBeNull();
    expect(normalizeName('WIRELESS CALLER')).toBeNull();
    expect(normalizeName('ROBERTS MICHELL')).toBe('roberts');
    expect(normalizeName('SMITH JOHN')).toBe('john smith');
    expect(isBusinessName('MERIDIAN LABS')).toBe(true);
    expect(isBusinessName('WESTGATE SOLUTI')).toBe(true);
    expect(isBusinessName('Acme Logistics Inc')).toBe(true);
    expect(isBusinessName('DENVER CO')).toBe(false);
    expect(isBusinessName('SMITH JOHN')).toBe(false);
    expect(isBusinessName('Jane Doe')).toBe(false);
  });

  it('name normalisation is idempotent (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (raw) => {
      const once = normalizeName(raw);
      return once === null || normalizeName(once) === once;
    }), { numRuns: 500 });
  });
});
