export { createLogger } from './logger.js';
export type { Logger, LoggerOptions } from './logger.js';
export { createHttpLogger, REQUEST_ID_HEADER } from './http-logger.js';
export type { HttpLogger, HttpLoggerOptions } from './http-logger.js';
export { createScrubber, isSensitiveKey, REDACTED } from './scrub.js';
export type { Pseudonymise, ScrubbedKind, Scrubber } from './scrub.js';
