import type { Logger } from 'pino';
import { BackendError, createBackendAdminApi } from '../backend/index.js';
import {
  apiBaseUrl, createProvisioningApi, createSdkClient, GenesysError, loginBaseUrl, signInWithClientCredentials, signInWithPkce,
  type GenesysTarget,
} from '../genesys/index.js';
import { loadManifest, ManifestError, renderDesired, type DesiredState, type LoadedManifest } from '../manifest/index.js';
import {
  applyInstall, applyUninstall, assertPermitted, compare, describeAction, describeRemoval, MissingPermissionsError, observe, planInstall, planUninstall, whoAmI,
  type OrgConnection,
} from '../provision/index.js';
import { parseProvisionArgs, pkceSignIn, UsageError, USAGE, type ProvisionArgs } from './args.js';
import {
  errorJson, renderChecks, renderHeader, renderInstallOutcome, renderInstallPlan, renderStatus, renderUninstallOutcome, renderUninstallPlan,
  type ReportHeader,
} from './render.js';

/** What the CLI needs from its process; `main.ts` passes the real ones, tests their own. */
export interface CliDeps {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  logger: Logger;
  /** Waits between retries of Platform API calls. */
  sleep(ms: number): Promise<void>;
  /** For the backend's admin API (default: global fetch). */
  fetch?: typeof fetch;
  /** How long a browser sign-in may take (default 5 minutes). */
  pkceTimeoutMs?: number;
}

/** Exit codes (also in the usage text). */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2, notInSync: 3, blocked: 4 });

function connectionOf(target: GenesysTarget): OrgConnection {
  return target.kind === 'region' ? { region: target.key } : { apiBaseUrl: apiBaseUrl(target), loginBaseUrl: loginBaseUrl(target) };
}

/** Re-reads a 403 met mid-way as missing permissions, with the manifest's reasons where it has them. */
function asMissingPermissions(error: GenesysError, desired: DesiredState, command: ProvisionArgs['command'], who: string): MissingPermissionsError {
  const reasons = new Map(desired.installerPermissions(command).map((p) => [p.permission, p.reason]));
  const permissions = error.missingPermissions.length > 0 ? error.missingPermissions : [`(not named by Genesys Cloud: ${error.message})`];
  return new MissingPermissionsError(command, permissions.map((permission) => ({ permission, reason: reasons.get(permission) ?? `needed to ${error.operation}` })), who);
}

/**
 * `npm run provision -- plan|install|status|uninstall …`: parses the command line, loads the
 * manifest, signs the admin in, checks their permissions up front, reads the org, and plans,
 * installs (undoing a failed run), reports status or uninstalls. Human-readable output, or one
 * JSON document with `--json`. Resolves to the exit code.
 */
export async function runProvision(deps: CliDeps): Promise<number> {
  let args: ProvisionArgs;
  try {
    args = parseProvisionArgs(deps.argv, deps.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    deps.stderr(error.message ? `provision: ${error.message}\n\n${USAGE}` : USAGE);
    return error.message ? EXIT.usage : EXIT.ok;
  }
  let loaded: LoadedManifest;
  try {
    loaded = await loadManifest(args.manifestPath);
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    deps.stderr(`provision: the manifest is not usable: ${error.message}\n`);
    return EXIT.usage;
  }
  const desired = renderDesired(loaded, args.backendUrl);
  const json = args.json;
  const report: Record<string, unknown> = { command: args.command };
  const print = (text: string) => {
    if (!json && text) deps.stdout(text.endsWith('\n') ? text : `${text}\n`);
  };
  const finish = (code: number) => {
    if (json) deps.stdout(`${JSON.stringify({ ...report, exitCode: code }, null, 2)}\n`);
    return code;
  };

  const sdk = createSdkClient(args.target);
  const api = createProvisioningApi(sdk, { sleep: deps.sleep });
  const backend = createBackendAdminApi(args.backendUrl, deps.fetch);
  let who = 'you';
  try {
    await (args.signIn.kind === 'client-credentials'
      ?  signInWithClientCredentials(sdk, args.signIn.clientId, args.signIn.clientSecret)
      : await signInWithPkce(sdk, pkceSignIn(args, loaded.manifest.installer), {
          loginBaseUrl: loginBaseUrl(args.target),
          timeoutMs: deps.pkceTimeoutMs ?? 300_000,
          // With --json, stdout carries only the report.
          showUrl: (url) => (json ? deps.stderr : deps.stdout)(`Open this URL in a browser to sign in:\n  ${url}\n`),
        }));
    // The backend takes only tokens of the app's widget client (DESIGN.md "Authorisation"): the
    // admin signs in once more, through it, on a client of its own so the installer's token stays.
    const backendTokens = new Map<string, Promise<string>>();
    const backendToken = (widgetClientId: string): Promise<string> => {
      let pending = backendTokens.get(widgetClientId);
      if (!pending) {
        const loginHint = args.signIn.kind === 'pkce' ? args.signIn.loginHint : args.backendLoginHint;
        const port = args.signIn.kind === 'pkce' ? args.signIn.port : args.backendCallbackPort;
        pending = signInWithPkce(
          createSdkClient(args.target),
          {
            kind: 'pkce',
            clientId: widgetClientId,
            redirectUri: desired.backendSignIn.redirectUri,
            ...(port !== undefined ? { port } : {}),
            ...(loginHint !== undefined ? { loginHint } : {}),
          },
          {
            loginBaseUrl: loginBaseUrl(args.target),
            timeoutMs: deps.pkceTimeoutMs ?? 300_000,
            showUrl: (url) => (json ? deps.stderr : deps.stdout)(`Open this URL in a browser to sign in to the backend (through the app's widget client):\n  ${url}\n`),
          },
        );
        backendTokens.set(widgetClientId, pending);
      }
      return pending;
    };
    const { org, principal } = await whoAmI(api);
    who = principal.name;
    const header: ReportHeader = { command: args.command, org, principal, genesys: args.target.kind === 'region' ? args.target.key : args.target.apiUrl, backendUrl: args.backendUrl };
    Object.assign(report, { org, principal: { kind: principal.kind, id: principal.id, name: principal.name }, backend: args.backendUrl });
    print(renderHeader(header));
    assertPermitted(desired, args.command, principal);
    // A client-credentials run of plan or status (CI, scripts) asks the backend only when told who signs in there.
    const askBackend = args.command === 'install' || args.command === 'uninstall' || args.signIn.kind === 'pkce' || args.backendLoginHint !== undefined;
    const observed = await observe({ api, backend, backendToken: askBackend ? backendToken : null, desired, org, principal });

    if (args.command === 'status') {
      const states = compare(desired, observed);
      report.status = states;
      print(renderStatus(states));
      return finish(states.every((s) => s.state === 'ok') ? EXIT.ok : EXIT.notInSync);
    }
    if (args.command === 'uninstall') {
      const plan = planUninstall(desired, observed);
      Object.assign(report, { checks: plan.checks, actions: plan.actions.map((a) => ({ ...a, summary: describeRemoval(a, desired) })), notes: plan.notes });
      print(renderChecks(plan.checks));
      print(renderUninstallPlan(plan, desired));
      if (plan.blocked) return finish(EXIT.blocked);
      const outcome = await applyUninstall(plan, { api, backend, backendToken, desired, logger: deps.logger, onStep: (e) => e.phase === 'done' && print(`  ✓ ${e.summary}`) });
      report.outcome = { ok: outcome.ok, done: outcome.done, failures: outcome.failures.map((f) => ({ step: f.step, error: errorJson(f.error) })), remaining: outcome.remaining };
      print(renderUninstallOutcome(outcome));
      return finish(outcome.ok ? EXIT.ok : EXIT.failed);
    }

    const plan = planInstall(desired, observed);
    Object.assign(report, {
      checks: plan.checks,
      actions: plan.actions.map((a) => ({ ...a, ...describeAction(a, desired) })),
      notes: plan.notes,
    });
    print(renderChecks(plan.checks));
    print(renderInstallPlan(plan, desired));
    if (plan.blocked) return finish(EXIT.blocked);
    if (args.command === 'plan' || plan.actions.length === 0) return finish(EXIT.ok);

    print('Installing');
    const outcome = await applyInstall(plan, {
      api,
      backend,
      backendToken,
      desired,
      observed,
      connection: connectionOf(args.target),
      logger: deps.logger,
      onStep: (e) => {
        if (e.phase === 'done') print(`  ✓ ${e.summary}`);
        if (e.phase === 'undo') print(`  ↶ ${e.summary}`);
      },
    });
    report.outcome = outcome.ok
      ? { ok: true, done: outcome.done }
      : {
          ok: false,
          done: outcome.done,
          failedStep: outcome.failedStep,
          error: errorJson(outcome.error),
          rolledBack: outcome.rolledBack,
          rollbackFailures: outcome.rollbackFailures.map((f) => ({ step: f.step, error: errorJson(f.error) })),
        };
    print(renderInstallOutcome(outcome));
    if (!outcome.ok && outcome.error instanceof GenesysError && outcome.error.status === 403) {
      print(asMissingPermissions(outcome.error, desired, args.command, who).message);
    }
    return finish(outcome.ok ? EXIT.ok : EXIT.failed);
  } catch (error) {
    const problem = error instanceof GenesysError && error.status === 403 ? asMissingPermissions(error, desired, args.command, who) : (error as Error);
    report.error = { ...errorJson(problem), ...(problem instanceof MissingPermissionsError ? { missing: problem.missing } : {}) };
    if (!json) deps.stderr(`provision: ${problem.message}\n`);
    if (problem instanceof MissingPermissionsError) return finish(EXIT.blocked);
    if (!(problem instanceof GenesysError || problem instanceof BackendError)) deps.logger.error({ err: problem }, 'provisioning failed');
    return finish(EXIT.failed);
  }
}
