/**
 * A failure at any step of an install leaves nothing behind: the run undoes its own changes in
 * reverse order. Faults are the emulator's deterministic route faults, or a backend that fails.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { startProvisioningWorld, type ProvisioningWorld } from './support.js';

let world: ProvisioningWorld;
beforeAll(async () => {
  world = await startProvisioningWorld();
});
afterAll(async () => {
  await world.close();
});
beforeEach(() => {
  world.emulator.emulator.reset();
});

const PREFIX = 'InteractionMerger_';

async function expectNothingLeft(): Promise<void> {
  const p = world.emulator.emulator.provisioning;
  expect(p.roles().filter((r) => r.name.startsWith(PREFIX))).toEqual([]);
  expect(p.clients().filter((c) => c.name.startsWith(PREFIX))).toEqual([]);
  expect(p.integrations()).toEqual([]);
  expect(p.userRoleIds(DEMO_IDS.users.admin)).toEqual([DEMO_IDS.roles.admin, DEMO_IDS.roles.mergeAgent]);
  expect(await world.service.tenants.get(DEMO_IDS.orgId)).toBeNull();
}

const STEPS = [
  { step: 'create the role', method: 'POST', template: '/api/v2/authorization/roles' },
  { step: 'give the role to the admin', method: 'PUT', template: '/api/v2/authorization/roles/{roleId}/users/add' },
  { step: 'create the backend client', method: 'POST', template: '/api/v2/oauth/clients' },
  { step: 'create the widget client', method: 'POST', template: '/api/v2/oauth/clients', skip: 1 },
  { step: 'create the widget', method: 'POST', template: '/api/v2/integrations' },
  { step: 'configure the widget', method: 'PUT', template: '/api/v2/integrations/{integrationId}/config/current' },
  { step: 'enable the widget', method: 'PATCH', template: '/api/v2/integrations/{integrationId}' },
] as const;

describe('a failure at each step of install', () => {
  for (const fault of STEPS) {
    it(`when Genesys fails to ${fault.step}, then the install undoes everything before it and leaves no object`, async () => {
      world.emulator.emulator.provisioning.failNext({ ...fault, status: 500 });
      const result = await world.run(['install']);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('Install failed at');
      expect(result.stdout).toContain('Nothing the install made remains.');
      expect(world.emulator.emulator.provisioning.pendingFaults()).toEqual([]);
      await expectNothingLeft();
    });
  }

  it('when the backend fails to register the org, then the Genesys objects are undone too', async () => {
    const failingRegistration: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/api/v1/admin/tenants') && init?.method === 'POST') {
        return new Response(JSON.stringify({ error: { code: 'internal', message: 'database unavailable' } }), { status: 500 });
      }
      return fetch(input, init);
    };
    const result = await world.run(['install'], { fetch: failingRegistration });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('register the org with the backend: 500 database unavailable');
    await expectNothingLeft();
  });

  it('when the backend refuses the registration for a reason of its own, then nothing is left either', async () => {
    // A backend secret the backend cannot use: the registration's own check against Genesys fails.
    const corruptSecret: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/api/v1/admin/tenants') && init?.method === 'POST') {
        const body = JSON.parse(String(init.body)) as Record<string, unknown>;
        return fetch(input, { ...init, body: JSON.stringify({ ...body, backendClientSecret: 'not-the-secret-at-all' }) });
      }
      return fetch(input, init);
    };
    const result = await world.run(['install'], { fetch: corruptSecret });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('backendClientSecret');
    await expectNothingLeft();
  });

  it('when the admin loses a permission mid-install, then the install is undone and the message names the permission and why', async () => {
    world.emulator.emulator.provisioning.failNext({ method: 'POST', template: '/api/v2/integrations', status: 403 });
    const result = await world.run(['install']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('integrations:integration:add: Create the interaction widget.');
    await expectNothingLeft();
  });

  it('when an undo step fails too, then the output names what remains, and uninstall removes it', async () => {
    const provisioning = world.emulator.emulator.provisioning;
    provisioning.failNext({ method: 'PATCH', template: '/api/v2/integrations/{integrationId}', status: 500 });
    provisioning.failNext({ method: 'DELETE', template: '/api/v2/oauth/clients/{clientId}', status: 500 });
    const result = await world.run(['install']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Could not undo (these remain; run uninstall to remove them):');
    expect(result.stdout).toContain('✗ delete OAuth client InteractionMerger_Widget');
    expect(provisioning.clients().filter((c) => c.name.startsWith(PREFIX)).map((c) => c.name)).toEqual([`${PREFIX}Widget`]);

    const cleanup = await world.run(['uninstall']);
    expect(cleanup.code, cleanup.stdout + cleanup.stderr).toBe(0);
    expect(cleanup.stdout).toContain('No install record was found');
    await expectNothingLeft();
  });
});

describe('transient answers', () => {
  it('when Genesys answers 429 to a create and 503 to a read and an enable, then the installer retries and the install completes', async () => {
    const provisioning = world.emulator.emulator.provisioning;
    provisioning.failNext({ method: 'POST', template: '/api/v2/authorization/roles', status: 429 });
    provisioning.failNext({ method: 'GET', template: '/api/v2/oauth/clients', status: 503 });
    provisioning.failNext({ method: 'PATCH', template: '/api/v2/integrations/{integrationId}', status: 503, times: 2 });
    const result = await world.run(['install']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(provisioning.pendingFaults()).toEqual([]);
    expect(provisioning.integrations()[0]?.intendedState).toBe('ENABLED');
    expect((await world.run(['uninstall'])).code).toBe(0);
  });

  it('when a create answers 503, then it is not repeated blindly: the install is undone instead', async () => {
    world.emulator.emulator.provisioning.failNext({ method: 'POST', template: '/api/v2/integrations', status: 503 });
    const result = await world.run(['install']);
    expect(result.code).toBe(1);
    await expectNothingLeft();
  });
});
