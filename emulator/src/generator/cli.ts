import { parseArgs } from 'node:util';
import { GENERATED_CHANNELS, GeneratorParamsError, RATE_PARAMETERS, resolveGeneratorParams, type GeneratorParams } from './params.js';

/** What the `generate` command was asked to do. */
export interface GenerateCommand {
  params: GeneratorParams;
  /** Output file; null = stdout. */
  out: string | null;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const NUMBER_FLAGS = ['customers', 'historyDays', 'analyticsRetentionDays', 'interactionsPerCustomer', ...RATE_PARAMETERS] as const;

/** Usage text of `npm run generate`. */
export const GENERATE_USAGE = [
  'npm run generate -- --seed S --customers N [--country US|GB|DE|FR|AU] [--out FILE]',
  '       [--reference-time ISO] [--history-days D] [--analytics-retention-days D]',
  '       [--interactions-per-customer X] [--channel-mix voice=0.45,email=0.2,webmessaging=0.15,sms=0.1,whatsapp=0.1]',
  `       [${RATE_PARAMETERS.map((r) => `--${kebab(r)} P`).join(' ')}]`,
  'Rates are probabilities in [0, 1]; see emulator/src/generator/params.ts for what each one means.',
].join('\n');

function toNumber(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new GeneratorParamsError(flag, `"${text}" is not a number`);
  return value;
}

/**
 * Parses `generate` arguments into validated parameters (defaults from
 * `DEFAULT_GENERATOR_PARAMS`). Throws `GeneratorParamsError` naming the flag at fault.
 */
export function parseGenerateArgs(args: readonly string[]): GenerateCommand {
  const options: Record<string, { type: 'string' }> = {
    seed: { type: 'string' },
    country: { type: 'string' },
    out: { type: 'string' },
    'reference-time': { type: 'string' },
    'channel-mix': { type: 'string' },
  };
  for (const name of NUMBER_FLAGS) options[kebab(name)] = { type: 'string' };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...args], options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new GeneratorParamsError('arguments', (error as Error).message);
  }

  const overrides: Record<string, unknown> = {};
  if (typeof values.seed === 'string') overrides.seed = /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  if (typeof values.country === 'string') overrides.country = values.country.toUpperCase();
  if (typeof values['reference-time'] === 'string') overrides.referenceTime = values['reference-time'];
  for (const name of NUMBER_FLAGS) {
    const text = values[kebab(name)];
    if (typeof text === 'string') overrides[name] = toNumber(`--${kebab(name)}`, text);
  }
  if (typeof values['channel-mix'] === 'string') {
    const mix: Record<string, number> = {};
    for (const part of values['channel-mix'].split(',')) {
      const [channel, weight] = part.split('=');
      if (!channel || weight === undefined || !(GENERATED_CHANNELS as readonly string[]).includes(channel)) {
        throw new GeneratorParamsError('--channel-mix', `"${part}" is not <channel>=<weight> with a channel of ${GENERATED_CHANNELS.join(', ')}`);
      }
      mix[channel] = toNumber(`--channel-mix ${channel}`, weight);
    }
    overrides.channelMix = mix;
  }
  let params: GeneratorParams;
  try {
    params = resolveGeneratorParams(overrides as Partial<GeneratorParams>);
  } catch (error) {
    if (!(error instanceof GeneratorParamsError)) throw error;
    const flag = `--${kebab(error.field.split('.')[0]!)}`;
    throw new GeneratorParamsError(flag, error.message.slice(error.field.length + 2));
  }
  return { params, out: typeof values.out === 'string' ? values.out : null };
}
