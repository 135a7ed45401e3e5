import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { generateWebhookSecret, type Resolve } from '../../server/src/crm/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { snapshotState, stateChanges } from './support/state.js';

/** Loopback in every spelling a URL parser or resolver accepts, and names that resolve there. */
const LOOPBACK = [
  'http://127.0.0.1/hooks',
  'http://127.1/hooks',
  'http://2130706433/hooks',
  'http://0x7f000001/hooks',
  'http://0177.0.0.1/hooks',
  'http://[::1]:8080/hooks',
  'http://[::ffff:127.0.0.1]/hooks',
  'http://[0:0:0:0:0:ffff:7f00:1]/hooks',
  'http://localhost/hooks',
  'http://LOCALHOST./hooks',
  'https://localhost:8443/hooks',
];
/** RFC 1918, link-local, CGNAT and unique-local destinations. */
const PRIVATE = [
  'http://10.0.0.1/hooks',
  'http://10.255.255.254/hooks',
  'http://167772161/hooks',
  'http://172.16.5.4/hooks',
  'http://192.168.1.20/hooks',
  'http://0xc0a80114/hooks',
  'http://[::ffff:10.0.0.1]/hooks',
  'http://169.254.10.20/hooks',
  'http://100.64.0.1/hooks',
  'http://[fd12:3456:789a::1]/hooks',
  'http://[fe80::1]/hooks',
];
/** Cloud metadata endpoints and addresses that are never a receiver, whatever configuration says. */
const NEVER = [
  'http://169.254.169.254/latest/meta-data',
  'http://169.254.169.254./latest/meta-data',
  'http://2852039166/latest/meta-data',
  'http://0xa9fea9fe/latest/meta-data',
  'http://0251.0376.0251.0376/latest/meta-data',
  'http://[::ffff:169.254.169.254]/latest/meta-data',
  'http://[::ffff:a9fe:a9fe]/latest/meta-data',
  'http://[fd00:ec2::254]/latest/meta-data',
  'http://169.254.170.2/v2/credentials',
  'http://100.100.100.200/latest/meta-data',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://0.0.0.0/hooks',
  'http://0/hooks',
  'http://[::]/hooks',
  'http://224.0.0.1/hooks',
  'http://255.255.255.255/hooks',
  'http://[64:ff9b::a9fe:a9fe]/hooks',
  'http://[2002:a9fe:a9fe::1]/hooks',
];
/** Not http(s), or carrying credentials: refused before any address is looked at. */
const NOT_A_RECEIVER = [
  'file:///etc/passwd',
  'gopher://127.0.0.1:6379/_INFO',
  'ftp://crm.example.com/hooks',
  'javascript:alert(1)',
  'http://user:pass@crm.example.com/hooks',
];

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

afterAll(async () => {
  await emulator.close();
});

interface Setup {
  server: TestServer;
  admin: string;
}

/** A server against the shared emulator, the demo tenant without a webhook; `resolve` answers DNS for it. */
async function serverWith(env: Record<string, string>, resolve?: Resolve): Promise<Setup> {
  const server = await startTestServer({
    emulator,
    webhook: null,
    start: false,
    env: { RATE_LIMIT_PER_MINUTE: '100000', ...env },
    ...(resolve ? { service: { relay: { resolve } } } : {}),
  });
  return { server, admin: server.token('admin') };
}

/** The environment of a real org (not demo mode), with the emulator as its API. */
const genesysMode = () => ({
  GENESYS_API_URL: emulator.url,
  GENESYS_CLIENT_ID: DEMO_IDS.clients.backend.id,
  GENESYS_CLIENT_SECRET: DEMO_IDS.clients.backend.secret,
  GENESYS_WIDGET_CLIENT_ID: DEMO_IDS.clients.widget.id,
});

async function setWebhook({ server, admin }: Setup, url: string): Promise<{ status: number; field?: string; text: string }> {
  const response = await server.request('/api/v1/admin/tenant', {
    method: 'PATCH',
    token: admin,
    body: { crmWebhook: { url, secret: generateWebhookSecret() } },
  });
  const text = await response.text();
  let field: string | undefined;
  try {
    field = (JSON.parse(text) as { error?: { details?: { field?: string } } }).error?.details?.field;
  } catch {
    field = undefined;
  }
  return { status: response.status, ...(field ? { field } : {}), text };
}

/** Registers an org whose Genesys API is `apiBaseUrl` (with the demo clients), as the setup's admin from `forwardedFor`. */
async function registerOrg(
  { server, admin }: Setup,
  input: { orgId: string; apiBaseUrl: string; forwardedFor: string },
): Promise<{ status: number; error: { message: string; details: { field: string } } }> {
  const response = await server.request('/api/v1/admin/tenants', {
    token: admin,
    headers: { 'x-forwarded-for': input.forwardedFor },
    body: {
      orgId: input.orgId,
      name: `Pointing at ${input.apiBaseUrl}`,
      apiBaseUrl: input.apiBaseUrl,
      backendClientId: DEMO_IDS.clients.backend.id,
      backendClientSecret: DEMO_IDS.clients.backend.secret,
      widgetClientId: DEMO_IDS.clients.widget.id,
    },
  });
  const { error } = (await response.json()) as { error: { message: string; details: { field: string } } };
  return { status: response.status, error };
}

async function expectRefused(setup: Setup, urls: readonly string[], because?: RegExp): Promise<void> {
  const { store } = setup.server.service;
  for (const url of urls) {
    const before = await snapshotState(store, setup.server.emulator);
    const answer = await setWebhook(setup, url);
    expect(answer.status, `${url}: ${answer.text}`).toBe(400);
    expect(answer.field, url).toBe('crmWebhook.url');
    if (because) expect(answer.text, url).toMatch(because);
    expect(stateChanges(before, await snapshotState(store, setup.server.emulator)), url).toEqual([]);
  }
}

async function expectAccepted(setup: Setup, urls: readonly string[]): Promise<void> {
  for (const url of urls) {
    const answer = await setWebhook(setup, url);
    expect(answer.status, `${url}: ${answer.text}`).toBe(200);
    const tenant = (await (await setup.server.request('/api/v1/admin/tenant', { token: setup.admin })).json()) as { crmWebhook: { url: string } | null };
    expect(tenant.crmWebhook?.url, url).toBe(new URL(url).href.replace(/\/+$/, ''));
  }
}

describe('webhook URLs pointing inside the network', () => {
  describe('with a real org and the default configuration', () => {
    let setup: Setup;
    beforeAll(async () => {
      setup = await serverWith({ ...genesysMode(), ALLOW_PRIVATE_WEBHOOK_URLS: 'false' });
    });
    afterAll(async () => {
      await setup?.server.close();
    });

    it('when a webhook URL is loopback, private, link-local, metadata or IPv4-mapped in any spelling, then 400 names crmWebhook.url and nothing changes', async () => {
      await expectRefused(setup, [...LOOPBACK, ...PRIVATE, ...NEVER, ...NOT_A_RECEIVER]);
    });

    it('when a registration names a Genesys API on a metadata or private address, then 400 names apiBaseUrl and nothing changes', async () => {
      const { store } = setup.server.service;
      for (const apiBaseUrl of ['http://169.254.169.254', 'http://[::ffff:a9fe:a9fe]', 'http://10.1.2.3', 'http://2130706433']) {
        const before = await snapshotState(store, setup.server.emulator);
        const answer = await registerOrg(setup, { orgId: 'b0a1c2d3-0000-4000-8000-0000000000dd', apiBaseUrl, forwardedFor: '10.7.0.1' });
        expect(answer.status, apiBaseUrl).toBe(400);
        expect(answer.error.details.field).toBe('apiBaseUrl');
        expect(stateChanges(before, await snapshotState(store, setup.server.emulator)), apiBaseUrl).toEqual([]);
      }
    });
  });

  describe('with ALLOW_PRIVATE_WEBHOOK_URLS=true', () => {
    let setup: Setup;
    beforeAll(async () => {
      setup = await serverWith({ ...genesysMode(), ALLOW_PRIVATE_WEBHOOK_URLS: 'true' });
    });
    afterAll(async () => {
      await setup?.server.close();
    });

    it('when a webhook URL is private or loopback, then it is accepted', async () => {
      await expectAccepted(setup, ['http://10.0.0.1/hooks', 'http://192.168.1.20/hooks', 'http://127.0.0.1:9/hooks', 'http://localhost:9/hooks']);
    });

    it('when a webhook URL is a metadata or other special address, then it is still refused', async () => {
      await expectRefused(setup, [...NEVER, ...NOT_A_RECEIVER]);
    });
  });

  describe('in demo mode', () => {
    let setup: Setup;
    beforeAll(async () => {
      setup = await serverWith({ ALLOW_PRIVATE_WEBHOOK_URLS: 'false' });
    });
    afterAll(async () => {
      await setup?.server.close();
    });

    it('when a webhook URL is loopback (the built-in CRM receiver), then it is accepted; private and metadata ones are refused', async () => {
      await expectAccepted(setup, ['http://127.0.0.1:9/hooks', 'http://localhost:9/hooks', 'http://[::1]:9/hooks']);
      await expectRefused(setup, [...PRIVATE, ...NEVER]);
    });
  });

  describe('names whose DNS answers point inside', () => {
    /** Public DNS as an attacker would set it up (no lookup leaves the machine). */
    const ANSWERS: Record<string, string[]> = {
      'crm.customer.example': ['93.184.216.34'],
      'crm.intranet.example': ['10.20.30.40'],
      'meta.attacker.example': ['169.254.169.254'],
      'mixed.attacker.example': ['93.184.216.34', '127.0.0.1'],
      'mapped.attacker.example': ['::ffff:10.0.0.1'],
      'v6.attacker.example': ['fd00:ec2::254'],
      'api.intranet.example': ['192.168.7.7'],
    };
    const resolve: Resolve = async (hostname) => {
      const answers = ANSWERS[hostname];
      if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    let setup: Setup;
    beforeAll(async () => {
      setup = await serverWith({ ...genesysMode(), ALLOW_PRIVATE_WEBHOOK_URLS: 'false' }, resolve);
    });
    afterAll(async () => {
      await setup?.server.close();
    });

    it('when a name resolves to a private, loopback or metadata address (even one answer of several), then it is refused; a public one is accepted', async () => {
      await expectRefused(
        setup,
        [
          'https://crm.intranet.example/hooks',
          'https://meta.attacker.example/latest/meta-data',
          'https://mixed.attacker.example/hooks',
          'https://mapped.attacker.example/hooks',
          'https://v6.attacker.example/hooks',
        ],
        /resolves to an? (private|loopback|metadata) address/,
      );
      await expectRefused(setup, ['https://nowhere.attacker.example/hooks'], /does not resolve/);
      await expectRefused(setup, ['http://crm.customer.example/hooks'], /https is required/);
      await expectAccepted(setup, ['https://crm.customer.example/hooks']);
    });

    it('when a registration names a Genesys API whose name resolves to a private address, then 400 names apiBaseUrl', async () => {
      const { status, error } = await registerOrg(setup, { orgId: 'b0a1c2d3-0000-4000-8000-0000000000ee', apiBaseUrl: 'https://api.intranet.example', forwardedFor: '10.7.0.2' });
      expect(status).toBe(400);
      expect(error.details.field).toBe('apiBaseUrl');
      expect(error.message).toMatch(/resolves to a private address/);
    });
  });
});
