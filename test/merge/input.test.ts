import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDataset, resolveGeneratorParams } from '../../emulator/src/generator/index.js';
import {
  blockingKeyOf, contactBlockingKeys, createNormalizer, extractContactIdentifiers, parseInstant,
} from '../../server/src/merge/index.js';

describe('instants', () => {
  it('parses what Date.parse parses, to the same value, for any instant in either UTC form (property)', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 4.1e12 }), (ms) => {
      const iso = new Date(ms).toISOString();
      const short = `${iso.slice(0, 19)}Z`;
      expect(parseInstant(iso)).toBe(Date.parse(iso));
      expect(parseInstant(short)).toBe(Date.parse(short));
    }), { numRuns: 2000 });
  });

  it('when the text is another ISO form or no instant, then it agrees with Date.parse or is null', () => {
    for (const text of ['2026-11-20T10:00:00.000+01:00', '2026-02-30T10:00:00.000Z', '2026-11-20T24:00:00.000Z', '2026-11-20']) {
      expect(parseInstant(text)).toBe(Date.parse(text));
    }
    expect(parseInstant('2026-11-2xT10:00:00.000Z')).toBeNull();
    expect(parseInstant(undefined)).toBeNull();
    expect(parseInstant('')).toBeNull();
  });
});

describe('contact blocking keys', () => {
  it('every identifier read from a generated org\'s contacts falls in one of the contact\'s blocks', () => {
    for (const country of ['US', 'GB', 'DE'] as const) {
      const dataset = generateDataset(resolveGeneratorParams({ customers: 150, seed: `blocks-${country}`, country, typoRate: 0.2, phoneE164MissingRate: 0.5 }));
      const normalizer = createNormalizer({ defaultCountry: country, emailRules: { stripPlusTags: true, ignoreDotsDomains: [] } });
      let checked = 0;
      for (const contact of dataset.externalContacts) {
        const blocks = new Set(contactBlockingKeys(contact));
        for (const identifier of extractContactIdentifiers(contact, normalizer)) {
          if (identifier.type === 'name') continue;
          expect(blocks.has(blockingKeyOf(identifier.key)), `${contact.id} ${identifier.key}`).toBe(true);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(100);
    }
  });

  it('a phone written any way, with or without an extension, falls in one of its contact\'s blocks (property)', () => {
    const normalizer = createNormalizer({ defaultCountry: 'US', emailRules: { stripPlusTags: true, ignoreDotsDomains: [] } });
    const written = fc.tuple(
      fc.constantFrom('', '+1 ', '1-', 'tel:+1', '(', '011 1 '),
      fc.stringMatching(/^[2-9]\d{2}[ .)-]{0,2}[2-9]\d{2}[ .-]?\d{4}$/),
      fc.constantFrom('', ' ext. 12', ' EXT 7', 'x5', ' X 44', '#9', ';ext=31', ' Ext.3'),
    ).map(([prefix, number, extension]) => `${prefix}${number}${extension}`);
    fc.assert(fc.property(written, fc.constantFrom('cellPhone', 'workPhone') as fc.Arbitrary<'cellPhone' | 'workPhone'>, fc.boolean(), (raw, field, asE164) => {
      const contact = { id: 'c1', [field]: asE164 ? { e164: raw } : { userInput: raw, display: raw } };
      const blocks = new Set(contactBlockingKeys(contact));
      for (const identifier of extractContactIdentifiers(contact, normalizer)) {
        expect(blocks.has(blockingKeyOf(identifier.key)), `${raw} ${identifier.key}`).toBe(true);
      }
      return true;
    }), { numRuns: 1000 });
  });
});
