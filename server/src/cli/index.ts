/** The `interaction-merger` CLI: candidates, search, preview and merge from a terminal. */
export { CliUsageError, parseCliArgs, USAGE, type CliCommand, type CliOptions, type CliTarget } from './args.js';
export { EXIT, runCli, type CliDeps, type OpenedEngine } from './run.js';
export { openEngineOn } from './connect.js';
export { channelName, formatCandidates, formatPlan, formatResult, problemText, reasonText } from './format.js';
