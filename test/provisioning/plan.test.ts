/**
 * The plan as a pure function of the manifest and what the installer found: safety properties
 * that do not need an org.
 */
import { describe, expect, it } from 'vitest';
import { loadManifest, renderDesired, planInstall, planUninstall, type DesiredState, type Observed } from '../../manifest/src/index.js';
import { formatRecord } from '../../manifest/src/provision/index.js';

const desired: DesiredState = renderDesired(await loadManifest(), 'https://merger.example.com');

function observed(overrides: Partial<Observed> = {}): Observed {
  return {
    org: { id: 'org-1', name: 'Org' },
    principal: { kind: 'user', id: 'user-1', name: 'Ada', clientId: 'installer', permissions: ['*'], roleIds: [] },
    premiumType: { id: desired.premium.integrationTypeId, userPermissions: desired.premium.permissions },
    products: desired.requiredProducts.map((p) => p.id),
    widgetTypeProperties: ['url', 'sandbox', 'permissions', 'groups', 'queueIdFilterList', 'communicationTypeFilter'],
    role: null,
    backendClient: null,
    widgetClient: null,
    widget: null,
    strangers: [],
    record: null,
    backendReachable: true,
    tenant: { state: 'unknown', reason: 'no widget client yet' },
    ...overrides,
  };
}

const role = { id: 'role-1', name: desired.role.name, description: desired.role.description, permissions: desired.role.permissions };
const backendClient = { id: 'backend-1', name: desired.backendClient.name, description: desired.backendClient.description, authorizedGrantType: 'CLIENT-CREDENTIALS', roleIds: ['role-1'], registeredRedirectUri: [], scope: [], accessTokenValiditySeconds: 86400 };
const widgetClient = { id: 'widget-1', name: desired.widgetClient.name, description: desired.widgetClient.description, authorizedGrantType: 'CODE', roleIds: [], registeredRedirectUri: desired.widgetClient.registeredRedirectUri, scope: desired.widgetClient.scope, accessTokenValiditySeconds: 86400 };

describe('planInstall', () => {
  it('when the backend cannot be asked and the backend client exists, then no new secret is issued (that would break a working backend)', () => {
    const plan = planInstall(desired, observed({ role, backendClient, principal: { ...observed().principal, roleIds: ['role-1'] } }));
    expect(plan.actions.map((a) => a.kind)).not.toContain('regenerate-secret');
    expect(plan.actions.map((a) => a.kind)).not.toContain('register-tenant');
    expect(plan.notes.join(' ')).toContain('Not registering with the backend');
  });

  it('when a role with the app name exists but the record names another, then the install is blocked rather than colliding', () => {
    const record = { by: 'interaction-merger provision' as const, version: 1 as const, roleId: 'gone', backendClientId: 'b', widgetClientId: 'w', roleAssignedTo: [] };
    const plan = planInstall(desired, observed({ record, strangers: [{ kind: 'role', id: 'someone-elses', name: desired.role.name }] }));
    expect(plan.blocked).toBe(true);
    expect(plan.checks.find((c) => c.name === 'role-name')?.message).toContain('someone-elses');
  });

  it('when the widget type refuses iframe settings, then the configuration leaves them out and the plan says so', () => {
    const plan = planInstall(desired, observed({ widgetTypeProperties: ['url', 'groups', 'queueIdFilterList', 'communicationTypeFilter'] }));
    expect(plan.checks.find((c) => c.name === 'iframe-settings')).toMatchObject({ ok: false, blocking: false });
    expect(plan.blocked).toBe(false);
  });

  it('when the backend has the org with other clients, then install is blocked and says to uninstall first', () => {
    const widget = {
      id: 'int-1', name: desired.widget.name, intendedState: 'ENABLED',
      config: { current: { name: desired.widget.name, version: 2, properties: desired.widget.properties('widget-1', new Set(observed().widgetTypeProperties)), advanced: desired.widget.advanced, notes: formatRecord({ roleId: 'role-1', backendClientId: 'backend-1', widgetClientId: 'widget-1', roleAssignedTo: [] }), credentials: {} } },
    };
    const plan = planInstall(desired, observed({
      role, backendClient, widgetClient, widget,
      principal: { ...observed().principal, roleIds: ['role-1'] },
      tenant: { state: 'registered', tenant: { id: 'org-1', backendClientId: 'old-backend', widgetClientId: 'widget-1' } },
    }));
    expect(plan.blocked).toBe(true);
    expect(plan.checks.find((c) => c.name === 'tenant')?.message).toContain('run uninstall first');
  });
});

describe('planUninstall', () => {
  it('when objects carry the app names but the record claims others, then only the recorded ones are removed', () => {
    const record = { by: 'interaction-merger provision' as const, version: 1 as const, roleId: 'role-1', backendClientId: 'backend-1', widgetClientId: 'widget-1', roleAssignedTo: ['user-1'] };
    const plan = planUninstall(desired, observed({
      role, backendClient, widgetClient, record,
      tenant: { state: 'absent' },
      strangers: [{ kind: 'OAuth client', id: 'lookalike', name: desired.backendClient.name }],
    }));
    const ids = plan.actions.flatMap((a) => ('id' in a ? [a.id] : []));
    expect(ids).toEqual(['widget-1', 'backend-1', 'role-1']);
    expect(plan.actions.find((a) => a.kind === 'unassign-role')).toMatchObject({ userIds: ['user-1'] });
    expect(plan.checks.some((c) => c.message.includes('lookalike'))).toBe(true);
  });
});
