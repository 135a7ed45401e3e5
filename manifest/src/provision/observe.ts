import type { BackendAdminApi, TenantLookup } from '../backend/index.js';
import { GenesysError, type Integration, type IntegrationType, type OAuthClient, type ProvisioningApi, type Role } from '../genesys/index.js';
import type { DesiredState, ProvisionCommand } from '../manifest/index.js';
import { missingPermissions, MissingPermissionsError } from './permissions.js';
import { parseRecord, type InstallRecord } from './record.js';

/** Who is signed in, and what their roles allow. */
export interface Principal {
  kind: 'user' | 'client';
  /** The user id, or the OAuth client id for a client-credentials sign-in. */
  id: string;
  name: string;
  /** The OAuth client the token was issued to. */
  clientId: string;
  permissions: string[];
  roleIds: string[];
}

/** The org as the installer found it: its prerequisites and the app's objects. */
export interface Observed {
  org: { id: string; name: string };
  principal: Principal;
  premiumType: IntegrationType | null;
  products: string[];
  /** Properties the widget type's configuration accepts; null when the org has no widget type. */
  widgetTypeProperties: string[] | null;
  role: Role | null;
  backendClient: OAuthClient | null;
  widgetClient: OAuthClient | null;
  widget: Integration | null;
  /** Objects with the app's names that the record does not claim: left alone. */
  strangers: Array<{ kind: 'role' | 'OAuth client' | 'integration'; id: string; name: string }>;
  record: InstallRecord | null;
  backendReachable: boolean;
  tenant: TenantLookup;
}

/** Reads the signed-in principal: a user (users/me with authorization), or a client-credentials client (its roles). */
export async function whoAmI(api: ProvisioningApi): Promise<{ org: { id: string; name: string }; principal: Principal }> {
  const info = await api.tokenInfo();
  const org = { id: info.organization?.id ?? '', name: info.organization?.name ?? '' };
  const clientId = info.OAuthClient?.id ?? '';
  const me = await api.me();
  if (me) {
    return {
      org,
      principal: {
        kind: 'user',
        id: me.id ?? '',
        name: me.name ?? me.email ?? me.id ?? 'you',
        clientId,
        permissions: me.authorization?.permissions ?? [],
        roleIds: (me.authorization?.roles ?? []).map((r) => r.id ?? '').filter((id) => id !== ''),
      },
    };
  }
  const name = `client ${info.OAuthClient?.name ?? clientId}`;
  try {
    const client = await api.client(clientId);
    const roleIds = client?.roleIds ?? [];
    const roles = await Promise.all(roleIds.map((id) => api.role(id)));
    const permissions = [...new Set(roles.flatMap((r) => r?.permissions ?? []))].sort();
    return { org, principal: { kind: 'client', id: clientId, name, clientId, permissions, roleIds } };
  } catch (error) {
    if (error instanceof GenesysError && error.status === 403) {
      const needed = error.missingPermissions.length > 0 ? error.missingPermissions : ['oauth:client:view', 'authorization:role:view'];
      throw new MissingPermissionsError('the permission check', needed.map((permission) => ({ permission, reason: 'Read your own client\'s roles to check what it may do.' })), name);
    }
    throw error;
  }
}

/** Throws {@link MissingPermissionsError} when `principal` lacks what `command` needs (per the manifest, with reasons). */
export function assertPermitted(desired: DesiredState, command: ProvisionCommand, principal: Principal): void {
  const missing = missingPermissions(principal.permissions, desired.installerPermissions(command));
  if (missing.length > 0) throw new MissingPermissionsError(command, missing, principal.name);
}

function pick<T extends { id?: string; name?: string }>(
  candidates: T[],
  recordedId: string | undefined,
  kind: Observed['strangers'][number]['kind'],
  strangers: Observed['strangers'],
): T | null {
  const recorded = recordedId ? candidates.find((c) => c.id === recordedId) : undefined;
  const mine = recorded ?? (recordedId ? undefined : candidates[0]);
  for (const other of candidates) if (other !== mine) strangers.push({ kind, id: other.id ?? '', name: other.name ?? '' });
  return mine ?? null;
}

/**
 * Reads everything the plan, status and uninstall compare: prerequisites (premium type, products,
 * the widget type's accepted properties), the app's objects found by prefixed name and by the ids
 * the install recorded, and the backend's view of the org.
 */
export async function observe(input: {
  api: ProvisioningApi;
  backend: BackendAdminApi;
  /** The admin's token for the backend, issued to the widget client `widgetClientId` (a sign-in); null: do not ask the backend. */
  backendToken: ((widgetClientId: string) => Promise<string>) | null;
  desired: DesiredState;
  org: { id: string; name: string };
  principal: Principal;
}): Promise<Observed> {
  const { api, backend, desired } = input;
  const [premiumType, products, widgetTypeProperties, widgets, clients, backendReachable] = await Promise.all([
    api.integrationType(desired.premium.integrationTypeId),
    api.products(),
    api.typeProperties(desired.widget.integrationTypeId),
    api.integrations(desired.widget.integrationTypeId),
    api.clients(),
    backend.reachable(),
  ]);
  const strangers: Observed['strangers'] = [];
  const named = widgets.filter((w) => w.name === desired.widget.name);
  // The integration holding a record is the app's; without one, the first with the name.
  const withRecord = named.find((w) => parseRecord(w.config?.current?.notes));
  const widget = withRecord ?? named[0] ?? null;
  for (const other of named) if (other !== widget) strangers.push({ kind: 'integration', id: other.id ?? '', name: other.name ?? '' });
  const record = parseRecord(widget?.config?.current?.notes);

  let role: Role | null = null;
  if (record) {
    role = await api.role(record.roleId);
    const sameName = await api.rolesNamed(desired.role.name);
    for (const other of sameName) if (other.id !== role?.id) strangers.push({ kind: 'role', id: other.id ?? '', name: other.name ?? '' });
  } else {
    role = pick(await api.rolesNamed(desired.role.name), undefined, 'role', strangers);
  }
  const byName = (name: string, grant: string) => clients.filter((c) => c.name === name && c.authorizedGrantType === grant);
  const backendClient = pick(byName(desired.backendClient.name, 'CLIENT-CREDENTIALS'), record?.backendClientId, 'OAuth client', strangers)
    ?? (record ? clients.find((c) => c.id === record.backendClientId) ?? null : null);
  const widgetClient = pick(byName(desired.widgetClient.name, 'CODE'), record?.widgetClientId, 'OAuth client', strangers)
    ?? (record ? clients.find((c) => c.id === record.widgetClientId) ?? null : null);
  let tenant: TenantLookup;
  if (!backendReachable) tenant = { state: 'unknown', reason: `the backend at ${backend.baseUrl} does not answer` };
  else if (!widgetClient?.id) tenant = { state: 'unknown', reason: 'the backend is asked with a token of the widget client, which does not exist yet' };
  else if (!desired.backendSignIn.enabled) tenant = { state: 'unknown', reason: 'the widget client has no installer redirect URI, so the installer cannot sign in through it' };
  else if (!input.backendToken) tenant = { state: 'unknown', reason: 'not asked: pass --login-hint to sign in to the backend through the widget client' };
  else tenant = await backend.lookup(await input.backendToken(widgetClient.id));

  return {
    org: input.org,
    principal: input.principal,
    premiumType,
    products,
    widgetTypeProperties,
    role,
    backendClient,
    widgetClient,
    widget,
    strangers,
    record,
    backendReachable,
    tenant,
  };
}
