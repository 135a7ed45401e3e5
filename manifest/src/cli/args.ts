import { parseArgs } from 'node:util';
import type { SignIn } from '../genesys/index.js';
import { parseApiUrl, resolveRegion, type GenesysTarget } from '../genesys/index.js';
import { normaliseBackendUrl, type ProvisionCommand } from '../manifest/index.js';

/** A command line that cannot be used; the message names the option. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The parsed command line. */
export interface ProvisionArgs {
  command: ProvisionCommand;
  backendUrl: string;
  target: GenesysTarget;
  manifestPath: string | undefined;
  /** `pkce` sign-in takes the manifest's installer client unless `--client-id` names another. */
  signIn: { kind: 'client-credentials'; clientId: string; clientSecret: string } | { kind: 'pkce'; clientId: string | undefined; port: number | undefined; loginHint: string | undefined };
  /** For the backend sign-in (always PKCE, through the widget client) after a client-credentials sign-in. */
  backendLoginHint: string | undefined;
  backendCallbackPort: number | undefined;
  json: boolean;
  verbose: boolean;
}

/** The usage text. */
export const USAGE = `Usage: npm run provision -- <plan|install|status|uninstall> --backend URL (--api-url URL | --region R) [options]

  plan        show exactly what install would create or change; changes nothing
  install     create the role, the OAuth clients and the interaction widget, and register the org
              with the backend; running it again changes nothing; a failure undoes what it did
  status      compare the org (and the backend) with the manifest
  uninstall   remove what install created, and the org from the backend

  --backend URL         the Interaction Merger backend, e.g. https://merger.example.com
  --api-url URL         the Platform API base URL (e.g. an emulator at http://127.0.0.1:8089), or
  --region R            the Genesys Cloud region: us_east_1, eu_west_1, … or mypurecloud.ie, …
  --manifest FILE       default: manifest/app.json

Sign-in (as an administrator of the org):
  --client-id ID --client-secret SECRET   a client-credentials client with the needed role
                        (or GENESYS_ADMIN_CLIENT_ID / GENESYS_ADMIN_CLIENT_SECRET: keeps the secret
                        out of your shell history)
  otherwise             PKCE in a browser: the URL to open is printed; the installer listens on
                        the client's loopback redirect URI
  --client-id ID        the PKCE client (default: the manifest's installer client)
  The backend accepts only tokens of the app's widget client, so once that client exists the
  installer asks you to sign in once more, through it (a second URL), to register the org.
  --login-hint EMAIL    pre-select the account on the login page(s)
  --callback-port N     listen on this port instead of the redirect URI's (0: any free port;
                        or PROVISION_CALLBACK_PORT)

  --json                machine-readable output on stdout
  --verbose             log to stderr
Exit codes: 0 done · 1 a call failed (install undone) · 2 bad usage or manifest ·
            3 status: not installed or drifted · 4 missing prerequisites or permissions (nothing changed)
`;

const COMMANDS: readonly ProvisionCommand[] = ['plan', 'install', 'status', 'uninstall'];

/**
 * `--client-secret X` as `--client-secret=X`: a Genesys client secret may begin with `-`, which
 * `parseArgs` would otherwise refuse as a missing value.
 */
function joinSecretValue(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--client-secret' && i + 1 < argv.length) joined.push(`--client-secret=${argv[++i]}`);
    else joined.push(argv[i]!);
  }
  return joined;
}

/** Parses `argv` (after the script name) with `env` for the admin client credentials. Throws {@link UsageError}. */
export function parseProvisionArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ProvisionArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinSecretValue(argv),
      allowPositionals: true,
      strict: true,
      options: {
        backend: { type: 'string' },
        'api-url': { type: 'string' },
        region: { type: 'string' },
        manifest: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'login-hint': { type: 'string' },
        'callback-port': { type: 'string' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  const command = positionals[0] as ProvisionCommand | undefined;
  if (!command || !COMMANDS.includes(command)) throw new UsageError(`command: expected one of ${COMMANDS.join(', ')}${command ? `, not "${command}"` : ''}`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  if (!values.backend) throw new UsageError('--backend: the backend URL is required');
  let backendUrl: string;
  let target: GenesysTarget;
  try {
    backendUrl = normaliseBackendUrl(values.backend);
    if (values['api-url'] && values.region) throw new Error('--api-url and --region: give one of them');
    if (values['api-url']) target = { kind: 'url', apiUrl: parseApiUrl(values['api-url']) };
    else if (values.region) {
      const region = resolveRegion(values.region);
      if (!region) throw new Error(`--region: "${values.region}" is not a Genesys Cloud region (e.g. us_east_1 or mypurecloud.com)`);
      target = { kind: 'region', ...region };
    } else throw new Error('--api-url or --region: where the org is is required');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  const clientId = values['client-id'] ?? env.GENESYS_ADMIN_CLIENT_ID;
  const clientSecret = values['client-secret'] ?? env.GENESYS_ADMIN_CLIENT_SECRET;
  let port: number | undefined;
  const portText = values['callback-port'] ?? env.PROVISION_CALLBACK_PORT;
  if (portText !== undefined) {
    port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError('--callback-port: must be a port number (0-65535)');
  }
  let signIn: ProvisionArgs['signIn'];
  if (clientSecret) {
    if (!clientId) throw new UsageError('--client-id: a client secret needs its client id (or GENESYS_ADMIN_CLIENT_ID)');
    signIn = { kind: 'client-credentials', clientId, clientSecret };
  } else {
    signIn = { kind: 'pkce', clientId: values['client-id'], port, loginHint: values['login-hint'] };
  }
  return {
    command,
    backendUrl,
    target,
    manifestPath: values.manifest,
    signIn,
    backendLoginHint: values['login-hint'],
    backendCallbackPort: port,
    json: values.json ?? false,
    verbose: values.verbose ?? false,
  };
}

/** The PKCE sign-in for `args`, with the manifest's installer client and redirect URI as defaults. */
export function pkceSignIn(args: ProvisionArgs, installer: { clientId: string; redirectUri: string }): Extract<SignIn, { kind: 'pkce' }> {
  if (args.signIn.kind !== 'pkce') throw new Error('not a PKCE sign-in');
  return {
    kind: 'pkce',
    clientId: args.signIn.clientId ?? installer.clientId,
    redirectUri: installer.redirectUri,
    ...(args.signIn.port !== undefined ? { port: args.signIn.port } : {}),
    ...(args.signIn.loginHint !== undefined ? { loginHint: args.signIn.loginHint } : {}),
  };
}
