import type { EmulatorClock } from '../config/index.js';
import type { Dataset, OAuthClient } from '../dataset/index.js';
import type { DatasetUser, OrgDirectory } from '../state/index.js';
import { policiesOf, type PermissionPolicy } from './policies.js';

/** A role as the provisioning API keeps it: the dataset's roles plus those created through the API. */
export interface StoredRole {
  id: string;
  name: string;
  description: string;
  permissionPolicies: PermissionPolicy[];
  /** Flattened from the policies: what the emulator's permission checks read. */
  permissions: string[];
  dateCreated: string | null;
}

/** An OAuth client with the fields the provisioning API reads and writes beyond the dataset's. */
export interface StoredClient extends OAuthClient {
  description?: string;
  scope: string[];
  roleDivisions: Array<{ roleId: string; divisionId: string }>;
  state: 'active' | 'disabled' | 'inactive';
  dateCreated: string;
  dateModified: string;
  createdBy: string | null;
}

/** An integration's current configuration (`IntegrationConfiguration`). */
export interface StoredConfig {
  name: string;
  version: number;
  properties: Record<string, unknown>;
  advanced: Record<string, unknown>;
  notes: string;
  credentials: Record<string, unknown>;
}

/** An integration instance (`Integration`). */
export interface StoredIntegration {
  id: string;
  name: string;
  typeId: string;
  intendedState: 'ENABLED' | 'DISABLED';
  notes: string;
  attributes: Record<string, string>;
  config: StoredConfig;
  dateModified: string;
}

/**
 * The org's mutable identities and integrations, over the read-only dataset. `directory` is the
 * {@link OrgDirectory} every other part of the emulator reads, so a role created here grants its
 * permissions to the OAuth clients and users that carry it, a created client-credentials client can
 * get tokens at once, and a deleted client's tokens stop working.
 */
export interface ProvisioningStore {
  readonly directory: OrgDirectory;
  readonly roles: Map<string, StoredRole>;
  readonly clients: Map<string, StoredClient>;
  readonly integrations: Map<string, StoredIntegration>;
  /** The user's role ids now (dataset roles plus assignments made through the API). */
  userRoleIds(userId: string): readonly string[];
  setUserRoleIds(userId: string, roleIds: readonly string[]): void;
  /** ISO time on the emulator's clock. */
  now(): string;
  /** Back to the dataset: drops created roles, clients, integrations and role assignments. */
  reset(): void;
}

/** Builds the store over `base` (the dataset's directory). */
export function createProvisioningStore(dataset: Dataset, base: OrgDirectory, clock: EmulatorClock): ProvisioningStore {
  const roles = new Map<string, StoredRole>();
  const clients = new Map<string, StoredClient>();
  const integrations = new Map<string, StoredIntegration>();
  const userRoles = new Map<string, readonly string[]>();
  const now = () => new Date(clock.now()).toISOString();

  const load = () => {
    roles.clear();
    clients.clear();
    integrations.clear();
    userRoles.clear();
    const loadedAt = now();
    for (const role of dataset.roles) {
      roles.set(role.id, {
        id: role.id,
        name: role.name,
        description: '',
        permissionPolicies: policiesOf(role.permissions),
        permissions: [...role.permissions],
        dateCreated: null,
      });
    }
    for (const client of dataset.oauthClients) {
      clients.set(client.id, { ...client, scope: [], roleDivisions: [], state: 'active', dateCreated: loadedAt, dateModified: loadedAt, createdBy: null });
    }
  };
  load();

  const withRoles = (user: DatasetUser | undefined): DatasetUser | undefined => {
    if (!user) return undefined;
    const assigned = userRoles.get(user.id);
    return assigned ? { ...user, roleIds: [...assigned] } : user;
  };

  const directory: OrgDirectory = {
    org: base.org,
    division: (id) => base.division(id),
    role: (id) => roles.get(id),
    user: (id) => withRoles(base.user(id)),
    findUser: (key) => withRoles(base.findUser(key)),
    client: (id) => clients.get(id),
    get users() {
      return base.users.map((user) => withRoles(user)!);
    },
    get clients() {
      return [...clients.values()];
    },
  };

  return {
    directory,
    roles,
    clients,
    integrations,
    userRoleIds: (userId) => userRoles.get(userId) ?? base.user(userId)?.roleIds ?? [],
    setUserRoleIds: (userId, roleIds) => {
      userRoles.set(userId, [...new Set(roleIds)]);
    },
    now,
    reset: load,
  };
}
