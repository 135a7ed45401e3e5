export { createTwilioLineTypeLookup } from './line-types.js';
export type { LineTypeLookup, TwilioLineTypeOptions } from './line-types.js';
