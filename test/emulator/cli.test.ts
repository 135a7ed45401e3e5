import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { demoDatasetPath } from '../../emulator/src/index.js';

const root = resolve(import.meta.dirname, '../..');
const main = resolve(root, 'emulator/src/main.ts');

function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const firstLine = new Promise<string>((resolveLine) => {
    createInterface({ input: child.stdout }).once('line', resolveLine);
  });
  const exit = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
  return { child, firstLine, exit, stderr: () => stderr };
}

describe('npm run emulator (emulator/src/main.ts)', () => {
  it('when started on port 0, then it prints its URL first and serves the demo org there', async () => {
    const cli = run(['--port', '0']);
    try {
      const url = await cli.firstLine;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const token = await fetch(`${url}/__emulator/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'alex.agent@demo-contact-centre.example' }) });
      const { access_token } = (await token.json()) as { access_token: string };
      const org = await fetch(`${url}/api/v2/organizations/me`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(await org.json()).toMatchObject({ name: 'Demo Contact Centre' });
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exit;
    }
  });

  it('when --dataset names a broken file, then it exits 1 naming the JSON path of the problem', async () => {
    const dataset = JSON.parse(await readFile(demoDatasetPath, 'utf8')) as { conversations: Array<{ participants: Array<{ purpose: string }> }> };
    dataset.conversations[2]!.participants[1]!.purpose = 'robot';
    const dir = await mkdtemp(join(tmpdir(), 'emulator-cli-'));
    const file = join(dir, 'broken.json');
    await writeFile(file, JSON.stringify(dataset));
    const cli = run(['--port', '0', '--dataset', file]);
    expect(await cli.exit).toBe(1);
    expect(cli.stderr()).toContain('/conversations/2/participants/1/purpose');
  });
});
