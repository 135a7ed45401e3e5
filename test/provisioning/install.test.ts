/**
 * plan, install, status and uninstall against a fresh demo org and the real backend.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { parseRecord } from '../../manifest/src/index.js';
import { ADMIN_CLI, startProvisioningWorld, type ProvisioningWorld } from './support.js';

let world: ProvisioningWorld;
beforeEach(async () => {
  world = await startProvisioningWorld();
});
afterEach(async () => {
  await world.close();
});

const PREFIX = 'InteractionMerger_';
const created = (w: ProvisioningWorld) => {
  const p = w.emulator.emulator.provisioning;
  return {
    roles: p.roles().filter((r) => r.name.startsWith(PREFIX)),
    clients: p.clients().filter((c) => c.name.startsWith(PREFIX)),
    integrations: p.integrations(),
  };
};

describe('plan', () => {
  it('when the org is fresh, then plan lists every object to create and the registration, and changes nothing', async () => {
    world.emulator.emulator.clearRequestCounts();
    const result = await world.run(['plan']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Plan: 8 changes');
    for (const line of [
      'create role InteractionMerger_Backend with 8 permissions',
      'give role InteractionMerger_Backend to Ada Admin',
      'create OAuth client InteractionMerger_Backend (client credentials, role InteractionMerger_Backend)',
      'create OAuth client InteractionMerger_Widget (code grant with PKCE, public)',
      `redirect URI ${world.backendUrl}/widget`,
      'create interaction widget InteractionMerger_Widget',
      'enable interaction widget InteractionMerger_Widget',
      `register the org with the backend ${world.backendUrl}`,
    ]) expect(result.stdout).toContain(line);
    expect(world.mutations()).toEqual([]);
    expect(created(world)).toEqual({ roles: [], clients: [], integrations: [] });
  });

  it('when plan runs with --json, then stdout is one JSON document with the checks and ordered actions', async () => {
    const result = await world.run(['plan', '--json']);
    expect(result.code).toBe(0);
    const report = result.json<{ org: { id: string }; actions: Array<{ kind: string }>; checks: Array<{ ok: boolean }>; exitCode: number }>();
    expect(report.org.id).toBe(DEMO_IDS.orgId);
    expect(report.actions.map((a) => a.kind)).toEqual([
      'create-role', 'assign-role', 'create-client', 'create-client', 'create-widget', 'configure-widget', 'enable-widget', 'register-tenant',
    ]);
    expect(report.checks.every((c) => c.ok)).toBe(true);
    expect(result.stderr).toContain('Open this URL in a browser to sign in');
  });
});

describe('install', () => {
  it('when the admin installs with PKCE, then the role, clients and enabled widget exist with recorded ids, and the backend has the org', async () => {
    const result = await world.run(['install']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const { roles, clients, integrations } = created(world);
    expect(roles).toHaveLength(1);
    const role = roles[0]!;
    expect(role.permissions).toEqual([
      'analytics:conversationDetail:view', 'analytics:dataRetention:view', 'conversation:communication:view', 'externalContacts:contact:edit',
      'externalContacts:contact:view', 'externalContacts:conversation:associate', 'externalContacts:identity:merge', 'externalContacts:session:view',
    ]);
    const backendClient = clients.find((c) => c.name === `${PREFIX}Backend`)!;
    const widgetClient = clients.find((c) => c.name === `${PREFIX}Widget`)!;
    expect(backendClient).toMatchObject({ authorizedGrantType: 'CLIENT-CREDENTIALS', roleIds: [role.id] });
    expect(widgetClient).toMatchObject({ authorizedGrantType: 'CODE', registeredRedirectUri: [`${world.backendUrl}/widget`, 'http://127.0.0.1:17863/callback'], roleIds: [] });
    expect(integrations).toHaveLength(1);
    const widget = integrations[0]!;
    expect(widget).toMatchObject({ name: `${PREFIX}Widget`, typeId: 'embedded-client-app-interaction-widget', intendedState: 'ENABLED' });
    expect(String(widget.config.properties.url)).toBe(
      `${world.backendUrl}/widget?gcConversationId={{gcConversationId}}&gcHostOrigin={{gcHostOrigin}}&gcTargetEnv={{gcTargetEnv}}&gcLangTag={{gcLangTag}}&gcUsePopupAuth={{gcUsePopupAuth}}&clientId=${widgetClient.id}`,
    );
    expect(parseRecord(widget.config.notes)).toMatchObject({ roleId: role.id, backendClientId: backendClient.id, widgetClientId: widgetClient.id, roleAssignedTo: [DEMO_IDS.users.admin] });
    expect(world.emulator.emulator.provisioning.userRoleIds(DEMO_IDS.users.admin)).toContain(role.id);
    const tenant = await world.service.tenants.get(DEMO_IDS.orgId);
    expect(tenant).toMatchObject({ backendClientId: backendClient.id, widgetClientId: widgetClient.id });
  });

  it('when install runs a second time, then it changes nothing', async () => {
    expect((await world.run(['install'])).code).toBe(0);
    const before = created(world);
    world.emulator.emulator.clearRequestCounts();
    const again = await world.run(['install']);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain('Nothing to change');
    expect(world.mutations()).toEqual([]);
    expect(created(world)).toEqual(before);
  });

  it('when the secret of the new backend client is issued, then it appears in no output and no log line, and only the backend holds it', async () => {
    const result = await world.run(['install', '--verbose']);
    expect(result.code).toBe(0);
    const credentials = await world.service.tenants.credentials(DEMO_IDS.orgId);
    expect(credentials.clientSecret.length).toBeGreaterThan(20);
    for (const text of [result.stdout, result.stderr, result.logs]) expect(text).not.toContain(credentials.clientSecret);
  });
});

describe('status', () => {
  it('when the app is installed, then status says everything is in line (exit 0)', async () => {
    await world.run(['install']);
    const result = await world.run(['status']);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('Installed, and in line with the manifest.');
  });

  it('when someone changed the widget and the role, then status names the drifted fields (exit 3) and install puts them back', async () => {
    await world.run(['install'], { admin: ADMIN_CLI });
    const { roles, integrations } = created(world);
    const token = world.emulator.userToken('admin', DEMO_IDS.clients.installer.id);
    const api = (path: string, method: string, body: unknown) =>
      fetch(`${world.emulator.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const widget = integrations[0]!;
    await api(`/api/v2/integrations/${widget.id}/config/current`, 'PUT', {
      ...widget.config,
      properties: { ...widget.config.properties, communicationTypeFilter: 'call' },
    });
    await api(`/api/v2/authorization/roles/${roles[0]!.id}`, 'PUT', { name: roles[0]!.name, description: 'changed', permissions: ['analytics:conversationDetail:view'] });

    const status = await world.run(['status'], { admin: ADMIN_CLI });
    expect(status.code).toBe(3);
    expect(status.stdout).toContain('properties.communicationTypeFilter: "call" → ""');
    expect(status.stdout).toMatch(/role InteractionMerger_Backend \(.+\): differs/);
    expect(status.stdout).toContain('permissions:');

    const repair = await world.run(['install'], { admin: ADMIN_CLI });
    expect(repair.code, repair.stdout).toBe(0);
    expect(repair.stdout).toContain('update role InteractionMerger_Backend');
    expect(repair.stdout).toContain('configure interaction widget InteractionMerger_Widget');
    expect((await world.run(['status'], { admin: ADMIN_CLI })).code).toBe(0);
  });
});

describe('status without a browser', () => {
  it('when status runs with client credentials and no login hint, then it does not sign in to the backend and says how to', async () => {
    await world.run(['install']);
    const { loginHint: _none, ...headless } = ADMIN_CLI as { clientId: string; clientSecret: string; loginHint?: string };
    const result = await world.run(['status'], { admin: headless });
    expect(result.stdout + result.stderr).not.toContain('Open this URL');
    expect(result.stdout).toContain('? org registered with the backend');
    expect(result.stdout).toContain('pass --login-hint');
    expect(result.code).toBe(3);
  });
});

describe('uninstall', () => {
  it('when uninstall runs, then what install created is gone, everything else stays, and the backend forgets the org', async () => {
    const datasetRoles = world.emulator.emulator.provisioning.roles().map((r) => r.id).sort();
    const datasetClients = world.emulator.emulator.provisioning.clients().map((c) => c.id).sort();
    expect((await world.run(['install'])).code).toBe(0);
    const result = await world.run(['uninstall']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const p = world.emulator.emulator.provisioning;
    expect(p.roles().map((r) => r.id).sort()).toEqual(datasetRoles);
    expect(p.clients().map((c) => c.id).sort()).toEqual(datasetClients);
    expect(p.integrations()).toEqual([]);
    expect(p.userRoleIds(DEMO_IDS.users.admin)).toEqual([DEMO_IDS.roles.admin, DEMO_IDS.roles.mergeAgent]);
    expect(await world.service.tenants.get(DEMO_IDS.orgId)).toBeNull();
    expect((await world.run(['status'])).code).toBe(3);
  });

  it('when an object has the app name but is not the recorded one, then uninstall leaves it alone', async () => {
    expect((await world.run(['install'])).code).toBe(0);
    const token = world.emulator.userToken('admin', DEMO_IDS.clients.installer.id);
    const response = await fetch(`${world.emulator.url}/api/v2/integrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `${PREFIX}Widget`, integrationType: { id: 'embedded-client-app-interaction-widget' } }),
    });
    const stranger = (await response.json()) as { id: string };
    const result = await world.run(['uninstall']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Left alone: integration ${PREFIX}Widget (${stranger.id})`);
    expect(world.emulator.emulator.provisioning.integrations().map((i) => i.id)).toEqual([stranger.id]);
  });

  it('when nothing is installed, then uninstall has nothing to remove', async () => {
    const result = await world.run(['uninstall']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Nothing to remove');
  });
});

describe('prerequisites', () => {
  it('when the org has not bought the app, then install is blocked naming the premium type and the product, and nothing changes', async () => {
    const dataset = structuredClone(world.emulator.dataset);
    delete dataset.integrationTypes;
    delete dataset.products;
    const unbought = await startProvisioningWorld({ dataset });
    try {
      const result = await unbought.run(['install']);
      expect(result.code).toBe(4);
      expect(result.stdout).toContain(`✗ The org has no integration type ${DEMO_IDS.integrationTypes.premium}`);
      expect(result.stdout).toContain('the installer never creates it');
      expect(result.stdout).toContain(`✗ Product ${DEMO_IDS.products.premium} is not enabled`);
      expect(result.stdout).toContain('Blocked: fix the failed checks above; nothing was changed.');
      expect(unbought.mutations()).toEqual([]);
    } finally {
      await unbought.close();
    }
  });

  it('when the backend does not answer, then install is blocked before any change', async () => {
    const result = await world.run(['install', '--json'], { fetch: async () => { throw new TypeError('connect ECONNREFUSED'); } });
    expect(result.code).toBe(4);
    const report = result.json<{ checks: Array<{ name: string; ok: boolean }> }>();
    expect(report.checks.find((c) => c.name === 'backend')).toMatchObject({ ok: false });
    expect(world.mutations()).toEqual([]);
  });

  it('when the command line lacks the backend, then usage names --backend and exits 2', async () => {
    const { runProvision } = await import('../../manifest/src/index.js');
    let stderr = '';
    const code = await runProvision({
      argv: ['install', '--api-url', world.emulator.url],
      env: {},
      stdout: () => {},
      stderr: (t) => { stderr += t; },
      logger: (await import('pino')).default({ level: 'silent' }),
      sleep: async () => {},
    });
    expect(code).toBe(2);
    expect(stderr).toContain('--backend: the backend URL is required');
  });
});

describe('a backend that lost the org', () => {
  it('when the backend no longer has the org, then status says so and install issues a new backend secret and registers again', async () => {
    expect((await world.run(['install'])).code).toBe(0);
    const before = await world.service.tenants.get(DEMO_IDS.orgId);
    await world.service.tenants.remove(DEMO_IDS.orgId);
    await world.service.refreshTenants();

    const status = await world.run(['status', '--json']);
    expect(status.code).toBe(3);
    const states = status.json<{ status: Array<{ object: string; state: string }> }>().status;
    expect(states.find((s) => s.object === 'tenant')?.state).toBe('missing');
    expect(states.filter((s) => s.object !== 'tenant').every((s) => s.state === 'ok')).toBe(true);

    const repair = await world.run(['install']);
    expect(repair.code, repair.stdout).toBe(0);
    expect(repair.stdout).toContain('issue a new secret for OAuth client InteractionMerger_Backend');
    expect(repair.stdout).toContain('Plan: 2 changes');
    const after = await world.service.tenants.get(DEMO_IDS.orgId);
    expect(after).toMatchObject({ backendClientId: before!.backendClientId, widgetClientId: before!.widgetClientId });
    expect((await world.run(['status'])).code).toBe(0);
  });
});
