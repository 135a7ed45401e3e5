import { describe, expect, it } from 'vitest';
import { parseDataset, validateDataset } from '../../emulator/src/index.js';
import {
  DEFAULT_GENERATOR_PARAMS, GENERATOR_COUNTRIES, RATE_PARAMETERS, generateDataset, resolveGeneratorParams, serializeDataset,
  type GeneratorParams,
} from '../../emulator/src/generator/index.js';

const params = (overrides: Partial<GeneratorParams> = {}) => resolveGeneratorParams({ customers: 150, ...overrides });
const allRates = (value: number) => Object.fromEntries(RATE_PARAMETERS.map((rate) => [rate, value])) as Partial<GeneratorParams>;

describe('generator determinism', () => {
  it('when the same seed and parameters are used twice, then the bytes are identical', () => {
    const first = serializeDataset(generateDataset(params({ seed: 42, country: 'DE' })));
    const second = serializeDataset(generateDataset(params({ seed: 42, country: 'DE' })));
    expect(second).toBe(first);
  });

  it('when the seed changes, then the dataset changes', () => {
    const first = serializeDataset(generateDataset(params({ seed: 1 })));
    const second = serializeDataset(generateDataset(params({ seed: 2 })));
    expect(second).not.toBe(first);
  });

  it('when a serialised dataset is parsed and serialised again, then the bytes are unchanged', () => {
    const text = serializeDataset(generateDataset(params()));
    expect(serializeDataset(JSON.parse(text))).toBe(text);
  });

  it('when the same data is built with keys in another order, then the bytes are the same', () => {
    const dataset = generateDataset(params({ customers: 20 }));
    const reversed = JSON.parse(JSON.stringify(dataset), (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value as Record<string, unknown>).reverse())
        : value);
    expect(serializeDataset(reversed)).toBe(serializeDataset(dataset));
  });

  it('when the defaults are asked for, then they describe the 2,000-customer US org', () => {
    expect(DEFAULT_GENERATOR_PARAMS).toMatchObject({ customers: 2000, country: 'US', historyDays: 90 });
    expect(resolveGeneratorParams()).toEqual({ ...DEFAULT_GENERATOR_PARAMS, channelMix: { ...DEFAULT_GENERATOR_PARAMS.channelMix } });
  });

  it('when a parameter is out of range or unknown, then generation refuses naming it', () => {
    expect(() => resolveGeneratorParams({ householdRate: 1.5 })).toThrow(/householdRate/);
    expect(() => generateDataset({ ...params(), customers: 0 })).toThrow(/customers/);
    expect(() => generateDataset({ ...params(), housholdRate: 0.1 } as GeneratorParams)).toThrow(/housholdRate/);
    expect(() => resolveGeneratorParams({ channelMix: { voice: 0, email: 0, webmessaging: 0, sms: 0, whatsapp: 0 } })).toThrow(/channelMix/);
  });
});

describe('generated datasets against the emulator schema', () => {
  const variants: Array<[string, Partial<GeneratorParams>]> = [
    ...GENERATOR_COUNTRIES.map((country) => [`country ${country}`, { country, seed: country }] as [string, Partial<GeneratorParams>]),
    ['every rate at 0', allRates(0)],
    ['every rate at 1', allRates(1)],
    ['high ambiguity', { householdRate: 0.3, switchboardRate: 0.2, sameNameRate: 0.2, typoRate: 0.2, seed: 'ambiguous' }],
    ['an explicit reference time and short history', { referenceTime: '2025-03-02T08:00:00Z', historyDays: 10, analyticsRetentionDays: 5 }],
  ];

  for (const [name, overrides] of variants) {
    it(`when generated with ${name}, then the emulator's schema and reference checks accept it`, () => {
      const json: unknown = JSON.parse(serializeDataset(generateDataset(params(overrides))));
      expect(validateDataset(json)).toEqual([]);
      expect(() => parseDataset(json)).not.toThrow();
    });
  }
});
