/**
 * Runs the commands of `docs/install.md` ("Try it on your machine") as written, against a fresh
 * emulator and a freshly started backend, then checks the app works for an agent: the installed
 * widget client signs Alex in with PKCE and the backend answers his candidates request.
 *
 * Two things differ from typing the commands: the ports (8089, 3000 and the sign-in listener's
 * 17863 become free ones, so runs never collide), and `npm start` runs its second half,
 * `tsx server/src/main.ts`, without first building the widget pages (the install does not use
 * them). The processes share a DATA_DIR of their own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/server.js';

const doc = readFileSync(join(REPO_ROOT, 'docs', 'install.md'), 'utf8');
const JANE_ACTIVE_CALL = '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4004';
const JANE_EMAIL = '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4003';

/** The `sh` blocks of one section, as command lines. */
function tourCommands(): string[] {
  const start = doc.indexOf('## Try it on your machine');
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `A=1 B=2 cmd args…` → env and argv (the doc's commands use no quoting). */
function parse(line: string): { env: Record<string, string>; argv: string[] } {
  const words = line.split(/\s+/);
  const env: Record<string, string> = {};
  while (/^[A-Z_]+=/.test(words[0] ?? '')) {
    const [key, ...value] = words.shift()!.split('=');
    env[key!] = value.join('=');
  }
  return { env, argv: words };
}

interface Running {
  child: ChildProcess;
  output(): string;
  /** Resolves once the output matches. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<number>;
}

const children: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'im-install-doc-'));

function start(line: string): Running {
  const { env, argv } = parse(line);
  const [command, ...args] = argv[0] === 'npm' && argv[1] === 'start' ? ['npx', 'tsx', 'server/src/main.ts'] : argv;
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GENESYS_')));
  const child = spawn(command!, args, {
    cwd: REPO_ROOT,
    // PROVISION_CALLBACK_PORT=0: the sign-in listener takes a free port too (the emulator matches loopback redirects on any port).
    env: { ...inherited, DATA_DIR: dataDir, LOG_LEVEL: 'warn', PROVISION_CALLBACK_PORT: '0', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  const waiters: Array<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void }> = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const waiter of [...waiters]) {
      const match = text.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return {
    child,
    output: () => text,
    waitFor: (pattern) => {
      const match = text.match(pattern);
      if (match) return Promise.resolve(match);
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then((code) => reject(new Error(`exited ${code} before ${pattern}:\n${text}`)));
      });
    },
    exited,
  };
}

/** Runs a provision command to its end, following every sign-in URL it prints like a browser would. */
async function provision(line: string): Promise<{ code: number; output: string }> {
  const running = start(line);
  const followed = new Set<string>();
  const follow = async () => {
    for (;;) {
      const urls = [...running.output().matchAll(/Open this URL in a browser to sign in[^:\n]*:\n\s+(\S+)/g)].map((m) => m[1]!);
      for (const url of urls.filter((u) => !followed.has(u))) {
        followed.add(url);
        await (await fetch(url, { redirect: 'follow' })).text();
      }
      if (running.child.exitCode !== null) return;
      await Promise.race([running.exited, new Promise((resolve) => running.child.stdout!.once('data', resolve))]);
    }
  };
  await follow();
  return { code: await running.exited, output: running.output() };
}

afterAll(() => {
  for (const child of children) {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** Signs Alex in through the widget client as the widget does (PKCE S256) and returns his token. */
async function widgetSignIn(emulatorUrl: string, backendUrl: string, clientId: string): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = `${backendUrl}/widget`;
  const authorize = new URL('/oauth/authorize', emulatorUrl);
  authorize.search = new URLSearchParams({
    client_id: clientId, redirect_uri: redirectUri, response_type: 'code', code_challenge: challenge, code_challenge_method: 'S256',
    state: 'tour', login_hint: 'alex.agent@fresh-contact-centre.example',
  }).toString();
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const location = new URL(redirect.headers.get('location')!);
  expect(location.origin + location.pathname).toBe(redirectUri);
  const token = await fetch(`${emulatorUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: location.searchParams.get('code')!, code_verifier: verifier, client_id: clientId, redirect_uri: redirectUri }),
  });
  expect(token.status).toBe(200);
  return ((await token.json()) as { access_token: string }).access_token;
}

describe('docs/install.md', () => {
  it('when its commands run as written against a fresh emulator, then the app ends up installed, idempotent, working for an agent, and removable', async () => {
    const commands = tourCommands();
    expect(commands[0]).toMatch(/^npm run emulator -- --port 8089 --dataset emulator\/data\/fresh-org\.json$/);
    expect(commands[1]).toMatch(/^GENESYS_API_URL=http:\/\/127\.0\.0\.1:8089 PORT=3000 npm start$/);
    const provisionLines = commands.slice(2);
    expect(provisionLines.map((l) => l.split(' ')[4])).toEqual(['plan', 'install', 'status', 'install', 'uninstall']);

    const [emulatorPort, backendPort] = [await freePort(), await freePort()];
    const localise = (line: string) =>
      line.replaceAll('127.0.0.1:8089', `127.0.0.1:${emulatorPort}`).replace('--port 8089', `--port ${emulatorPort}`)
        .replaceAll('127.0.0.1:3000', `127.0.0.1:${backendPort}`).replace('PORT=3000', `PORT=${backendPort}`);
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    const backendUrl = `http://127.0.0.1:${backendPort}`;

    await start(localise(commands[0]!)).waitFor(new RegExp(`^${emulatorUrl}`, 'm'));
    await start(localise(commands[1]!)).waitFor(/Interaction Merger listening on/);

    const outputs: string[] = [];
    for (const line of provisionLines) {
      const verb = line.split(' ')[4];
      if (verb === 'uninstall') {
        // Before removing it: the app works for Alex, through the widget client the install made.
        const state = (await (await fetch(`${emulatorUrl}/__emulator/provisioning`)).json()) as { clients: Array<{ id: string; name: string }> };
        const widgetClient = state.clients.find((c) => c.name === 'InteractionMerger_Widget')!;
        const token = await widgetSignIn(emulatorUrl, backendUrl, widgetClient.id);
        const candidates = await fetch(`${backendUrl}/api/v1/candidates?conversationId=${JANE_ACTIVE_CALL}`, { headers: { authorization: `Bearer ${token}` } });
        expect(candidates.status, await candidates.clone().text()).toBe(200);
        const body = (await candidates.json()) as { candidates: Array<{ conversationId: string; selected: boolean }> };
        expect(body.candidates.find((c) => c.conversationId === JANE_EMAIL)?.selected, JSON.stringify(body)).toBe(true);
      }
      const result = await provision(localise(line));
      outputs.push(result.output);
      expect(result.code, `${line}\n${result.output}`).toBe(0);
    }
    const [plan, install, status, again, uninstall] = outputs;
    expect(plan).toContain('Plan: 8 changes');
    expect(install).toContain('Done: 8 changes made.');
    expect(status).toContain('Installed, and in line with the manifest.');
    expect(again).toContain('Nothing to change: the org matches the manifest.');
    expect(uninstall).toContain('Done: 6 removed.');
    const after = (await (await fetch(`${emulatorUrl}/__emulator/provisioning`)).json()) as { roles: Array<{ name: string }>; clients: Array<{ name: string }>; integrations: unknown[] };
    expect(after.integrations).toEqual([]);
    expect([...after.roles, ...after.clients].filter((o) => o.name.startsWith('InteractionMerger_'))).toEqual([]);
  }, 180_000);

  it('when it lists permissions and scopes, then each one in the manifest is there with its reason', async () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'manifest', 'app.json'), 'utf8')) as {
      premiumApp: { permissions: Array<{ permission: string; reason: string }> };
      role: { permissions: Array<{ permission: string; reason: string }> };
      installer: { permissions: Array<{ permission: string; reason: string }> };
      oauthClients: { widget: { scopes: Array<{ scope: string; reason: string }> } };
    };
    for (const p of [...manifest.premiumApp.permissions, ...manifest.role.permissions, ...manifest.installer.permissions]) {
      expect(doc).toMatch(new RegExp(`\\| \`${p.permission}\` \\|(?:[^\\n]*\\|)? ${p.reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\|`));
    }
    for (const s of manifest.oauthClients.widget.scopes) expect(doc).toContain(`| \`${s.scope}\` | ${s.reason} |`);
  });
});
