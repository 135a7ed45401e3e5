export { createTwilioLineTypeLookup, TWILIO_LOOKUP_BASE_URL } from './line-types.js';
export type { LineTypeLookup, TwilioLineTypeOptions } from './line-types.js';
