export { runProvision, EXIT } from './run.js';
export type { CliDeps } from './run.js';
export { parseProvisionArgs, pkceSignIn, UsageError, USAGE } from './args.js';
export type { ProvisionArgs } from './args.js';
