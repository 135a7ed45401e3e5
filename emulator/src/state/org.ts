import type { Dataset, OAuthClient } from '../dataset/index.js';

/** A user of the dataset. */
export type DatasetUser = Dataset['users'][number];
/** A role of the dataset. */
export type DatasetRole = Dataset['roles'][number];

/** Read-only lookups over the dataset's identities: divisions, roles, users, OAuth clients. */
export interface OrgDirectory {
  readonly org: Dataset['org'];
  division(id: string): { id: string; name: string } | undefined;
  role(id: string): DatasetRole | undefined;
  user(id: string): DatasetUser | undefined;
  /** A user by id or by email (case-insensitive), as `login_hint` and the test controls name them. */
  findUser(idOrEmail: string): DatasetUser | undefined;
  client(id: string): OAuthClient | undefined;
  readonly users: readonly DatasetUser[];
  readonly clients: readonly OAuthClient[];
}

/** Builds the directory once; the dataset is not copied. */
export function createOrgDirectory(dataset: Dataset): OrgDirectory {
  const divisions = new Map(dataset.divisions.map((d) => [d.id, d]));
  const roles = new Map(dataset.roles.map((r) => [r.id, r]));
  const users = new Map(dataset.users.map((u) => [u.id, u]));
  const byEmail = new Map(dataset.users.map((u) => [u.email.toLowerCase(), u]));
  const clients = new Map(dataset.oauthClients.map((c) => [c.id, c]));
  return {
    org: dataset.org,
    division: (id) => divisions.get(id),
    role: (id) => roles.get(id),
    user: (id) => users.get(id),
    findUser: (key) => users.get(key) ?? byEmail.get(key.toLowerCase()),
    client: (id) => clients.get(id),
    users: dataset.users,
    clients: dataset.oauthClients,
  };
}
