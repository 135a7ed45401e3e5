import type { ApiRoute } from '../http/index.js';
import type { TokenStore } from '../auth/index.js';
import type { ApiDeps } from './deps.js';

function organization(deps: ApiDeps) {
  const { org } = deps.dataset;
  return {
    id: org.id,
    name: org.name,
    defaultLanguage: 'en-us',
    defaultCountryCode: org.defaultCountry,
    domain: org.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
    state: 'active',
    version: 1,
    productPlatform: 'PureCloud',
    selfUri: `/api/v2/organizations/${org.id}`,
  };
}

/** `tokens/me` (GET, HEAD, DELETE), `users/me`, `organizations/me` (reference §1.4; no permissions, §7). */
export function identityRoutes(deps: ApiDeps, tokens: TokenStore): ApiRoute[] {
  const orgRef = () => ({ id: deps.dataset.org.id, name: deps.dataset.org.name });
  const tokenInfo = (clientId: string) => {
    const client = deps.org.client(clientId)!;
    return {
      organization: orgRef(),
      homeOrganization: orgRef(),
      // Scopes are not modelled: user grants are authorised by roles here (reference §7: the per-endpoint scope mapping is UNCONFIRMED).
      authorizedScope: [],
      OAuthClient: {
        id: client.id,
        name: client.name,
        authorizedGrantType: client.authorizedGrantType,
        scope: [],
        roleDivisions: [],
        state: 'active',
        organization: orgRef(),
      },
    };
  };
  return [
    // HEAD before GET: Express would otherwise answer HEAD with the GET route.
    {
      method: 'HEAD',
      template: '/api/v2/tokens/me',
      handle: () => ({ status: 200 }),
    },
    {
      method: 'GET',
      template: '/api/v2/tokens/me',
      handle: ({ token }) => ({ status: 200, body: tokenInfo(token.clientId) }),
    },
    {
      method: 'DELETE',
      template: '/api/v2/tokens/me',
      handle: ({ token }) => {
        tokens.revoke(token.token);
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      template: '/api/v2/users/me',
      userContextOnly: true,
      handle: ({ principal, query, token }) => {
        const user = deps.org.user(principal.userId!)!;
        const division = deps.org.division(user.divisionId);
        const expand = new Set(String(query.expand ?? '').split(',').map((v) => v.trim()));
        const body: Record<string, unknown> = {
          id: user.id,
          name: user.name,
          division: { id: user.divisionId, name: division?.name, selfUri: `/api/v2/authorization/divisions/${user.divisionId}` },
          email: user.email,
          username: user.email,
          state: 'active',
          version: 1,
          selfUri: `/api/v2/users/${user.id}`,
        };
        if (expand.has('authorization')) {
          body.authorization = {
            roles: user.roleIds.map((id) => ({ id, name: deps.org.role(id)?.name })),
            permissions: principal.permissions,
            permissionPolicies: [],
          };
        }
        if (expand.has('organization')) body.organization = organization(deps);
        if (expand.has('token')) body.token = tokenInfo(token.clientId);
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      template: '/api/v2/organizations/me',
      handle: () => ({ status: 200, body: organization(deps) }),
    },
  ];
}
