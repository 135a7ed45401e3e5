import type { DesiredState } from '../manifest/index.js';
import { prerequisiteChecks, type Check } from './checks.js';
import { compare, type Diff, type ObjectState } from './compare.js';
import type { Observed, Principal } from './observe.js';

/** One change `install` makes, in order. Ids created earlier in the run are resolved when it runs. */
export type InstallAction =
  | { kind: 'create-role' }
  | { kind: 'update-role'; roleId: string; diffs: Diff[] }
  | { kind: 'assign-role'; userId: string; userName: string }
  | { kind: 'create-client'; which: 'backend' | 'widget' }
  | { kind: 'update-client'; which: 'backend' | 'widget'; clientId: string; diffs: Diff[] }
  | { kind: 'regenerate-secret'; clientId: string }
  | { kind: 'create-widget' }
  | { kind: 'configure-widget'; diffs: Diff[] }
  | { kind: 'enable-widget' }
  | { kind: 'register-tenant'; alreadyKnown: 'absent' | 'unknown' };

/** What `install` would do: the checks, each object's state, and the changes in order. */
export interface InstallPlan {
  command: 'install';
  org: { id: string; name: string };
  principal: Principal;
  checks: Check[];
  states: ObjectState[];
  actions: InstallAction[];
  /** A blocking check failed: nothing may be changed. */
  blocked: boolean;
  /** Notes on what is deliberately not done. */
  notes: string[];
}

/**
 * Plans an install: creates what is missing, brings drifted objects back to the manifest, and
 * registers the org with the backend when the backend lacks it. An up-to-date org gives no
 * actions. The backend client's secret exists only in the create (or regenerate) answer, so a
 * registration needs one of those in the same run; an existing client is given a new secret only
 * when the backend is known to lack the org.
 */
export function planInstall(desired: DesiredState, observed: Observed): InstallPlan {
  const states = compare(desired, observed);
  const state = (object: ObjectState['object']) => states.find((s) => s.object === object);
  const checks = prerequisiteChecks(desired, observed, states);
  const actions: InstallAction[] = [];
  const notes: string[] = [];

  const role = state('role')!;
  if (role.state === 'missing') actions.push({ kind: 'create-role' });
  else if (role.state === 'drift') actions.push({ kind: 'update-role', roleId: role.id!, diffs: role.diffs });
  if (state('roleAssignment')?.state === 'missing') {
    actions.push({ kind: 'assign-role', userId: observed.principal.id, userName: observed.principal.name });
  }
  for (const which of ['backend', 'widget'] as const) {
    const client = state(which === 'backend' ? 'backendClient' : 'widgetClient')!;
    if (client.state === 'missing') actions.push({ kind: 'create-client', which });
    else if (client.state === 'drift') actions.push({ kind: 'update-client', which, clientId: client.id!, diffs: client.diffs });
  }
  const widget = state('widget')!;
  if (widget.state === 'missing') {
    actions.push({ kind: 'create-widget' }, { kind: 'configure-widget', diffs: [] }, { kind: 'enable-widget' });
  } else if (widget.state === 'drift') {
    const configDiffs = widget.diffs.filter((d) => d.field !== 'intendedState');
    if (configDiffs.length > 0) actions.push({ kind: 'configure-widget', diffs: configDiffs });
    if (widget.diffs.some((d) => d.field === 'intendedState')) actions.push({ kind: 'enable-widget' });
  }

  const tenant = state('tenant')!;
  const backendCreated = actions.some((a) => a.kind === 'create-client' && a.which === 'backend');
  if (tenant.state === 'missing') {
    if (!backendCreated && observed.backendClient?.id) actions.push({ kind: 'regenerate-secret', clientId: observed.backendClient.id });
    actions.push({ kind: 'register-tenant', alreadyKnown: 'absent' });
  } else if (tenant.state === 'unknown') {
    if (backendCreated) actions.push({ kind: 'register-tenant', alreadyKnown: 'unknown' });
    else notes.push(`Not registering with the backend: ${tenant.note ?? 'it cannot say whether it has the org'}; registering would need a new backend secret. If the backend lacks the org, run uninstall, then install.`);
  }
  return {
    command: 'install',
    org: observed.org,
    principal: observed.principal,
    checks,
    states,
    actions,
    blocked: checks.some((c) => c.blocking && !c.ok),
    notes,
  };
}
