/**
 * The emulator's provisioning APIs (roles, products, OAuth clients, integrations and types), driven
 * through the official SDK as the provisioning CLI drives them.
 */
import platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { clientCredentialsToken, startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { sdkClient, sdkError } from '../support/sdk.js';

let emulator: TestEmulator;
let admin: string;

interface Apis {
  authorization: platformClient.AuthorizationApi;
  oauth: platformClient.OAuthApi;
  integrations: platformClient.IntegrationsApi;
  users: platformClient.UsersApi;
  analytics: platformClient.AnalyticsApi;
}

function apis(token: string): Apis {
  const client = sdkClient(emulator.url, token);
  return {
    authorization: new platformClient.AuthorizationApi(client),
    oauth: new platformClient.OAuthApi(client),
    integrations: new platformClient.IntegrationsApi(client),
    users: new platformClient.UsersApi(client),
    analytics: new platformClient.AnalyticsApi(client),
  };
}

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.emulator.reset();
  admin = emulator.userToken('admin', DEMO_IDS.clients.installer.id);
});

const analyticsRole = {
  name: 'Test_Backend',
  description: 'reads analytics',
  permissionPolicies: [{ domain: 'analytics', entityName: 'conversationDetail', actionSet: ['view'], allowConditions: false }],
};

describe('authorization roles', () => {
  it('when a role is created with permission policies, then it is listed by name prefix with its flattened permissions', async () => {
    const { authorization } = apis(admin);
    const created = await authorization.postAuthorizationRoles(analyticsRole);
    expect(created.permissions).toEqual(['analytics:conversationDetail:view']);
    const listed = await authorization.getAuthorizationRoles({ name: 'Test_*', pageSize: 10 });
    expect(listed.entities?.map((r) => r.id)).toEqual([created.id]);
    expect(listed.entities?.[0]?.permissionPolicies?.[0]).toMatchObject({ domain: 'analytics', entityName: 'conversationDetail', actionSet: ['view'] });
    expect(await sdkError(authorization.postAuthorizationRoles(analyticsRole))).toMatchObject({ status: 409, code: 'conflict' });
  });

  it('when a policy is malformed, then the create answers 400 naming the field and creates nothing', async () => {
    const { authorization } = apis(admin);
    const error = await sdkError<{ status: number; details: Array<{ fieldName: string }> }>(
      authorization.postAuthorizationRoles({ name: 'Test_Bad', permissionPolicies: [{ domain: 'analytics', entityName: 'conversationDetail', actionSet: [] }] }),
    );
    expect(error.status).toBe(400);
    expect(error.details[0]?.fieldName).toBe('permissionPolicies.0.actionSet');
    expect((await authorization.getAuthorizationRoles({ name: 'Test_*' })).total).toBe(0);
  });

  it('when a role is assigned to the admin and then to a new client-credentials client, then that client gets a token at once and holds the permission', async () => {
    const { authorization, oauth } = apis(admin);
    const role = await authorization.postAuthorizationRoles(analyticsRole);
    await authorization.putAuthorizationRoleUsersAdd(role.id!, [DEMO_IDS.users.admin]);
    const client = await oauth.postOauthClients({ name: 'Test_Backend', authorizedGrantType: 'CLIENT-CREDENTIALS', roleIds: [role.id!] });
    expect(client.secret).toEqual(expect.any(String));
    const token = await clientCredentialsToken(emulator.url, client.id!, client.secret!);
    const details = await apis(token).analytics.getAnalyticsConversationsDetails({ id: [DEMO_IDS.conversations.janeCall] });
    expect(details.conversations?.[0]?.conversationId).toBe(DEMO_IDS.conversations.janeCall);
    // The role grants nothing else.
    expect(await sdkError(apis(token).oauth.getOauthClients())).toMatchObject({ status: 403, code: 'missing.any.permissions' });
    // Fetched again, the secret is not served.
    expect((await oauth.getOauthClient(client.id!)).secret).toBeUndefined();
  });

  it('when a user gives a client a role they do not hold, then the create answers 400 naming roleIds', async () => {
    const { authorization, oauth } = apis(admin);
    const role = await authorization.postAuthorizationRoles(analyticsRole);
    const error = await sdkError<{ status: number; message: string; details: Array<{ fieldName: string }> }>(
      oauth.postOauthClients({ name: 'Test_Backend', authorizedGrantType: 'CLIENT-CREDENTIALS', roleIds: [role.id!] }),
    );
    expect(error.status).toBe(400);
    expect(error.details[0]?.fieldName).toBe('roleIds');
    expect(error.message).toContain('Test_Backend');
  });

  it('when a role is removed from the admin, deleted, and its client deleted, then the client token stops working', async () => {
    const { authorization, oauth, users } = apis(admin);
    const role = await authorization.postAuthorizationRoles(analyticsRole);
    await authorization.putAuthorizationRoleUsersAdd(role.id!, [DEMO_IDS.users.admin]);
    const me = await users.getUsersMe({ expand: ['authorization'] });
    expect(me.authorization?.roles?.map((r) => r.id)).toContain(role.id);
    const client = await oauth.postOauthClients({ name: 'Test_Backend', authorizedGrantType: 'CLIENT-CREDENTIALS', roleIds: [role.id!] });
    const token = await clientCredentialsToken(emulator.url, client.id!, client.secret!);
    await authorization.putAuthorizationRoleUsersRemove(role.id!, [DEMO_IDS.users.admin]);
    await oauth.deleteOauthClient(client.id!);
    await authorization.deleteAuthorizationRole(role.id!);
    expect(await sdkError(apis(token).analytics.getAnalyticsConversationsDetails({ id: [DEMO_IDS.conversations.janeCall] }))).toMatchObject({ status: 401 });
    expect(emulator.emulator.provisioning.userRoleIds(DEMO_IDS.users.admin)).not.toContain(role.id);
    expect(await sdkError(authorization.getAuthorizationRole(role.id!))).toMatchObject({ status: 404, code: 'not.found' });
  });

  it('when an agent without authorization permissions lists roles, then the answer is 403 naming the permission', async () => {
    const error = await sdkError<{ status: number; message: string }>(apis(emulator.userToken('mergeAgent')).authorization.getAuthorizationRoles());
    expect(error.status).toBe(403);
    expect(error.message).toContain('authorization:role:view');
  });

  it('when products are listed, then the premium app product is there, without any permission needed', async () => {
    const products = await apis(emulator.userToken('plainAgent')).authorization.getAuthorizationProducts();
    expect(products.entities).toEqual([{ id: DEMO_IDS.products.premium }]);
    expect(products.total).toBe(1);
  });
});

describe('OAuth clients', () => {
  it('when a CODE client is created, then PKCE sign-in through it works and its token names it', async () => {
    const { oauth } = apis(admin);
    const widget = await oauth.postOauthClients({
      name: 'Test_Widget',
      authorizedGrantType: 'CODE',
      registeredRedirectUri: ['http://127.0.0.1:3000/widget'],
      scope: ['users:readonly'],
    });
    expect(widget.secret).toBeUndefined();
    const token = emulator.userToken('mergeAgent', widget.id!);
    const info = await new platformClient.TokensApi(sdkClient(emulator.url, token)).getTokensMe();
    expect(info.OAuthClient?.id).toBe(widget.id);
  });

  it('when a CODE client has no redirect URI, then the create answers 400 naming registeredRedirectUri', async () => {
    const error = await sdkError<{ status: number; details: Array<{ fieldName: string }> }>(
      apis(admin).oauth.postOauthClients({ name: 'Test_Widget', authorizedGrantType: 'CODE' }),
    );
    expect(error).toMatchObject({ status: 400 });
    expect(error.details[0]?.fieldName).toBe('registeredRedirectUri');
  });

  it('when a client is updated and its secret regenerated, then the old secret stops working', async () => {
    const { authorization, oauth } = apis(admin);
    const role = await authorization.postAuthorizationRoles(analyticsRole);
    await authorization.putAuthorizationRoleUsersAdd(role.id!, [DEMO_IDS.users.admin]);
    const client = await oauth.postOauthClients({ name: 'Test_Backend', authorizedGrantType: 'CLIENT-CREDENTIALS', roleIds: [role.id!] });
    const renamed = await oauth.putOauthClient(client.id!, { name: 'Test_Backend2', authorizedGrantType: 'CLIENT-CREDENTIALS', roleIds: [role.id!], accessTokenValiditySeconds: 3600 });
    expect(renamed).toMatchObject({ name: 'Test_Backend2', accessTokenValiditySeconds: 3600 });
    const regenerated = await oauth.postOauthClientSecret(client.id!);
    expect(regenerated.secret).not.toBe(client.secret);
    await expect(clientCredentialsToken(emulator.url, client.id!, client.secret!)).rejects.toThrow(/401/);
    await expect(clientCredentialsToken(emulator.url, client.id!, regenerated.secret!)).resolves.toEqual(expect.any(String));
  });
});

describe('integrations', () => {
  const widgetProperties = {
    url: 'http://127.0.0.1:3000/widget?gcConversationId={{gcConversationId}}',
    sandbox: 'allow-forms,allow-popups,allow-same-origin,allow-scripts',
    permissions: '',
    groups: [],
    queueIdFilterList: [],
    communicationTypeFilter: '',
  };

  it('when a widget is created, configured with its version and enabled, then it is listed by type with the configuration', async () => {
    const { integrations } = apis(admin);
    const created = await integrations.postIntegrations({ body: { name: 'Test_Widget', integrationType: { id: 'embedded-client-app-interaction-widget' } } });
    expect(created).toMatchObject({ intendedState: 'DISABLED', config: { current: { version: 1 } } });
    const config = await integrations.putIntegrationConfigCurrent(created.id!, {
      body: { name: 'Test_Widget', version: 1, properties: widgetProperties, advanced: { lifecycle: { ephemeral: false, hooks: { bootstrap: true } } }, notes: 'n', credentials: {} },
    });
    expect(config.version).toBe(2);
    const enabled = await integrations.patchIntegration(created.id!, { body: { intendedState: 'ENABLED' } });
    expect(enabled).toMatchObject({ intendedState: 'ENABLED', reportedState: { code: 'ACTIVE' } });
    const listed = await integrations.getIntegrations({ integrationType: 'embedded-client-app-interaction-widget', expand: ['config.current'] });
    expect(listed.entities?.[0]?.config?.current?.properties).toEqual(widgetProperties);
  });

  it('when a config is written with a stale version, then the PUT answers 409 and the configuration is unchanged', async () => {
    const { integrations } = apis(admin);
    const created = await integrations.postIntegrations({ body: { name: 'Test_Widget', integrationType: { id: 'embedded-client-app-interaction-widget' } } });
    const write = (version: number, url: string) =>
      integrations.putIntegrationConfigCurrent(created.id!, { body: { name: 'Test_Widget', version, properties: { ...widgetProperties, url }, advanced: {}, notes: '', credentials: {} } });
    await write(1, 'https://one.example/widget');
    expect(await sdkError(write(1, 'https://two.example/widget'))).toMatchObject({ status: 409, code: 'conflict' });
    const current = await integrations.getIntegrationConfigCurrent(created.id!);
    expect(current).toMatchObject({ version: 2, properties: { url: 'https://one.example/widget' } });
  });

  it('when the properties break the type, then the PUT answers 400 naming the property', async () => {
    const { integrations } = apis(admin);
    const widget = await integrations.postIntegrations({ body: { name: 'Test_Widget', integrationType: { id: 'embedded-client-app-interaction-widget' } } });
    const put = (properties: Record<string, unknown>) =>
      sdkError<{ status: number; details: Array<{ fieldName: string }> }>(
        integrations.putIntegrationConfigCurrent(widget.id!, { body: { name: 'x', version: 1, properties, advanced: {}, notes: '', credentials: {} } }),
      );
    expect((await put({ ...widgetProperties, communicationTypeFilter: 'call, message' })).details[0]?.fieldName).toBe('properties.communicationTypeFilter');
    expect((await put({ ...widgetProperties, url: 'http://example.com/widget' })).details[0]?.fieldName).toBe('properties.url');
    expect((await put({ ...widgetProperties, colour: 'red' })).details[0]?.fieldName).toBe('properties.colour');
    // A production premium type accepts no iframe settings (reference §3.1).
    const premium = await integrations.postIntegrations({ body: { name: 'Test_Premium', integrationType: { id: DEMO_IDS.integrationTypes.premium } } });
    const error = await sdkError<{ status: number; details: Array<{ fieldName: string }> }>(
      integrations.putIntegrationConfigCurrent(premium.id!, { body: { name: 'x', version: 1, properties: { url: 'https://a.example/', sandbox: 'allow-scripts' }, advanced: {}, notes: '', credentials: {} } }),
    );
    expect(error.details[0]?.fieldName).toBe('properties.sandbox');
  });

  it('when an unconfigured widget is enabled, then the PATCH answers 400 and it stays disabled', async () => {
    const { integrations } = apis(admin);
    const widget = await integrations.postIntegrations({ body: { name: 'Test_Widget', integrationType: { id: 'embedded-client-app-interaction-widget' } } });
    expect(await sdkError(integrations.patchIntegration(widget.id!, { body: { intendedState: 'ENABLED' } }))).toMatchObject({ status: 400 });
    expect((await integrations.getIntegration(widget.id!)).intendedState).toBe('DISABLED');
  });

  it('when types are read, then the premium type lists its permissions and installer, and the widget schema offers sandbox', async () => {
    const { integrations } = apis(admin);
    const premium = await integrations.getIntegrationsType(DEMO_IDS.integrationTypes.premium);
    expect(premium.userPermissions).toEqual([DEMO_IDS.permissions.view, DEMO_IDS.permissions.admin]);
    expect(premium.vendorOAuthClientIds).toEqual([DEMO_IDS.clients.installer.id]);
    const all = await integrations.getIntegrationsTypes({ pageSize: 100 });
    expect(all.entities?.map((t) => t.id)).toEqual(expect.arrayContaining(['embedded-client-app-interaction-widget', DEMO_IDS.integrationTypes.premium]));
    const widgetSchema = await integrations.getIntegrationsTypeConfigschema('embedded-client-app-interaction-widget', 'properties');
    expect(Object.keys(widgetSchema.properties ?? {})).toEqual(expect.arrayContaining(['url', 'sandbox', 'permissions', 'communicationTypeFilter']));
    const premiumSchema = await integrations.getIntegrationsTypeConfigschema(DEMO_IDS.integrationTypes.premium, 'properties');
    expect(Object.keys(premiumSchema.properties ?? {})).not.toContain('sandbox');
    expect(await sdkError(integrations.getIntegrationsType('premium-app-nobody-bought'))).toMatchObject({ status: 404 });
  });

  it('when a deterministic fault is pending for a route, then exactly that many calls fail and the rest succeed', async () => {
    const { integrations } = apis(admin);
    emulator.emulator.provisioning.failNext({ method: 'POST', template: '/api/v2/integrations', status: 503, times: 1 });
    const body = { body: { name: 'Test_Widget', integrationType: { id: 'embedded-client-app-interaction-widget' } } };
    expect(await sdkError(integrations.postIntegrations(body))).toMatchObject({ status: 503 });
    await expect(integrations.postIntegrations(body)).resolves.toMatchObject({ name: 'Test_Widget' });
    expect(() => emulator.emulator.provisioning.failNext({ method: 'POST', template: '/api/v2/nowhere' })).toThrow(/template/);
  });

  it('when faults are set over HTTP with one bad entry, then the answer names it and the pending faults are unchanged', async () => {
    const put = (faults: unknown[]) =>
      fetch(`${emulator.url}/__emulator/provisioning/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ faults }) });
    const ok = await put([{ method: 'DELETE', template: '/api/v2/authorization/roles/{roleId}', status: 503, times: 2, skip: 1 }]);
    expect(await ok.json()).toEqual({ faults: [{ method: 'DELETE', template: '/api/v2/authorization/roles/{roleId}', status: 503, times: 2, skip: 1 }] });
    const bad = await put([{ method: 'GET', template: '/api/v2/integrations', status: 500 }, { method: 'GET', template: '/api/v2/nowhere' }]);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { details: Array<{ fieldName: string }> }).details[0]?.fieldName).toBe('template');
    expect(emulator.emulator.provisioning.pendingFaults()).toHaveLength(1);
    expect(emulator.emulator.provisioning.pendingFaults()[0]?.method).toBe('DELETE');
  });

  it('when the emulator is reset, then created roles, clients and integrations are gone and the dataset ones remain', async () => {
    const { authorization, integrations } = apis(admin);
    await authorization.postAuthorizationRoles(analyticsRole);
    await integrations.postIntegrations({ body: { name: 'Test_Widget', integrationType: { id: 'embedded-client-app-interaction-widget' } } });
    emulator.emulator.reset();
    const controls = emulator.emulator.provisioning;
    expect(controls.integrations()).toEqual([]);
    expect(controls.roles().map((r) => r.id).sort()).toEqual(emulator.dataset.roles.map((r) => r.id).sort());
    expect(controls.clients().map((c) => c.id).sort()).toEqual(emulator.dataset.oauthClients.map((c) => c.id).sort());
  });
});
