export { parseConfig, redactConfig, ConfigError } from './parse.js';
export type { ConfigIssue } from './parse.js';
export { CONFIG_VARIABLES } from './variables.js';
export type { ConfigVariable, ConfigVariableName } from './variables.js';
export { resolveRegion, knownRegions } from './regions.js';
export type { GenesysRegion } from './regions.js';
export { decodeMasterKey, generateMasterKey, loadOrCreateDemoMasterKey, MASTER_KEY_BYTES, DEMO_MASTER_KEY_FILE } from './master-key.js';
export type { Config, DatabaseConfig, LogLevel, TrustProxy } from './types.js';
