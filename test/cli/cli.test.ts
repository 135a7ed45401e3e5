import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXIT, openEngineOn, parseCliArgs, runCli, type CliTarget } from '../../server/src/cli/index.js';
import { DEMO_IDS } from '../../emulator/src/index.js';
import type { TestEmulator } from '../support/emulator.js';
import { C, callsTo, K, MERGE_POST, resetEmulator, startEngineEmulator } from '../engine/support.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/interaction-merger.js');
const ORG_ENV = { GENESYS_REGION: 'eu_west_1', GENESYS_CLIENT_ID: 'id', GENESYS_CLIENT_SECRET: 'secret' };

describe('CLI arguments', () => {
  const usage = (argv: string[], env: Record<string, string> = ORG_ENV) => {
    try {
      parseCliArgs(argv, env);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('when the command or the id is missing or wrong, then the message names the problem', () => {
    expect(usage([])).toMatch(/a command is required/);
    expect(usage(['merj', C.janeCall])).toMatch(/unknown command "merj"/);
    expect(usage(['preview'])).toMatch(/preview: a conversation id is required/);
    expect(usage(['candidates', C.janeCall, C.janeEmail])).toMatch(/candidates takes one conversation id/);
    expect(usage(['preview', C.janeCall, 'not an id'])).toMatch(/conversation id 2 .* is not a conversation id/);
    expect(usage(['search', C.janeCall])).toMatch(/search takes a conversation id and a query/);
    expect(usage(['candidates', C.janeCall, '--threshold', '2'])).toMatch(/--threshold must be a number from 0 to 1/);
    expect(usage(['candidates', C.janeCall, '--bogus'])).toMatch(/bogus/);
  });

  it('when the org is not configured, then the missing variable is named', () => {
    expect(usage(['candidates', C.janeCall], {})).toMatch(/GENESYS_REGION or GENESYS_API_URL is not set/);
    expect(usage(['candidates', C.janeCall], { GENESYS_REGION: 'eu_west_1' })).toMatch(/GENESYS_CLIENT_ID is not set/);
    expect(usage(['candidates', C.janeCall], { GENESYS_API_URL: 'nope', GENESYS_CLIENT_ID: 'a', GENESYS_CLIENT_SECRET: 'b' })).toMatch(/GENESYS_API_URL must be a URL/);
    expect(usage(['candidates', C.janeCall, '--emulator', 'ftp://x'])).toMatch(/--emulator must be an http or https URL/);
  });

  it('when the environment names an org, then the target carries its region and client', () => {
    expect(parseCliArgs(['merge', C.janeCall, C.janeEmail, '--yes', '--json'], ORG_ENV)).toMatchObject({
      command: 'merge', conversationIds: [C.janeCall, C.janeEmail], yes: true, json: true,
      target: { kind: 'org', region: 'eu_west_1', apiUrl: null, clientId: 'id', clientSecret: 'secret' },
    });
  });

  it('when the region is unknown, then the run stops with a usage error naming GENESYS_REGION', async () => {
    const stderr: string[] = [];
    const code = await runCli(['candidates', C.janeCall], {
      openEngine: async (target) => openEngineOn({ target: { region: (target as Extract<CliTarget, { kind: 'org' }>).region! }, credentials: { clientId: 'a', clientSecret: 'b' }, settings: {} }),
      stdout: { write: () => true },
      stderr: { write: (t: string) => stderr.push(t) },
      env: { ...ORG_ENV, GENESYS_REGION: 'mars_north_1' },
    });
    expect(code).toBe(EXIT.usage);
    expect(stderr.join('')).toMatch(/GENESYS_REGION: Unknown Genesys Cloud region "mars_north_1"/);
  });
});

describe('CLI against the emulator', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startEngineEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(() => resetEmulator(emu));

  const cli = async (argv: string[]) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCli([...argv, '--emulator', emu.url], {
      openEngine: async (target, settings) => openEngineOn({
        target: { baseUrl: (target as Extract<CliTarget, { kind: 'emulator' }>).url },
        credentials: { clientId: DEMO_IDS.clients.backend.id, clientSecret: DEMO_IDS.clients.backend.secret },
        settings,
        clock: emu.manualClock!,
      }),
      stdout: { write: (t: string) => stdout.push(t) },
      stderr: { write: (t: string) => stderr.push(t) },
      env: {},
    });
    return { code, out: stdout.join(''), err: stderr.join('') };
  };

  it('when candidates are asked, then a table lists them with the reasons in words', async () => {
    const { code, out } = await cli(['candidates', C.carlosWhatsApp]);
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/3 found, 3 selected/);
    expect(out).toMatch(/SELECTED\s+SCORE\s+CHANNEL/);
    expect(out).toMatch(/same phone number \(•••• 0187\)/);
    expect(out).not.toMatch(/13055550187/);
  });

  it('when --json is given, then the output is the candidates as JSON', async () => {
    const { code, out } = await cli(['candidates', C.tomLandlineCall, '--json']);
    expect(code).toBe(EXIT.ok);
    const body = JSON.parse(out) as { conversationId: string; candidates: Array<{ conversationId: string; selected: boolean }> };
    expect(body.conversationId).toBe(C.tomLandlineCall);
    expect(body.candidates.find((c) => c.conversationId === C.lindaLandlineCall)?.selected).toBe(false);
  });

  it('when a search finds conversations, then they are listed', async () => {
    const { code, out } = await cli(['search', C.mohammedWebMessage, 'm.alsayed@example.com']);
    expect(code).toBe(EXIT.ok);
    expect(out).toContain(C.mohammedEmail);
  });

  it('when a preview is not valid, then the problems are printed in words and the exit code says so', async () => {
    const { code, out } = await cli(['preview', C.mohammedEmail, C.mohammedOldCall]);
    expect(code).toBe(EXIT.refused);
    expect(out).toMatch(/NOT valid/);
    expect(out).toMatch(/older than the org's analytics retention \(\d+ days old, retention 180 days\)/);
  });

  it('when merge is asked without --yes, then the plan is shown and nothing is merged', async () => {
    const { code, out } = await cli(['merge', C.carlosSms, C.carlosCall]);
    expect(code).toBe(EXIT.refused);
    expect(out).toMatch(/Run again with --yes/);
    expect(callsTo(emu, MERGE_POST)).toBe(0);
  });

  it('when merge --yes is given with one id, then its auto-selected interactions are merged and the result is printed', async () => {
    const { code, out } = await cli(['merge', C.carlosWhatsApp, '--yes', '--json']);
    expect(code).toBe(EXIT.ok);
    const body = JSON.parse(out) as { merged: boolean; result: { contactId: string; conversationIds: string[] } };
    expect(body.merged).toBe(true);
    expect(body.result.conversationIds.sort()).toEqual([C.carlosWhatsApp, C.carlosSms, C.carlosCall, C.carlosWhatsAppRecent].sort());
    expect(emu.emulator.contact(K.carlosSms)?.mergedTo?.id).toBe(body.result.contactId);
  });

  it('when the conversation does not exist, then the error names it and the exit code is "not found"', async () => {
    const { code, err } = await cli(['candidates', C.mohammedPurgedCall]);
    expect(code).toBe(EXIT.notFound);
    expect(err).toMatch(new RegExp(`Conversation ${C.mohammedPurgedCall} was not found`));
  });
});

describe('the interaction-merger bin', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startEngineEmulator();
  });
  afterAll(() => emu.close());

  it('when run without a build step, then it answers --help and a --json command against an emulator', async () => {
    const help = await run(process.execPath, [BIN, '--help']);
    expect(help.stdout).toMatch(/^Usage: interaction-merger/);
    const { stdout } = await run(process.execPath, [BIN, 'candidates', C.carlosSms, '--emulator', emu.url, '--json'], { env: { ...process.env, GENESYS_CLIENT_ID: '', GENESYS_CLIENT_SECRET: '' } });
    const body = JSON.parse(stdout) as { candidates: Array<{ conversationId: string; selected: boolean }> };
    expect(body.candidates.filter((c) => c.selected).map((c) => c.conversationId)).toContain(C.carlosCall);
  });

  it('when the arguments are wrong, then it exits 2 with the problem on stderr', async () => {
    const error = await run(process.execPath, [BIN, 'frobnicate', 'x']).catch((e: unknown) => e) as { code: number; stderr: string };
    expect(error.code).toBe(EXIT.usage);
    expect(error.stderr).toMatch(/unknown command "frobnicate"/);
  });
});
