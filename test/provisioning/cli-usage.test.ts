/** The command line: usage errors exit 2 naming the option; a broken manifest exits 2 naming its JSON path. */
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { defaultManifestPath, parseProvisionArgs, runProvision } from '../../manifest/src/index.js';

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  const code = await runProvision({
    argv, env, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, logger: pino({ level: 'silent' }), sleep: async () => {},
  });
  return { code, stderr, stdout };
}

const WHERE = ['--api-url', 'http://127.0.0.1:1', '--backend', 'http://127.0.0.1:2'];

describe('provision command line', () => {
  it('when --help is given, then the usage is printed and the exit code is 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Usage: npm run provision -- <plan|install|status|uninstall>');
  });

  it.each([
    [['deploy', ...WHERE], 'command: expected one of plan, install, status, uninstall, not "deploy"'],
    [['plan', '--api-url', 'http://127.0.0.1:1'], '--backend: the backend URL is required'],
    [['plan', '--backend', 'http://127.0.0.1:2'], '--api-url or --region'],
    [['plan', ...WHERE, '--region', 'us_east_1'], '--api-url and --region: give one of them'],
    [['plan', '--region', 'atlantis', '--backend', 'http://127.0.0.1:2'], '--region: "atlantis" is not a Genesys Cloud region'],
    [['plan', '--api-url', 'http://127.0.0.1:1', '--backend', 'http://merger.example.com'], '--backend: must be an https URL'],
    [['plan', ...WHERE, '--client-secret', 's3cret'], '--client-id: a client secret needs its client id'],
    [['plan', ...WHERE, '--callback-port', 'x'], '--callback-port: must be a port number'],
  ])('when the command line is %j, then it exits 2 naming the problem', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('when the client secret begins with a dash, then it is read as the secret, not as an option', () => {
    const parsed = parseProvisionArgs(['plan', ...WHERE, '--client-id', 'cid', '--client-secret', '-Xy_9-z'], {});
    expect(parsed.signIn).toMatchObject({ clientId: 'cid', clientSecret: '-Xy_9-z' });
  });

  it('when the manifest breaks its schema, then it exits 2 naming the JSON path, before signing in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'im-manifest-'));
    cpSync(join(defaultManifestPath, '..', 'icons'), join(dir, 'icons'), { recursive: true });
    const manifest = JSON.parse(readFileSync(defaultManifestPath, 'utf8')) as { app: { description: string } };
    manifest.app.description = 'x'.repeat(80);
    writeFileSync(join(dir, 'app.json'), JSON.stringify(manifest));
    const result = await run(['plan', ...WHERE, '--manifest', join(dir, 'app.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/app/description');
    expect(result.stdout).not.toContain('Open this URL');
  });

  it('when the client-credentials secret comes from the environment and Genesys refuses it, then it exits 1 saying so without echoing it', async () => {
    const { startTestEmulator } = await import('../support/emulator.js');
    const emulator = await startTestEmulator();
    try {
      const result = await run(['plan', '--api-url', emulator.url, '--backend', 'http://127.0.0.1:2'], { GENESYS_ADMIN_CLIENT_ID: 'nobody', GENESYS_ADMIN_CLIENT_SECRET: 'wrong-secret-value' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Genesys Cloud refused the client id or secret');
      expect(result.stderr + result.stdout).not.toContain('wrong-secret-value');
    } finally {
      await emulator.close();
    }
  });
});
