import { describe, expect, it } from 'vitest';
import { DEFAULT_GENERATOR_PARAMS, GeneratorParamsError, parseGenerateArgs } from '../../emulator/src/generator/index.js';

describe('npm run generate arguments', () => {
  it('when seed, customers, country, output and rates are given, then they become the parameters', () => {
    const command = parseGenerateArgs([
      '--seed', '7', '--customers', '500', '--country', 'gb', '--out', 'x.json', '--household-rate', '0.2',
      '--channel-mix', 'voice=1,sms=0.5', '--history-days', '60',
    ]);
    expect(command.out).toBe('x.json');
    expect(command.params).toMatchObject({ seed: 7, customers: 500, country: 'GB', householdRate: 0.2, historyDays: 60 });
    expect(command.params.channelMix).toEqual({ ...DEFAULT_GENERATOR_PARAMS.channelMix, voice: 1, sms: 0.5 });
  });

  it('when nothing is given, then the defaults apply and the output is stdout', () => {
    const command = parseGenerateArgs([]);
    expect(command.out).toBeNull();
    expect(command.params.customers).toBe(DEFAULT_GENERATOR_PARAMS.customers);
  });

  it('when a seed is not a number, then it is kept as text', () => {
    expect(parseGenerateArgs(['--seed', 'demo']).params.seed).toBe('demo');
  });

  it.each([
    [['--typo-rate', '2'], '--typo-rate'],
    [['--typo-rate', 'often'], '--typo-rate'],
    [['--country', 'XX'], '--country'],
    [['--channel-mix', 'fax=1'], '--channel-mix'],
    [['--houshold-rate', '0.1'], 'arguments'],
  ])('when given %j, then it refuses naming %s', (args, field) => {
    let caught: unknown;
    try {
      parseGenerateArgs(args);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GeneratorParamsError);
    expect((caught as GeneratorParamsError).field).toBe(field);
  });
});
