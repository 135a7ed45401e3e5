import type { Logger } from 'pino';
import type { BackendAdminApi } from '../backend/index.js';
import type { ProvisioningApi } from '../genesys/index.js';
import type { DesiredState } from '../manifest/index.js';
import { prerequisiteChecks, type Check } from './checks.js';
import { compare } from './compare.js';
import type { Observed, Principal } from './observe.js';

/** One removal `uninstall` makes, in order. */
export type UninstallAction =
  | { kind: 'remove-tenant'; widgetClientId: string }
  | { kind: 'delete-widget'; id: string; name: string }
  | { kind: 'delete-client'; which: 'backend' | 'widget'; id: string; name: string }
  | { kind: 'unassign-role'; roleId: string; name: string; userIds: string[] }
  | { kind: 'delete-role'; id: string; name: string };

/** What `uninstall` would remove. */
export interface UninstallPlan {
  command: 'uninstall';
  org: { id: string; name: string };
  principal: Principal;
  checks: Check[];
  actions: UninstallAction[];
  blocked: boolean;
  notes: string[];
}

/** How an uninstall ended: what was removed, what failed, and what remains. */
export interface UninstallOutcome {
  ok: boolean;
  done: string[];
  failures: Array<{ step: string; error: Error }>;
  /** Not attempted because an earlier step failed; run uninstall again once it is fixed. */
  remaining: string[];
}

/**
 * Plans the removal of the app's objects (those the install recorded, or, without a record, those
 * with the app's exact names and kinds) and of the backend's registration. Objects with the app's
 * names that the record does not claim are left alone. The backend goes first, so it stops using
 * the clients before they disappear.
 */
export function planUninstall(desired: DesiredState, observed: Observed): UninstallPlan {
  const states = compare(desired, observed);
  const checks = prerequisiteChecks(desired, observed, states, true);
  const actions: UninstallAction[] = [];
  const notes: string[] = [];
  // The backend is asked with a token of the widget client: without that client it cannot be reached.
  if (observed.tenant.state === 'registered' || (observed.tenant.state === 'unknown' && observed.widgetClient?.id && desired.backendSignIn.enabled)) {
    actions.push({ kind: 'remove-tenant', widgetClientId: observed.widgetClient!.id! });
  } else if (observed.tenant.state === 'unknown') {
    notes.push(`Cannot remove the org from the backend: ${observed.tenant.reason}.`);
  }
  if (observed.widget?.id) actions.push({ kind: 'delete-widget', id: observed.widget.id, name: observed.widget.name ?? desired.widget.name });
  for (const [which, client] of [['widget', observed.widgetClient], ['backend', observed.backendClient]] as const) {
    if (client?.id) actions.push({ kind: 'delete-client', which, id: client.id, name: client.name ?? '' });
  }
  if (observed.role?.id) {
    const holders = observed.record?.roleAssignedTo ?? [];
    if (holders.length > 0) actions.push({ kind: 'unassign-role', roleId: observed.role.id, name: observed.role.name ?? desired.role.name, userIds: holders });
    actions.push({ kind: 'delete-role', id: observed.role.id, name: observed.role.name ?? desired.role.name });
  }
  if (!observed.record && actions.some((a) => a.kind !== 'remove-tenant')) {
    notes.push('No install record was found (the widget is missing or its notes were changed): objects are matched by their exact names and kinds.');
  }
  return { command: 'uninstall', org: observed.org, principal: observed.principal, checks, actions, blocked: checks.some((c) => c.blocking && !c.ok), notes };
}

/** One line for an uninstall action. */
export function describeRemoval(action: UninstallAction, desired: DesiredState): string {
  switch (action.kind) {
    case 'remove-tenant':
      return `remove the org from the backend ${desired.backendUrl} (its secrets and stored customer data)`;
    case 'delete-widget':
      return `delete interaction widget ${action.name} (${action.id})`;
    case 'delete-client':
      return `delete OAuth client ${action.name} (${action.id})`;
    case 'unassign-role':
      return `take role ${action.name} back from ${action.userIds.length} user${action.userIds.length === 1 ? '' : 's'} the install gave it to`;
    case 'delete-role':
      return `delete role ${action.name} (${action.id})`;
  }
}

/**
 * Removes, in order. A failure stops there (the rest is listed as remaining), so running uninstall
 * again picks up where it stopped; the backend goes first, so a refused removal there leaves the
 * Genesys objects in place for the next attempt.
 */
export async function applyUninstall(
  plan: UninstallPlan,
  deps: {
    api: ProvisioningApi;
    backend: BackendAdminApi;
    backendToken(widgetClientId: string): Promise<string>;
    desired: DesiredState;
    logger: Logger;
    onStep?(event: { phase: 'start' | 'done'; summary: string }): void;
  },
): Promise<UninstallOutcome> {
  const { api, backend } = deps;
  const done: string[] = [];
  const failures: UninstallOutcome['failures'] = [];
  for (const [index, action] of plan.actions.entries()) {
    const step = describeRemoval(action, deps.desired);
    deps.onStep?.({ phase: 'start', summary: step });
    try {
      switch (action.kind) {
        case 'remove-tenant':
          await backend.remove(await deps.backendToken(action.widgetClientId));
          break;
        case 'delete-widget':
          await api.deleteIntegration(action.id);
          break;
        case 'delete-client':
          await api.deleteClient(action.id);
          break;
        case 'unassign-role':
          await api.unassignRole(action.roleId, action.userIds);
          break;
        case 'delete-role':
          await api.deleteRole(action.id);
          break;
      }
      done.push(step);
      deps.onStep?.({ phase: 'done', summary: step });
    } catch (error) {
      deps.logger.warn({ step: action.kind, err: error }, 'uninstall step failed');
      failures.push({ step, error: error as Error });
      return { ok: false, done, failures, remaining: plan.actions.slice(index + 1).map((a) => describeRemoval(a, deps.desired)) };
    }
  }
  return { ok: true, done, failures, remaining: [] };
}
