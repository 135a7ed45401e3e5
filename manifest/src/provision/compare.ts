import { isDeepStrictEqual } from 'node:util';
import type { OAuthClient } from '../genesys/index.js';
import type { DesiredClient, DesiredState } from '../manifest/index.js';
import type { Observed } from './observe.js';

/** One field that differs from the manifest. */
export interface Diff {
  field: string;
  expected: unknown;
  actual: unknown;
}

/** How one of the app's objects stands against the manifest. */
export interface ObjectState {
  object: 'role' | 'roleAssignment' | 'backendClient' | 'widgetClient' | 'widget' | 'tenant';
  /** e.g. `role InteractionMerger_Backend`. */
  label: string;
  state: 'ok' | 'missing' | 'drift' | 'unknown';
  id: string | null;
  diffs: Diff[];
  note?: string;
}

const sorted = (values: readonly string[] | undefined) => [...(values ?? [])].sort();

function field(diffs: Diff[], name: string, expected: unknown, actual: unknown): void {
  if (!isDeepStrictEqual(expected, actual)) diffs.push({ field: name, expected, actual });
}

function clientDiffs(desired: DesiredClient, actual: OAuthClient, roleIds: string[]): Diff[] {
  const diffs: Diff[] = [];
  field(diffs, 'name', desired.name, actual.name);
  field(diffs, 'description', desired.description, actual.description ?? '');
  field(diffs, 'roleIds', sorted(roleIds), sorted(actual.roleIds));
  field(diffs, 'registeredRedirectUri', sorted(desired.registeredRedirectUri), sorted(actual.registeredRedirectUri));
  field(diffs, 'scope', sorted(desired.scope), sorted(actual.scope));
  field(diffs, 'accessTokenValiditySeconds', desired.accessTokenValiditySeconds, actual.accessTokenValiditySeconds ?? 86_400);
  return diffs;
}

/** The widget configuration `properties` the org's type accepts, for the widget client id now known. */
export function desiredWidgetProperties(desired: DesiredState, observed: Pick<Observed, 'widgetTypeProperties'>, widgetClientId: string): Record<string, unknown> {
  return desired.widget.properties(widgetClientId, new Set(observed.widgetTypeProperties ?? []));
}

/**
 * Compares the org with the manifest, object by object: the role and its permissions, the role
 * given to the signed-in user, both OAuth clients, the widget (configuration, install record,
 * enabled), and the backend's registration of the org.
 */
export function compare(desired: DesiredState, observed: Observed): ObjectState[] {
  const states: ObjectState[] = [];
  const { role, backendClient, widgetClient, widget, record, principal } = observed;

  if (!role) states.push({ object: 'role', label: `role ${desired.role.name}`, state: 'missing', id: null, diffs: [] });
  else {
    const diffs: Diff[] = [];
    field(diffs, 'name', desired.role.name, role.name);
    field(diffs, 'description', desired.role.description, role.description ?? '');
    field(diffs, 'permissions', desired.role.permissions, sorted(role.permissions));
    states.push({ object: 'role', label: `role ${desired.role.name}`, state: diffs.length ? 'drift' : 'ok', id: role.id ?? null, diffs });
  }

  if (principal.kind === 'user') {
    const holds = role?.id !== undefined && principal.roleIds.includes(role.id);
    states.push({
      object: 'roleAssignment',
      label: `role ${desired.role.name} given to ${principal.name}`,
      state: holds ? 'ok' : 'missing',
      id: principal.id,
      diffs: [],
      note: 'Genesys Cloud lets you give an OAuth client only roles you hold.',
    });
  }

  const roleIds = role?.id ? [role.id] : ['<the role>'];
  for (const [object, want, have] of [
    ['backendClient', desired.backendClient, backendClient],
    ['widgetClient', desired.widgetClient, widgetClient],
  ] as const) {
    const label = `OAuth client ${want.name}`;
    if (!have) states.push({ object, label, state: 'missing', id: null, diffs: [] });
    else {
      const diffs = clientDiffs(want, have, object === 'backendClient' ? roleIds : []);
      states.push({ object, label, state: diffs.length ? 'drift' : 'ok', id: have.id ?? null, diffs });
    }
  }

  const widgetLabel = `interaction widget ${desired.widget.name}`;
  if (!widget) states.push({ object: 'widget', label: widgetLabel, state: 'missing', id: null, diffs: [] });
  else {
    const current = widget.config?.current;
    const diffs: Diff[] = [];
    const properties = desiredWidgetProperties(desired, observed, widgetClient?.id ?? '<the widget client>');
    field(diffs, 'name', desired.widget.name, widget.name);
    for (const key of new Set([...Object.keys(properties), ...Object.keys((current?.properties ?? {}) as Record<string, unknown>)])) {
      field(diffs, `properties.${key}`, properties[key], (current?.properties as Record<string, unknown> | undefined)?.[key]);
    }
    for (const key of Object.keys(desired.widget.advanced)) {
      field(diffs, `advanced.${key}`, desired.widget.advanced[key], (current?.advanced as Record<string, unknown> | undefined)?.[key]);
    }
    const recordIds = record ? { roleId: record.roleId, backendClientId: record.backendClientId, widgetClientId: record.widgetClientId } : null;
    field(diffs, 'notes (install record)', { roleId: role?.id ?? null, backendClientId: backendClient?.id ?? null, widgetClientId: widgetClient?.id ?? null }, recordIds);
    field(diffs, 'intendedState', 'ENABLED', widget.intendedState);
    states.push({ object: 'widget', label: widgetLabel, state: diffs.length ? 'drift' : 'ok', id: widget.id ?? null, diffs });
  }

  const tenantLabel = `org registered with the backend ${desired.backendUrl}`;
  const tenant = observed.tenant;
  if (tenant.state === 'unknown') states.push({ object: 'tenant', label: tenantLabel, state: 'unknown', id: null, diffs: [], note: tenant.reason });
  else if (tenant.state === 'absent') states.push({ object: 'tenant', label: tenantLabel, state: 'missing', id: null, diffs: [] });
  else {
    const diffs: Diff[] = [];
    field(diffs, 'backendClientId', backendClient?.id ?? null, tenant.tenant.backendClientId ?? null);
    field(diffs, 'widgetClientId', widgetClient?.id ?? null, tenant.tenant.widgetClientId ?? null);
    states.push({ object: 'tenant', label: tenantLabel, state: diffs.length ? 'drift' : 'ok', id: tenant.tenant.id, diffs });
  }
  return states;
}
