/**
 * An admin without the permissions a command needs is told which ones and why, before anything
 * changes; and the manifest's list covers every call the installer makes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProvisioning } from '../../emulator/src/provisioning/index.js';
import { createOrgDirectory } from '../../emulator/src/state/index.js';
import { loadManifest } from '../../manifest/src/index.js';
import { clientCredentialsToken } from '../support/emulator.js';
import { ADA, startProvisioningWorld, type ProvisioningWorld } from './support.js';

let world: ProvisioningWorld;
beforeAll(async () => {
  world = await startProvisioningWorld();
});
afterAll(async () => {
  await world.close();
});
beforeEach(() => {
  world.emulator.emulator.reset();
  world.emulator.emulator.clearRequestCounts();
});

/** A client-credentials client (made by Ada) whose role holds exactly `permissions`. */
async function clientWith(permissions: string[]): Promise<{ clientId: string; clientSecret: string; loginHint: string }> {
  const token = world.emulator.userToken('admin', world.emulator.dataset.oauthClients.find((c) => c.name.includes('Installer'))!.id);
  const call = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${world.emulator.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return response.json() as Promise<Record<string, unknown>>;
  };
  const role = await call('POST', '/api/v2/authorization/roles', { name: 'Test_Limited', permissions });
  await call('PUT', `/api/v2/authorization/roles/${String(role.id)}/users/add`, [world.emulator.dataset.users.find((u) => u.name === 'Ada Admin')!.id]);
  const client = await call('POST', '/api/v2/oauth/clients', { name: 'Test_Limited', authorizedGrantType: 'CLIENT-CREDENTIALS', roleIds: [role.id] });
  return { clientId: String(client.id), clientSecret: String(client.secret), loginHint: 'ada.admin@demo-contact-centre.example' };
}

describe('an admin without the needed permissions', () => {
  it('when an agent with no admin permission runs install, then it stops before any change, naming each missing permission and why', async () => {
    const result = await world.run(['install'], { admin: { pkce: 'alex.agent@demo-contact-centre.example' } });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('Alex Agent cannot run install');
    const manifest = (await loadManifest()).manifest;
    for (const needed of manifest.installer.permissions.filter((p) => p.commands.includes('install'))) {
      expect(result.stderr).toContain(`  - ${needed.permission}: ${needed.reason}`);
    }
    expect(world.mutations()).toEqual([]);
  });

  it('when a client-credentials client may only read, then plan runs but install names exactly the write permissions it lacks', async () => {
    const limited = await clientWith(['authorization:role:view', 'oauth:client:view', 'integrations:integration:view']);
    world.emulator.emulator.clearRequestCounts();
    const plan = await world.run(['plan'], { admin: limited });
    expect(plan.code, plan.stderr).toBe(0);
    const install = await world.run(['install', '--json'], { admin: limited });
    expect(install.code).toBe(4);
    const report = install.json<{ error: { missing: Array<{ permission: string }> } }>();
    expect(report.error.missing.map((m) => m.permission).sort()).toEqual([
      'authorization:grant:add', 'authorization:grant:delete', 'authorization:role:add', 'authorization:role:delete', 'authorization:role:edit',
      'integration:interactionMerger:admin', 'integrations:integration:add', 'integrations:integration:delete', 'integrations:integration:edit',
      'oauth:client:add', 'oauth:client:delete', 'oauth:client:edit',
    ]);
    expect(world.mutations()).toEqual([]);
  });

  it('when a client may not even read its own roles, then the message names the permissions the check needs', async () => {
    const blind = await clientWith(['integrations:integration:view']);
    const result = await world.run(['plan'], { admin: blind });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('oauth:client:view');
  });
});

describe('the manifest covers the installer', () => {
  it('when install, status and uninstall run, then every Platform API call they make is allowed by a permission the manifest lists for that command', async () => {
    const manifest = (await loadManifest()).manifest;
    const routes = createProvisioning({ dataset: world.emulator.dataset, base: createOrgDirectory(world.emulator.dataset), clock: { now: () => Date.now() } }).routes;
    for (const command of ['install', 'status', 'uninstall'] as const) {
      world.emulator.emulator.clearRequestCounts();
      const result = await world.run([command], { admin: ADA });
      expect(result.code, `${command}: ${result.stdout}${result.stderr}`).toBe(0);
      const listed = new Set(manifest.installer.permissions.filter((p) => p.commands.includes(command)).map((p) => p.permission));
      for (const entry of world.emulator.emulator.requestCounts().entries) {
        const route = routes.find((r) => r.method === entry.method && r.template === entry.path);
        if (!route?.permissions) continue;
        expect(route.permissions.some((p) => listed.has(p)), `${command} calls ${entry.method} ${entry.path} needing one of ${route.permissions.join(', ')}`).toBe(true);
      }
    }
  });

  it('when the backend client signs in with the secret the install handed to the backend, then its token carries exactly the role', async () => {
    expect((await world.run(['install'])).code).toBe(0);
    const credentials = await world.service.tenants.credentials(world.emulator.dataset.org.id);
    const token = await clientCredentialsToken(world.emulator.url, credentials.clientId, credentials.clientSecret);
    const allowed = await fetch(`${world.emulator.url}/api/v2/analytics/dataretention/settings`, { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    const refused = await fetch(`${world.emulator.url}/api/v2/oauth/clients`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(403);
    expect((await world.run(['uninstall'])).code).toBe(0);
  });
});
