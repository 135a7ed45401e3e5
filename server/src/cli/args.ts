import { parseArgs } from 'node:util';

/** The CLI's commands. */
export type CliCommand = 'candidates' | 'search' | 'preview' | 'merge';

/** Where the CLI's Genesys calls go. */
export type CliTarget =
  | { kind: 'demo' }
  | { kind: 'emulator'; url: string }
  | { kind: 'org'; region: string | null; apiUrl: string | null; clientId: string; clientSecret: string };

/** A parsed command line (see {@link parseCliArgs}). */
export interface CliOptions {
  command: CliCommand;
  /** The conversation ids given (the first is the one the agent has open). */
  conversationIds: string[];
  /** `search`: what to look for. */
  query: string | null;
  json: boolean;
  /** `merge`: the operator confirmed (a merge cannot be undone). */
  yes: boolean;
  target: CliTarget;
  lookBackDays: number | null;
  threshold: number | null;
}

/** A usage problem: the message names the argument or variable (exit code 2). */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** The help text (`--help`, and after a usage error). */
export const USAGE = `Usage: interaction-merger <command> <conversationId> [more ids] [options]

Commands:
  candidates <conversationId>            related interactions, scored, with their reasons
  search <conversationId> <query>        interactions matching a phone, email, messaging id or conversation id
  preview <conversationId> [ids...]      the merge plan (one id: with its auto-selected candidates)
  merge <conversationId> [ids...] --yes  preview, then merge (cannot be undone)

Options:
  --json                 machine-readable output
  --demo                 run against an embedded demo org (the emulator with the demo dataset)
  --emulator <url>       run against an emulator at this URL (demo backend client unless GENESYS_CLIENT_ID is set)
  --look-back-days <n>   days either side of the conversation to propose candidates from (default 30)
  --threshold <x>        auto-selection threshold, 0..1 (default 0.8)
  --yes                  confirm a merge
  -h, --help             this text

A real org: GENESYS_REGION (e.g. eu_west_1 or mypurecloud.ie) or GENESYS_API_URL, plus
GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET (a client-credentials OAuth client with the backend role).
`;

const COMMANDS: ReadonlySet<string> = new Set(['candidates', 'search', 'preview', 'merge']);
const CONVERSATION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Parses the command line and the environment into options. Throws `CliUsageError` naming the
 * problem; returns null for `--help`.
 */
export function parseCliArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        demo: { type: 'boolean', default: false },
        emulator: { type: 'string' },
        'look-back-days': { type: 'string' },
        threshold: { type: 'string' },
        yes: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  const [command, ...rest] = positionals;
  if (!command) throw new CliUsageError('a command is required: candidates, search, preview or merge');
  if (!COMMANDS.has(command)) throw new CliUsageError(`unknown command "${command}": expected candidates, search, preview or merge`);
  let query: string | null = null;
  let ids = rest;
  if (command === 'search') {
    if (rest.length !== 2) throw new CliUsageError('search takes a conversation id and a query: search <conversationId> <query>');
    ids = [rest[0]!];
    query = rest[1]!;
  }
  if (ids.length === 0) throw new CliUsageError(`${command}: a conversation id is required`);
  if (command === 'candidates' && ids.length > 1) throw new CliUsageError('candidates takes one conversation id');
  ids.forEach((id, i) => {
    if (!CONVERSATION_ID.test(id)) throw new CliUsageError(`conversation id ${i + 1} ("${id.slice(0, 40)}") is not a conversation id`);
  });
  return {
    command: command as CliCommand,
    conversationIds: [...new Set(ids)],
    query,
    json: values.json,
    yes: values.yes,
    target: targetOf(values.demo, values.emulator, env),
    lookBackDays: numberOption('--look-back-days', values['look-back-days'], 1, 365, true),
    threshold: numberOption('--threshold', values.threshold, 0, 1, false),
  };
}

function numberOption(name: string, raw: string | undefined, min: number, max: number, integer: boolean): number | null {
  if (raw === undefined) return null;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new CliUsageError(`${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function targetOf(demo: boolean, emulator: string | undefined, env: Readonly<Record<string, string | undefined>>): CliTarget {
  if (demo && emulator !== undefined) throw new CliUsageError('--demo and --emulator cannot be used together');
  if (demo) return { kind: 'demo' };
  if (emulator !== undefined) {
    let url: URL;
    try {
      url = new URL(emulator);
    } catch {
      throw new CliUsageError(`--emulator must be a URL such as http://127.0.0.1:8089 (got "${emulator}")`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliUsageError('--emulator must be an http or https URL');
    return { kind: 'emulator', url: url.origin };
  }
  const region = env.GENESYS_REGION?.trim() || null;
  const apiUrl = env.GENESYS_API_URL?.trim() || null;
  if (!region && !apiUrl) {
    throw new CliUsageError('GENESYS_REGION or GENESYS_API_URL is not set: name the org\'s region (or use --demo, or --emulator <url>)');
  }
  if (apiUrl) {
    try {
      new URL(apiUrl);
    } catch {
      throw new CliUsageError(`GENESYS_API_URL must be a URL (got "${apiUrl}")`);
    }
  }
  const clientId = env.GENESYS_CLIENT_ID?.trim();
  const clientSecret = env.GENESYS_CLIENT_SECRET?.trim();
  if (!clientId) throw new CliUsageError('GENESYS_CLIENT_ID is not set: the id of a client-credentials OAuth client of the org');
  if (!clientSecret) throw new CliUsageError('GENESYS_CLIENT_SECRET is not set: the secret of that OAuth client');
  return { kind: 'org', region, apiUrl, clientId, clientSecret };
}
