/**
 * The seeded org generator: realistic Genesys Cloud datasets with the truth (and the evidence
 * groups) known, for demo mode, tests and the accuracy benchmarks.
 */
export { generateDataset, referenceInstant } from './generate.js';
export { serializeDataset } from './serialize.js';
export {
  DEFAULT_GENERATOR_PARAMS,
  GENERATED_CHANNELS,
  GENERATOR_COUNTRIES,
  GeneratorParamsError,
  RATE_PARAMETERS,
  generatorParamsSchema,
  resolveGeneratorParams,
  validateGeneratorParams,
} from './params.js';
export type { GeneratedChannel, GeneratorCountry, GeneratorParams, RateParameter } from './params.js';
export { WITHHELD_ANI } from './channels.js';
export { computeEvidence } from './evidence.js';
export type { EvidenceFacts } from './evidence.js';
export { createRandom } from './random.js';
export type { Random } from './random.js';
export { GENERATE_USAGE, parseGenerateArgs } from './cli.js';
export type { GenerateCommand } from './cli.js';
