import { z } from 'zod';
import type { Principal } from '../auth/index.js';
import { ApiError, badRequest, notFound, type ApiRoute } from '../http/index.js';
import type { ProvisioningDeps } from './deps.js';
import type { StoredClient } from './state.js';
import { parseBody } from './support.js';

const clientSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(200),
  description: z.string().max(500).optional(),
  // Reference §1.3: SAML2-BEARER and PASSWORD exist on the platform; the emulator serves these three.
  authorizedGrantType: z.enum(['CLIENT-CREDENTIALS', 'CODE', 'TOKEN']),
  registeredRedirectUri: z.array(z.string()).optional(),
  roleIds: z.array(z.string().min(1)).optional(),
  scope: z.array(z.string().min(1)).optional(),
  roleDivisions: z.array(z.object({ roleId: z.string().min(1), divisionId: z.string().min(1) })).optional(),
  // Reference §1.2: between 5 minutes and 48 hours.
  accessTokenValiditySeconds: z.number().int().min(300).max(172_800).optional(),
  state: z.enum(['active', 'disabled', 'inactive']).optional(),
});
type ClientInput = z.output<typeof clientSchema>;

function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hash === '';
  } catch {
    return false;
  }
}

/**
 * OAuth clients (`OAuthApi`): list, create (the response carries the secret, once), get, update,
 * delete, regenerate the secret. Permissions `oauth:client:view|add|edit|delete`. A
 * client-credentials client needs at least one role and gets a secret; a CODE client needs redirect
 * URIs and is a public client here (PKCE S256 at the token endpoint, no secret; how the platform
 * marks a PKCE client is UNCONFIRMED, reference §1.3). A user may give a client only roles they
 * hold themselves (the premium-app sample assigns the role to the installing user first).
 */
export function oauthClientRoutes(deps: ProvisioningDeps): ApiRoute[] {
  const { store } = deps;
  const find = (id: string): StoredClient => {
    const client = store.clients.get(id);
    if (!client) throw notFound('OAuth client', id);
    return client;
  };
  const render = (client: StoredClient, withSecret = false): Record<string, unknown> => {
    const orgRef = { id: store.directory.org.id, name: store.directory.org.name };
    return {
      id: client.id,
      name: client.name,
      ...(client.description !== undefined ? { description: client.description } : {}),
      accessTokenValiditySeconds: client.accessTokenValiditySeconds ?? 86_400,
      registeredRedirectUri: client.registeredRedirectUri,
      ...(withSecret && client.secret !== undefined ? { secret: client.secret } : {}),
      roleIds: client.roleIds,
      dateCreated: client.dateCreated,
      dateModified: client.dateModified,
      ...(client.createdBy ? { createdBy: { id: client.createdBy, selfUri: `/api/v2/users/${client.createdBy}` } } : {}),
      authorizedGrantType: client.authorizedGrantType,
      scope: client.scope,
      roleDivisions: client.roleDivisions,
      state: client.state,
      organization: orgRef,
      selfUri: `/api/v2/oauth/clients/${client.id}`,
    };
  };
  const check = (input: ClientInput, principal: Principal) => {
    const redirects = input.registeredRedirectUri ?? [];
    redirects.forEach((uri, i) => {
      if (!isAbsoluteHttpUrl(uri)) throw badRequest(`registeredRedirectUri[${i}]: must be an absolute http(s) URL without a fragment`, `registeredRedirectUri[${i}]`);
    });
    if ((input.authorizedGrantType === 'CODE' || input.authorizedGrantType === 'TOKEN') && redirects.length === 0) {
      throw badRequest('registeredRedirectUri: a code or implicit grant client needs at least one redirect URI', 'registeredRedirectUri');
    }
    const roleIds = input.roleIds ?? [];
    if (input.authorizedGrantType === 'CLIENT-CREDENTIALS' && roleIds.length === 0) {
      throw badRequest('roleIds: a client credentials client needs at least one role', 'roleIds');
    }
    roleIds.forEach((id, i) => {
      if (!store.roles.has(id)) throw badRequest(`roleIds[${i}]: no role ${id}`, `roleIds[${i}]`);
    });
    (input.roleDivisions ?? []).forEach((rd, i) => {
      if (!store.roles.has(rd.roleId)) throw badRequest(`roleDivisions[${i}].roleId: no role ${rd.roleId}`, `roleDivisions[${i}].roleId`);
      if (!store.directory.division(rd.divisionId)) throw badRequest(`roleDivisions[${i}].divisionId: no division ${rd.divisionId}`, `roleDivisions[${i}].divisionId`);
    });
    if (principal.userId !== undefined) {
      const held = new Set(store.userRoleIds(principal.userId));
      const missing = roleIds.filter((id) => !held.has(id));
      if (missing.length > 0) {
        const names = missing.map((id) => store.roles.get(id)?.name ?? id).join(', ');
        throw new ApiError(400, 'bad.request', `roleIds: you can only give an OAuth client roles you hold yourself; you do not hold ${names}`, {
          details: [{ errorCode: 'role.not.held', fieldName: 'roleIds' }],
        });
      }
    }
  };
  const divisionIdsOf = (input: ClientInput) => {
    const ids = [...new Set((input.roleDivisions ?? []).map((rd) => rd.divisionId))];
    return ids.length > 0 ? { divisionIds: ids } : {};
  };

  return [
    {
      method: 'GET',
      template: '/api/v2/oauth/clients',
      permissions: ['oauth:client:view'],
      handle: () => {
        const entities = [...store.clients.values()].sort((a, b) => a.name.localeCompare(b.name)).map((c) => render(c));
        return { status: 200, body: { entities, pageSize: entities.length, pageNumber: 1, total: entities.length, pageCount: 1, selfUri: '/api/v2/oauth/clients' } };
      },
    },
    {
      method: 'POST',
      template: '/api/v2/oauth/clients',
      permissions: ['oauth:client:add'],
      handle: ({ body, principal }) => {
        const input = parseBody(clientSchema, body);
        check(input, principal);
        const now = store.now();
        const client: StoredClient = {
          id: deps.newId(),
          name: input.name,
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.authorizedGrantType === 'CLIENT-CREDENTIALS' ? { secret: deps.newSecret() } : {}),
          authorizedGrantType: input.authorizedGrantType,
          roleIds: [...(input.roleIds ?? [])],
          registeredRedirectUri: [...(input.registeredRedirectUri ?? [])],
          ...(input.accessTokenValiditySeconds !== undefined ? { accessTokenValiditySeconds: input.accessTokenValiditySeconds } : {}),
          ...divisionIdsOf(input),
          scope: [...(input.scope ?? [])],
          roleDivisions: [...(input.roleDivisions ?? [])],
          state: input.state ?? 'active',
          dateCreated: now,
          dateModified: now,
          createdBy: principal.userId ?? null,
        };
        store.clients.set(client.id, client);
        return { status: 200, body: render(client, true) };
      },
    },
    {
      method: 'GET',
      template: '/api/v2/oauth/clients/{clientId}',
      permissions: ['oauth:client:view'],
      handle: ({ params }) => ({ status: 200, body: render(find(params.clientId!)) }),
    },
    {
      method: 'PUT',
      template: '/api/v2/oauth/clients/{clientId}',
      permissions: ['oauth:client:edit'],
      handle: ({ params, body, principal }) => {
        const client = find(params.clientId!);
        const input = parseBody(clientSchema, body);
        if (input.authorizedGrantType !== client.authorizedGrantType) {
          throw badRequest('authorizedGrantType: the grant type of an existing client cannot change', 'authorizedGrantType');
        }
        check(input, principal);
        const { divisionIds: _dropped, ...rest } = client;
        const updated: StoredClient = {
          ...rest,
          name: input.name,
          ...(input.description !== undefined ? { description: input.description } : {}),
          roleIds: [...(input.roleIds ?? [])],
          registeredRedirectUri: [...(input.registeredRedirectUri ?? [])],
          ...(input.accessTokenValiditySeconds !== undefined ? { accessTokenValiditySeconds: input.accessTokenValiditySeconds } : {}),
          ...divisionIdsOf(input),
          scope: [...(input.scope ?? [])],
          roleDivisions: [...(input.roleDivisions ?? [])],
          state: input.state ?? client.state,
          dateModified: store.now(),
        };
        store.clients.set(client.id, updated);
        return { status: 200, body: render(updated) };
      },
    },
    {
      method: 'DELETE',
      template: '/api/v2/oauth/clients/{clientId}',
      permissions: ['oauth:client:delete'],
      handle: ({ params }) => {
        // Its tokens stop working: every call resolves the client again (principalFor).
        store.clients.delete(find(params.clientId!).id);
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      template: '/api/v2/oauth/clients/{clientId}/secret',
      permissions: ['oauth:client:edit'],
      handle: ({ params }) => {
        const client = find(params.clientId!);
        if (client.authorizedGrantType !== 'CLIENT-CREDENTIALS') {
          throw badRequest('authorizedGrantType: only a client credentials client has a secret here', 'authorizedGrantType');
        }
        const updated: StoredClient = { ...client, secret: deps.newSecret(), dateModified: store.now() };
        store.clients.set(client.id, updated);
        return { status: 200, body: render(updated, true) };
      },
    },
  ];
}

