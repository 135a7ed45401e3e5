import { z } from 'zod';

/** Countries the generator knows names, phone plans and formats for. */
export const GENERATOR_COUNTRIES = ['US', 'GB', 'DE', 'FR', 'AU'] as const;
/** One of {@link GENERATOR_COUNTRIES}. */
export type GeneratorCountry = (typeof GENERATOR_COUNTRIES)[number];

/** Channels the generator produces (analytics: voice, email, message/{webmessaging,sms,whatsapp}). */
export const GENERATED_CHANNELS = ['voice', 'email', 'webmessaging', 'sms', 'whatsapp'] as const;
/** One of {@link GENERATED_CHANNELS}. */
export type GeneratedChannel = (typeof GENERATED_CHANNELS)[number];

/**
 * Everything that shapes a generated org. Every `…Rate` is a probability in [0, 1]; what it is a
 * probability *of* is stated on each. The messiness comes from how people, channels, agents and
 * Genesys identity resolution produce identifiers, never from a matcher's rules.
 */
export interface GeneratorParams {
  /** PRNG seed. The same seed and parameters give the same dataset, byte for byte. */
  seed: string | number;
  /** Number of distinct customers (people). 1..100,000. */
  customers: number;
  /** The org's country: names, phone numbering plan, national formats, business hours. */
  country: GeneratorCountry;
  /**
   * The dataset's "now" (ISO-8601). Default: 15:30 local time on 2026-11-25 in the country's
   * time zone (a Wednesday afternoon).
   */
  referenceTime?: string;
  /** Days of history before `referenceTime` over which interactions arrive (default 90). */
  historyDays: number;
  /**
   * The org's analytics retention in days (`org.analyticsRetentionDays`). Interactions older than
   * this (history beyond it) are the dataset's "older than retention" conversations. Default 80.
   */
  analyticsRetentionDays: number;
  /** Mean number of interactions per customer (≥ 1; a few heavy contacters have ~3× more). */
  interactionsPerCustomer: number;
  /** Relative weights of the channels customers pick (each ≥ 0, at least one > 0). */
  channelMix: Record<GeneratedChannel, number>;

  /** Customers who own a second personal phone (a work mobile or an old number they still use). */
  secondPhoneRate: number;
  /** Customers who own a second email address (work, or an old personal mailbox). */
  secondEmailRate: number;
  /** Customers whose mobile is from another supported country (typed by agents in international form). */
  foreignPhoneRate: number;
  /** Customers who live in a household of 2–4 people sharing one landline. */
  householdRate: number;
  /** Customers who work behind a company switchboard (3–12 colleagues share one outgoing number). */
  switchboardRate: number;
  /** A household member's or employee's call that comes from the shared line rather than their own phone. */
  sharedLineUseRate: number;
  /** Customers given exactly the name of another, unrelated customer (same-name strangers). */
  sameNameRate: number;
  /** Each identifier a human types (agent on a contact, customer in a web form) that gets a typo. */
  typoRate: number;
  /** Each email a customer sends whose From address is written with different letter case. */
  emailCaseVariantRate: number;
  /** Customers who sometimes write from a plus-tagged variant of their address (`jane+shop@…`). */
  plusTagRate: number;
  /** An agent-handled interaction, of a customer with no curated contact yet, in which the agent records one. */
  curatedContactRate: number;
  /** When recording a contact, the agent promotes the customer's linked auto-created contact instead of creating a new one. */
  promoteRate: number;
  /** An agent-handled interaction, not linked to the customer's own contact, that the agent associates with it. */
  agentAssociateRate: number;
  /** A phone typed on a contact that is stored without `e164` (imported, or entered where Genesys did not normalise it). */
  phoneE164MissingRate: number;
  /** A web messaging session in which the customer fills an email into the pre-chat form. */
  webFormEmailRate: number;
  /** A web messaging session from a fresh cookie (private window, cleared cookies, another device). */
  anonymousWebSessionRate: number;
  /** An inbound call with the caller id withheld. */
  withheldCallerIdRate: number;
  /** A voice or email interaction initiated by the contact centre (callback call, outbound email). */
  outboundRate: number;
  /** An inbound call or message abandoned before an agent answered. */
  abandonRate: number;
  /** A handled interaction transferred to a second queue and agent. */
  transferRate: number;
  /** A handled call during which the agent puts the customer on hold. */
  holdRate: number;
  /** Customers served by the second division's queues (their contacts and conversations live there). */
  secondDivisionRate: number;
  /** A conversation purged from the platform (listed in `purged`; single GETs answer 404). */
  purgedRate: number;
  /** Extra conversations, as a share of all conversations, still in progress at `referenceTime`. */
  activeRate: number;
}

/** The names of the rate parameters (all probabilities in [0, 1]). */
export const RATE_PARAMETERS = [
  'secondPhoneRate', 'secondEmailRate', 'foreignPhoneRate', 'householdRate', 'switchboardRate',
  'sharedLineUseRate', 'sameNameRate', 'typoRate', 'emailCaseVariantRate', 'plusTagRate',
  'curatedContactRate', 'promoteRate', 'agentAssociateRate', 'phoneE164MissingRate',
  'webFormEmailRate', 'anonymousWebSessionRate', 'withheldCallerIdRate', 'outboundRate',
  'abandonRate', 'transferRate', 'holdRate', 'secondDivisionRate', 'purgedRate', 'activeRate',
] as const satisfies ReadonlyArray<keyof GeneratorParams>;
/** The name of a rate parameter. */
export type RateParameter = (typeof RATE_PARAMETERS)[number];

/** The default org: 2,000 US customers, 90 days, moderate ambiguity. */
export const DEFAULT_GENERATOR_PARAMS: Readonly<GeneratorParams> = Object.freeze({
  seed: 1,
  customers: 2000,
  country: 'US',
  historyDays: 90,
  analyticsRetentionDays: 80,
  interactionsPerCustomer: 3.5,
  channelMix: Object.freeze({ voice: 0.45, email: 0.2, webmessaging: 0.15, sms: 0.1, whatsapp: 0.1 }),
  secondPhoneRate: 0.15,
  secondEmailRate: 0.2,
  foreignPhoneRate: 0.02,
  householdRate: 0.08,
  switchboardRate: 0.05,
  sharedLineUseRate: 0.4,
  sameNameRate: 0.03,
  typoRate: 0.03,
  emailCaseVariantRate: 0.15,
  plusTagRate: 0.08,
  curatedContactRate: 0.15,
  promoteRate: 0.5,
  agentAssociateRate: 0.15,
  phoneE164MissingRate: 0.2,
  webFormEmailRate: 0.4,
  anonymousWebSessionRate: 0.15,
  withheldCallerIdRate: 0.02,
  outboundRate: 0.06,
  abandonRate: 0.05,
  transferRate: 0.08,
  holdRate: 0.25,
  secondDivisionRate: 0.15,
  purgedRate: 0.01,
  activeRate: 0.001,
}) as Readonly<GeneratorParams>;

const rate = z.number().min(0).max(1);

const rateShape = Object.fromEntries(RATE_PARAMETERS.map((name) => [name, rate])) as Record<
  RateParameter,
  typeof rate
>;

/** Validates full parameters; `.strict()` so a misspelt rate is an error, not silently ignored. */
export const generatorParamsSchema = z
  .object({
    seed: z.union([z.string().min(1).max(200), z.number().finite()]),
    customers: z.number().int().min(1).max(100_000),
    country: z.enum(GENERATOR_COUNTRIES),
    referenceTime: z.iso.datetime({ offset: true }).optional(),
    historyDays: z.number().int().min(1).max(730),
    analyticsRetentionDays: z.number().int().min(1).max(3650),
    interactionsPerCustomer: z.number().min(1).max(50),
    channelMix: z
      .object({
        voice: z.number().min(0),
        email: z.number().min(0),
        webmessaging: z.number().min(0),
        sms: z.number().min(0),
        whatsapp: z.number().min(0),
      })
      .strict()
      .refine((mix) => Object.values(mix).some((w) => w > 0), 'at least one channel weight must be > 0'),
    ...rateShape,
  })
  .strict();

/** Thrown for invalid generator parameters; `field` names the offending parameter. */
export class GeneratorParamsError extends Error {
  override readonly name = 'GeneratorParamsError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/**
 * Merges `overrides` over {@link DEFAULT_GENERATOR_PARAMS} (channelMix is merged per channel) and
 * validates the result. Throws {@link GeneratorParamsError} naming the first bad field.
 */
export function resolveGeneratorParams(overrides: Partial<GeneratorParams> = {}): GeneratorParams {
  const merged = {
    ...DEFAULT_GENERATOR_PARAMS,
    ...overrides,
    channelMix: { ...DEFAULT_GENERATOR_PARAMS.channelMix, ...overrides.channelMix },
  };
  return validateGeneratorParams(merged);
}

/** Validates complete parameters. Throws {@link GeneratorParamsError} naming the first bad field. */
export function validateGeneratorParams(params: unknown): GeneratorParams {
  const result = generatorParamsSchema.safeParse(params);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field =
      issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.') || '(params)';
    throw new GeneratorParamsError(field, issue.message);
  }
  return result.data as GeneratorParams;
}
