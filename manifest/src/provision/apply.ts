import type { Logger } from 'pino';
import { BackendError, type BackendAdminApi, type TenantRegistration } from '../backend/index.js';
import type { ClientWrite, IntegrationConfig, OAuthClient, ProvisioningApi, Role, RoleWrite } from '../genesys/index.js';
import type { DesiredClient, DesiredState } from '../manifest/index.js';
import { desiredWidgetProperties } from './compare.js';
import { describeAction } from './describe.js';
import type { Observed } from './observe.js';
import type { InstallAction, InstallPlan } from './plan.js';
import { formatRecord } from './record.js';

/** Where the backend reaches the org (the registration's connection fields). */
export interface OrgConnection {
  region?: string;
  apiBaseUrl?: string;
  loginBaseUrl?: string;
}

/** What applying a plan needs. */
export interface ApplyDeps {
  api: ProvisioningApi;
  backend: BackendAdminApi;
  /** The admin's token for the backend, issued to the widget client `widgetClientId` (a sign-in through it). */
  backendToken(widgetClientId: string): Promise<string>;
  desired: DesiredState;
  observed: Observed;
  connection: OrgConnection;
  logger: Logger;
  /** Called as each step starts and ends (progress output). */
  onStep?(event: { phase: 'start' | 'done' | 'undo'; summary: string }): void;
}

/** How an install ended. */
export type InstallOutcome =
  | { ok: true; done: string[] }
  | {
      ok: false;
      done: string[];
      failedStep: string;
      error: Error;
      /** Undone in reverse order. */
      rolledBack: string[];
      /** Undo steps that failed: these objects remain. */
      rollbackFailures: Array<{ step: string; error: Error }>;
    };

/** `permissionPolicies` of a flat permission list: one policy per domain and entity. */
export function policiesFor(permissions: readonly string[]): RoleWrite['permissionPolicies'] {
  const byEntity = new Map<string, { domain: string; entityName: string; actionSet: string[]; allowConditions: boolean }>();
  for (const permission of permissions) {
    const [domain, entityName, action] = permission.split(':') as [string, string, string];
    const key = `${domain}:${entityName}`;
    const policy = byEntity.get(key) ?? { domain, entityName, actionSet: [], allowConditions: false };
    policy.actionSet.push(action);
    byEntity.set(key, policy);
  }
  return [...byEntity.values()];
}

function clientRequest(client: DesiredClient, roleIds: string[]): ClientWrite {
  return {
    name: client.name,
    description: client.description,
    authorizedGrantType: client.authorizedGrantType,
    registeredRedirectUri: client.registeredRedirectUri,
    roleIds,
    scope: client.scope,
    accessTokenValiditySeconds: client.accessTokenValiditySeconds,
  };
}

function previousClientRequest(client: OAuthClient): ClientWrite {
  return {
    name: client.name,
    ...(client.description !== undefined ? { description: client.description } : {}),
    authorizedGrantType: client.authorizedGrantType,
    registeredRedirectUri: client.registeredRedirectUri ?? [],
    roleIds: client.roleIds ?? [],
    scope: client.scope ?? [],
    ...(client.accessTokenValiditySeconds !== undefined ? { accessTokenValiditySeconds: client.accessTokenValiditySeconds } : {}),
  };
}

function previousRole(role: Role): RoleWrite {
  return {
    name: role.name ?? '',
    description: role.description ?? '',
    permissionPolicies: role.permissionPolicies ?? [],
    ...(role.permissionPolicies?.length ? {} : { permissions: role.permissions ?? [] }),
  };
}

/**
 * Runs an install plan step by step. When a step fails, every change this run made is undone in
 * reverse order (created objects deleted, updated ones put back, the role taken back, the backend
 * registration removed), and the outcome lists what could not be undone. The backend client's
 * secret exists only in memory, between its creation and the registration body.
 */
export async function applyInstall(plan: InstallPlan, deps: ApplyDeps): Promise<InstallOutcome> {
  const { api, backend, desired, observed, logger } = deps;
  const ctx = {
    roleId: observed.role?.id,
    backendClientId: observed.backendClient?.id,
    backendSecret: undefined as string | undefined,
    newSecretThisRun: false,
    widgetClientId: observed.widgetClient?.id,
    integrationId: observed.widget?.id,
    configVersion: observed.widget?.config?.current?.version,
    roleAssignedTo: [...(observed.record?.roleAssignedTo ?? [])],
  };
  const undo: Array<{ step: string; run: () => Promise<unknown> }> = [];
  const done: string[] = [];
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`internal: ${what} is not known at this step`);
    return value;
  };

  const steps: Record<InstallAction['kind'], (action: never) => Promise<void>> = {
    'create-role': async () => {
      const role = await api.createRole({ name: desired.role.name, description: desired.role.description, permissionPolicies: policiesFor(desired.role.permissions) });
      ctx.roleId = need(role.id, 'the new role id');
      undo.push({ step: `delete role ${desired.role.name}`, run: () => api.deleteRole(ctx.roleId!) });
    },
    'update-role': async (action: Extract<InstallAction, { kind: 'update-role' }>) => {
      const before = previousRole(observed.role!);
      await api.updateRole(action.roleId, { name: desired.role.name, description: desired.role.description, permissionPolicies: policiesFor(desired.role.permissions) });
      undo.push({ step: `put role ${desired.role.name} back as it was`, run: () => api.updateRole(action.roleId, before) });
    },
    'assign-role': async (action: Extract<InstallAction, { kind: 'assign-role' }>) => {
      const roleId = need(ctx.roleId, 'the role id');
      await api.assignRole(roleId, [action.userId]);
      ctx.roleAssignedTo = [...new Set([...ctx.roleAssignedTo, action.userId])];
      undo.push({ step: `take role ${desired.role.name} back from ${action.userName}`, run: () => api.unassignRole(roleId, [action.userId]) });
    },
    'create-client': async (action: Extract<InstallAction, { kind: 'create-client' }>) => {
      if (action.which === 'backend') {
        const created = await api.createClient(clientRequest(desired.backendClient, [need(ctx.roleId, 'the role id')]));
        ctx.backendClientId = need(created.id, 'the backend client id');
        ctx.backendSecret = created.secret;
        ctx.newSecretThisRun = true;
        undo.push({ step: `delete OAuth client ${desired.backendClient.name}`, run: () => api.deleteClient(ctx.backendClientId!) });
      } else {
        const created = await api.createClient(clientRequest(desired.widgetClient, []));
        ctx.widgetClientId = need(created.id, 'the widget client id');
        undo.push({ step: `delete OAuth client ${desired.widgetClient.name}`, run: () => api.deleteClient(ctx.widgetClientId!) });
      }
    },
    'update-client': async (action: Extract<InstallAction, { kind: 'update-client' }>) => {
      const backendSide = action.which === 'backend';
      const before = previousClientRequest((backendSide ? observed.backendClient : observed.widgetClient)!);
      const want = backendSide ? clientRequest(desired.backendClient, [need(ctx.roleId, 'the role id')]) : clientRequest(desired.widgetClient, []);
      await api.updateClient(action.clientId, want);
      undo.push({ step: `put OAuth client ${want.name} back as it was`, run: () => api.updateClient(action.clientId, before) });
    },
    'regenerate-secret': async (action: Extract<InstallAction, { kind: 'regenerate-secret' }>) => {
      const updated = await api.regenerateSecret(action.clientId);
      ctx.backendSecret = updated.secret;
      ctx.newSecretThisRun = true;
      // Nothing to undo: the old secret cannot be restored, and the backend never had it.
    },
    'create-widget': async () => {
      const created = await api.createIntegration(desired.widget.name, desired.widget.integrationTypeId);
      ctx.integrationId = need(created.id, 'the integration id');
      ctx.configVersion = created.config?.current?.version;
      undo.push({ step: `delete interaction widget ${desired.widget.name}`, run: () => api.deleteIntegration(ctx.integrationId!) });
    },
    'configure-widget': async () => {
      const integrationId = need(ctx.integrationId, 'the integration id');
      const before = observed.widget?.id === integrationId ? observed.widget.config?.current : undefined;
      const version = ctx.configVersion ?? (await api.config(integrationId)).version;
      const config: IntegrationConfig = {
        name: desired.widget.name,
        version,
        properties: desiredWidgetProperties(desired, observed, need(ctx.widgetClientId, 'the widget client id')),
        advanced: desired.widget.advanced,
        notes: formatRecord({
          roleId: need(ctx.roleId, 'the role id'),
          backendClientId: need(ctx.backendClientId, 'the backend client id'),
          widgetClientId: need(ctx.widgetClientId, 'the widget client id'),
          roleAssignedTo: ctx.roleAssignedTo,
        }),
        credentials: {},
      };
      const written = await api.configure(integrationId, config);
      ctx.configVersion = written.version;
      if (before) {
        undo.push({
          step: `put the configuration of ${desired.widget.name} back as it was`,
          run: () => api.configure(integrationId, { ...before, name: before.name ?? desired.widget.name, version: ctx.configVersion!, credentials: {} } as IntegrationConfig),
        });
      }
    },
    'enable-widget': async () => {
      const integrationId = need(ctx.integrationId, 'the integration id');
      await api.setState(integrationId, 'ENABLED');
      if (observed.widget?.id === integrationId) undo.push({ step: `disable interaction widget ${desired.widget.name} again`, run: () => api.setState(integrationId, 'DISABLED') });
    },
    'register-tenant': async () => {
      const registration: TenantRegistration = {
        orgId: observed.org.id,
        name: observed.org.name,
        ...deps.connection,
        backendClientId: need(ctx.backendClientId, 'the backend client id'),
        backendClientSecret: need(ctx.backendSecret, 'the backend client secret'),
        widgetClientId: need(ctx.widgetClientId, 'the widget client id'),
      };
      const token = await deps.backendToken(registration.widgetClientId);
      const { created } = await backend.register(registration, token);
      if (!created && ctx.newSecretThisRun) {
        throw new BackendError('register the org with the backend', 409, 'tenant_exists', 'the backend already has this org with other credentials; run uninstall, then install');
      }
      if (created) undo.push({ step: `remove the org from the backend ${desired.backendUrl}`, run: () => backend.remove(token) });
    },
  };

  for (const action of plan.actions) {
    const { summary } = describeAction(action, desired);
    deps.onStep?.({ phase: 'start', summary });
    try {
      await steps[action.kind](action as never);
    } catch (error) {
      logger.warn({ step: action.kind, err: error }, 'install step failed; rolling back');
      const rolledBack: string[] = [];
      const rollbackFailures: Array<{ step: string; error: Error }> = [];
      for (const entry of undo.reverse()) {
        deps.onStep?.({ phase: 'undo', summary: entry.step });
        try {
          await entry.run();
          rolledBack.push(entry.step);
        } catch (undoError) {
          logger.error({ step: entry.step, err: undoError }, 'rollback step failed');
          rollbackFailures.push({ step: entry.step, error: undoError as Error });
        }
      }
      return { ok: false, done, failedStep: summary, error: error as Error, rolledBack, rollbackFailures };
    }
    done.push(summary);
    deps.onStep?.({ phase: 'done', summary });
  }
  return { ok: true, done };
}
