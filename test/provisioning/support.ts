/**
 * A world to provision: a fresh demo-org emulator, the real backend (the service's composition
 * root on port 0, in demo mode against that emulator, with no tenant registered yet), and the
 * provisioning CLI run in process with a scripted "browser" that follows the sign-in URL it prints.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { DEMO_IDS, type Dataset } from '../../emulator/src/index.js';
import { runProvision } from '../../manifest/src/index.js';
import { createService, listen, type Listening, type Service } from '../../server/src/app/index.js';
import { parseConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logging/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { testEnvironment } from '../support/server.js';

/** One CLI run: exit code, everything printed, and the log lines (debug level). */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  logs: string;
  /** `stdout` parsed, for `--json` runs. */
  json<T = Record<string, unknown>>(): T;
}

/** How the admin signs in for a run. */
export type Admin =
  | { pkce: string; clientId?: string }
  /** `loginHint`: who signs in to the backend (through the widget client) after the client-credentials sign-in. */
  | { clientId: string; clientSecret: string; loginHint?: string };

/** Ada Admin through the installer client (PKCE, signed in at once with `login_hint`). */
export const ADA: Admin = { pkce: 'ada.admin@demo-contact-centre.example' };
/** The demo admin client-credentials client; Ada signs in to the backend. */
export const ADMIN_CLI: Admin = { clientId: DEMO_IDS.clients.adminCli.id, clientSecret: DEMO_IDS.clients.adminCli.secret, loginHint: 'ada.admin@demo-contact-centre.example' };

export interface ProvisioningWorld {
  emulator: TestEmulator;
  service: Service;
  backendUrl: string;
  /** Runs `npm run provision -- <argv>` in process against this world. */
  run(argv: string[], options?: { admin?: Admin; fetch?: typeof fetch }): Promise<RunResult>;
  /** Mutating Platform API calls (POST/PUT/PATCH/DELETE under /api/v2) since the last `clearRequests`. */
  mutations(): Array<{ method: string; template: string; status: number }>;
  close(): Promise<void>;
}

/** Follows the sign-in URL like a browser: the authorize page redirects to the CLI's loopback listener. */
async function browse(url: string): Promise<void> {
  const response = await fetch(url, { redirect: 'follow' });
  await response.text();
}

/** Starts the world; `dataset` defaults to the demo org. */
export async function startProvisioningWorld(options: { dataset?: Dataset } = {}): Promise<ProvisioningWorld> {
  const emulator = await startTestEmulator(options.dataset ? { dataset: options.dataset } : {});
  const dataDir = mkdtempSync(join(tmpdir(), 'im-provision-'));
  const config = parseConfig(testEnvironment(dataDir));
  let service: Service | null = null;
  let listening: Listening | null = null;
  try {
    service = await createService({ config, logger: createLogger({ level: 'silent' }), demoGenesysUrl: emulator.url });
    listening = await listen(service.app, { host: '127.0.0.1', port: 0 });
  } catch (error) {
    await service?.close({ graceMs: 0 });
    await emulator.close();
    throw error;
  }
  const backendUrl = `http://127.0.0.1:${listening.port}`;
  const running = { service, listening };

  return {
    emulator,
    service,
    backendUrl,
    async run(argv, runOptions = {}) {
      const admin = runOptions.admin ?? ADA;
      const signIn = 'pkce' in admin
        ? ['--login-hint', admin.pkce, '--callback-port', '0', ...(admin.clientId ? ['--client-id', admin.clientId] : [])]
        : ['--client-id', admin.clientId, '--client-secret', admin.clientSecret, '--callback-port', '0', ...(admin.loginHint ? ['--login-hint', admin.loginHint] : [])];
      let stdout = '';
      let stderr = '';
      let logs = '';
      const browsing: Array<Promise<void>> = [];
      const onText = (text: string) => {
        const url = /Open this URL in a browser to sign in[^:\n]*:\n\s+(\S+)/.exec(text)?.[1];
        if (url) browsing.push(browse(url));
      };
      const logStream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          logs += chunk.toString('utf8');
          done();
        },
      });
      const code = await runProvision({
        argv: [...argv, '--api-url', emulator.url, '--backend', backendUrl, ...signIn],
        env: {},
        stdout: (text) => {
          stdout += text;
          onText(text);
        },
        stderr: (text) => {
          stderr += text;
          onText(text);
        },
        logger: pino({ level: 'debug' }, logStream),
        sleep: async () => {},
        ...(runOptions.fetch ? { fetch: runOptions.fetch } : {}),
        pkceTimeoutMs: 20_000,
      });
      await Promise.all(browsing);
      return { code, stdout, stderr, logs, json: <T>() => JSON.parse(stdout) as T };
    },
    mutations() {
      return emulator.emulator
        .requestCounts()
        .entries.filter((e) => e.method !== 'GET' && e.method !== 'HEAD' && e.path.startsWith('/api/v2/'))
        .map((e) => ({ method: e.method, template: e.path, status: e.status }));
    },
    async close() {
      await running.listening.close(0);
      await running.service.close({ graceMs: 0 });
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
