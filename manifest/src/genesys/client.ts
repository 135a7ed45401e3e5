import platformClient from 'purecloud-platform-client-v2';
import { GenesysError, toGenesysError } from './errors.js';
import type { SdkClient } from './target.js';

/** An authorization role (`DomainOrganizationRole`). */
export type Role = platformClient.Models.DomainOrganizationRole;
/** An OAuth client; `secret` only in the answer that created it or issued a new one. */
export type OAuthClient = platformClient.Models.OAuthClient;
/** An integration instance, with `config.current` when expanded. */
export type Integration = platformClient.Models.Integration;
/** An integration's current configuration (versioned). */
export type IntegrationConfig = platformClient.Models.IntegrationConfiguration;
/** An integration type (the premium app's, the interaction widget's). */
export type IntegrationType = platformClient.Models.IntegrationType;
/** `GET /api/v2/tokens/me`. */
export type TokenInfo = platformClient.Models.TokenInfo;
/** `GET /api/v2/users/me?expand=authorization`. */
export type UserMe = platformClient.Models.UserMe;
/** The body of a role create or update. */
export type RoleWrite = platformClient.Models.DomainOrganizationRoleCreate;
/** The body of an OAuth client create or update. */
export type ClientWrite = platformClient.Models.OAuthClientRequest;

/** Retries of idempotent calls on 429, 502–504 and network errors. */
export interface RetryOptions {
  /** Attempts in all (default 3). */
  maxAttempts?: number;
  /** Waits between attempts (inject a fake in tests). */
  sleep(ms: number): Promise<void>;
}

/**
 * The Platform API calls provisioning makes, typed, on one SDK client. Every failure is a
 * {@link GenesysError} naming the operation. GETs, PUTs, PATCHes and DELETEs are retried on
 * 429/502/503/504 and network errors, honouring `Retry-After` (the JS SDK never retries, reference
 * genesys-api.md §5.4); POSTs only on 429, which the platform answers before doing anything.
 * Lookups that may legitimately find nothing return null on 404.
 */
export interface ProvisioningApi {
  tokenInfo(): Promise<TokenInfo>;
  /** The signed-in user with roles and permissions; null for a client-credentials token (no user context). */
  me(): Promise<UserMe | null>;
  organization(): Promise<{ id: string; name: string }>;
  products(): Promise<string[]>;
  integrationType(typeId: string): Promise<IntegrationType | null>;
  /** The property names a type's configuration accepts (its `properties` config schema); null when the type is unknown. */
  typeProperties(typeId: string): Promise<string[] | null>;
  /** Roles whose name is exactly `name` (case-insensitive), all pages. */
  rolesNamed(name: string): Promise<Role[]>;
  role(roleId: string): Promise<Role | null>;
  createRole(body: RoleWrite): Promise<Role>;
  updateRole(roleId: string, body: RoleWrite): Promise<Role>;
  deleteRole(roleId: string): Promise<void>;
  assignRole(roleId: string, userIds: string[]): Promise<void>;
  unassignRole(roleId: string, userIds: string[]): Promise<void>;
  clients(): Promise<OAuthClient[]>;
  client(clientId: string): Promise<OAuthClient | null>;
  /** The response carries the secret (client credentials), once. */
  createClient(body: ClientWrite): Promise<OAuthClient>;
  updateClient(clientId: string, body: ClientWrite): Promise<OAuthClient>;
  deleteClient(clientId: string): Promise<void>;
  /** A new secret; the old one stops working. */
  regenerateSecret(clientId: string): Promise<OAuthClient>;
  /** Integrations of a type, all pages, with their current configuration. */
  integrations(typeId: string): Promise<Integration[]>;
  integration(integrationId: string): Promise<Integration | null>;
  config(integrationId: string): Promise<IntegrationConfig>;
  createIntegration(name: string, typeId: string): Promise<Integration>;
  /** `config.version` must be the current version (409 otherwise). */
  configure(integrationId: string, config: IntegrationConfig): Promise<IntegrationConfig>;
  setState(integrationId: string, intendedState: 'ENABLED' | 'DISABLED'): Promise<Integration>;
  deleteIntegration(integrationId: string): Promise<void>;
  /** Platform API calls made so far (attempts included). */
  calls(): number;
}

/** Wraps `sdk` (signed in already, or once a sign-in sets its token). */
export function createProvisioningApi(sdk: SdkClient, retry: RetryOptions): ProvisioningApi {
  const authorization = new platformClient.AuthorizationApi(sdk);
  const oauth = new platformClient.OAuthApi(sdk);
  const integrationsApi = new platformClient.IntegrationsApi(sdk);
  const users = new platformClient.UsersApi(sdk);
  const tokens = new platformClient.TokensApi(sdk);
  const organizations = new platformClient.OrganizationApi(sdk);
  const maxAttempts = retry.maxAttempts ?? 3;
  let calls = 0;

  async function call<T>(operation: string, idempotent: boolean, run: () => Promise<unknown>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      calls += 1;
      try {
        const response = (await run()) as { body?: unknown } | undefined;
        return (response?.body ?? undefined) as T;
      } catch (raw) {
        const error = toGenesysError(operation, raw);
        const again = attempt < maxAttempts && error.retryable && (idempotent || error.status === 429);
        if (!again) throw error;
        await retry.sleep(Math.min(error.retryAfterMs ?? 500 * 2 ** (attempt - 1), 30_000));
      }
    }
  }
  async function orNull<T>(promise: Promise<T>): Promise<T | null> {
    try {
      return await promise;
    } catch (error) {
      if (error instanceof GenesysError && error.status === 404) return null;
      throw error;
    }
  }
  async function allPages<T>(operation: string, page: (pageNumber: number) => Promise<unknown>): Promise<T[]> {
    const all: T[] = [];
    for (let pageNumber = 1; pageNumber <= 1000; pageNumber += 1) {
      const listing = await call<{ entities?: T[]; pageCount?: number }>(operation, true, () => page(pageNumber));
      all.push(...(listing.entities ?? []));
      if (!listing.pageCount || pageNumber >= listing.pageCount) break;
    }
    return all;
  }

  return {
    tokenInfo: () => call('read the token', true, () => tokens.getTokensMe()),
    async me() {
      try {
        return await call<UserMe>('read the signed-in user', true, () => users.getUsersMe({ expand: ['authorization'] }));
      } catch (error) {
        // Reference §1.4: users/me is "not valid when using the Client Credentials OAuth grant".
        if (error instanceof GenesysError && error.status === 400) return null;
        throw error;
      }
    },
    async organization() {
      const org = await call<{ id?: string; name?: string }>('read the organization', true, () => organizations.getOrganizationsMe());
      return { id: org.id ?? '', name: org.name ?? '' };
    },
    async products() {
      const listing = await call<{ entities?: Array<{ id?: string }> }>('list the products', true, () => authorization.getAuthorizationProducts());
      return (listing.entities ?? []).map((p) => p.id ?? '').filter((id) => id !== '');
    },
    integrationType: (typeId) => orNull(call('read the integration type', true, () => integrationsApi.getIntegrationsType(typeId))),
    async typeProperties(typeId) {
      const schema = await orNull(call<{ properties?: Record<string, unknown> }>('read the integration type schema', true, () => integrationsApi.getIntegrationsTypeConfigschema(typeId, 'properties')));
      return schema ? Object.keys(schema.properties ?? {}) : null;
    },
    async rolesNamed(name) {
      const roles = await allPages<Role>('find the role', (pageNumber) => authorization.getAuthorizationRoles({ name, pageSize: 100, pageNumber, userCount: false }));
      return roles.filter((r) => r.name?.toLowerCase() === name.toLowerCase());
    },
    role: (roleId) => orNull(call('read the role', true, () => authorization.getAuthorizationRole(roleId))),
    createRole: (body) => call('create the role', false, () => authorization.postAuthorizationRoles(body)),
    updateRole: (roleId, body) => call('update the role', true, () => authorization.putAuthorizationRole(roleId, { ...body, name: body.name })),
    deleteRole: (roleId) => call('delete the role', true, () => authorization.deleteAuthorizationRole(roleId)),
    assignRole: (roleId, userIds) => call('give the role to you', true, () => authorization.putAuthorizationRoleUsersAdd(roleId, userIds)),
    unassignRole: (roleId, userIds) => call('take the role back', true, () => authorization.putAuthorizationRoleUsersRemove(roleId, userIds)),
    async clients() {
      const listing = await call<{ entities?: OAuthClient[] }>('list the OAuth clients', true, () => oauth.getOauthClients());
      return listing.entities ?? [];
    },
    client: (clientId) => orNull(call('read the OAuth client', true, () => oauth.getOauthClient(clientId))),
    createClient: (body) => call(`create the OAuth client ${body.name}`, false, () => oauth.postOauthClients(body)),
    updateClient: (clientId, body) => call(`update the OAuth client ${body.name}`, true, () => oauth.putOauthClient(clientId, body)),
    deleteClient: (clientId) => call('delete the OAuth client', true, () => oauth.deleteOauthClient(clientId)),
    regenerateSecret: (clientId) => call('issue a new backend client secret', false, () => oauth.postOauthClientSecret(clientId)),
    integrations: (typeId) =>
      allPages<Integration>('list the integrations', (pageNumber) =>
        integrationsApi.getIntegrations({ integrationType: typeId, pageSize: 100, pageNumber, expand: ['config.current'] })),
    integration: (integrationId) => orNull(call('read the integration', true, () => integrationsApi.getIntegration(integrationId, { expand: ['config.current'] }))),
    config: (integrationId) => call('read the widget configuration', true, () => integrationsApi.getIntegrationConfigCurrent(integrationId)),
    createIntegration: (name, typeId) =>
      call('create the interaction widget', false, () => integrationsApi.postIntegrations({ body: { name, integrationType: { id: typeId } } })),
    // A PUT with a version is not blindly repeatable (a retry after a lost answer would meet 409), so it is not retried.
    configure: (integrationId, config) => call('configure the interaction widget', false, () => integrationsApi.putIntegrationConfigCurrent(integrationId, { body: config })),
    setState: (integrationId, intendedState) =>
      call(intendedState === 'ENABLED' ? 'enable the interaction widget' : 'disable the interaction widget', true, () =>
        integrationsApi.patchIntegration(integrationId, { body: { intendedState } })),
    deleteIntegration: (integrationId) => call('delete the interaction widget', true, () => integrationsApi.deleteIntegration(integrationId)),
    calls: () => calls,
  };
}
