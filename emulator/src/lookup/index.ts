/** The carrier line-type lookup stand-in (Twilio Lookup v2), answered from the dataset's `lineTypes`. */
export { createLookupRouter, LOOKUP_BASE_PATH, LOOKUP_TEMPLATE } from './router.js';
export type { LookupCredentials, LookupRouterDeps } from './router.js';
export type { LineTypeIntelligence, LookupPhoneNumber } from './phone-number.js';
