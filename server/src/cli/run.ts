import { AppError } from '../errors/index.js';
import type { EngineEvent, InteractionMerger } from '../engine/index.js';
import { GenesysApiError } from '../genesys/index.js';
import type { TenantSettings } from '../merge/index.js';
import { CliUsageError, parseCliArgs, USAGE, type CliOptions, type CliTarget } from './args.js';
import { eventText, formatCandidates, formatPlan, formatResult } from './format.js';

/** Exit codes of the CLI. */
export const EXIT = Object.freeze({
  ok: 0,
  /** Unexpected failure. */
  internal: 1,
  /** Bad arguments or environment. */
  usage: 2,
  /** The merge was not made: the plan is not valid, or `--yes` was not given. */
  refused: 3,
  /** A conversation was not found. */
  notFound: 4,
  /** Genesys Cloud refused or failed (credentials, permissions, outage). */
  genesys: 5,
});

/** An engine opened for one CLI run. */
export interface OpenedEngine {
  merger: InteractionMerger;
  close(): Promise<void>;
}

/** What {@link runCli} needs: how to open an engine, where to print, the environment. */
export interface CliDeps {
  /** Opens an engine on the target with these settings. */
  openEngine(target: CliTarget, settings: Partial<TenantSettings>): Promise<OpenedEngine>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function execute(options: CliOptions, merger: InteractionMerger, out: (text: string) => void): Promise<number> {
  const [anchor] = options.conversationIds as [string, ...string[]];
  switch (options.command) {
    case 'candidates': {
      const candidates = await merger.candidates(anchor);
      out(options.json ? json({ conversationId: anchor, candidates }) : formatCandidates(anchor, candidates));
      return EXIT.ok;
    }
    case 'search': {
      const candidates = await merger.search(anchor, options.query!);
      out(options.json ? json({ conversationId: anchor, query: options.query, candidates }) : formatCandidates(anchor, candidates, `Matches for "${options.query}"`));
      return EXIT.ok;
    }
    case 'preview':
    case 'merge': {
      let ids = options.conversationIds;
      if (ids.length === 1) {
        // One id: the interaction and what the engine auto-selects for it.
        const selected = (await merger.candidates(anchor)).filter((c) => c.selected).map((c) => c.conversationId);
        ids = [anchor, ...selected];
        if (!options.json) out(`Using ${anchor} and its ${selected.length} auto-selected related interaction(s).\n`);
      }
      const plan = await merger.preview({ conversationIds: ids, anchorConversationId: anchor });
      if (options.command === 'preview') {
        out(options.json ? json(plan) : formatPlan(plan));
        return plan.valid ? EXIT.ok : EXIT.refused;
      }
      if (!plan.valid || !options.yes) {
        if (options.json) out(json({ plan, merged: false, reason: plan.valid ? 'confirmation_required' : 'plan_invalid' }));
        else {
          out(formatPlan(plan));
          out(plan.valid ? '\nNot merged: a merge cannot be undone. Run again with --yes to merge.\n' : '\nNot merged: the plan is not valid.\n');
        }
        return EXIT.refused;
      }
      if (!options.json) out(formatPlan(plan));
      const events: EngineEvent[] = [];
      let state = merger.beginExecution(plan);
      for (;;) {
        const outcome = await merger.runStep(state);
        state = outcome.state;
        events.push(...outcome.events);
        if (!options.json) {
          out(`step ${outcome.step} done\n`);
          for (const event of outcome.events) out(`  ${eventText(event)}\n`);
        }
        if (outcome.done) break;
      }
      out(options.json ? json({ plan, merged: true, result: state.result, events }) : `\n${formatResult(state.result!)}`);
      return EXIT.ok;
    }
  }
}

function exitCodeOf(error: unknown): number {
  if (error instanceof CliUsageError) return EXIT.usage;
  if (error instanceof AppError) {
    if (error.status === 404) return EXIT.notFound;
    if (error.status === 400) return EXIT.usage;
    if (error.status === 409 || error.status === 422) return EXIT.refused;
    return EXIT.genesys;
  }
  return error instanceof GenesysApiError ? EXIT.genesys : EXIT.internal;
}

function errorMessage(error: unknown): { code: string; message: string; details?: unknown } {
  if (error instanceof CliUsageError) return { code: 'usage', message: error.message };
  if (error instanceof AppError) return { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
  if (error instanceof GenesysApiError) {
    return { code: 'genesys_error', message: error.message, details: { status: error.status, correlationId: error.correlationId } };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Runs the CLI: parses `argv` and the environment, opens an engine on the target, runs the command
 * and prints its output (human tables or `--json`). Returns the exit code (see `EXIT`); never
 * throws. Errors go to stderr in words, or to stdout as `{error}` with `--json`.
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const out = (text: string) => void deps.stdout.write(text);
  let options: CliOptions | null;
  try {
    options = parseCliArgs(argv, deps.env);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    deps.stderr.write(`interaction-merger: ${error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (!options) {
    out(USAGE);
    return EXIT.ok;
  }
  const settings: Partial<TenantSettings> = {
    ...(options.lookBackDays !== null ? { lookBackDays: options.lookBackDays } : {}),
    ...(options.threshold !== null ? { threshold: options.threshold } : {}),
  };
  let engine: OpenedEngine | null = null;
  try {
    engine = await deps.openEngine(options.target, settings);
    return await execute(options, engine.merger, out);
  } catch (error) {
    const described = errorMessage(error);
    if (options.json) out(json({ error: described }));
    else deps.stderr.write(`interaction-merger: ${described.message}\n`);
    return exitCodeOf(error);
  } finally {
    await engine?.close();
  }
}
