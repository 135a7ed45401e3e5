import { z } from 'zod';
import { badRequest, conflict, notFound, type ApiRoute } from '../http/index.js';
import type { ProvisioningDeps } from './deps.js';
import { flattenPermissions } from './policies.js';
import type { StoredRole } from './state.js';
import { listParam, listing, paging, parseBody } from './support.js';

const policySchema = z.object({
  domain: z.string().min(1),
  entityName: z.string().min(1),
  actionSet: z.array(z.string().min(1)).min(1, 'must name at least one action'),
  allowConditions: z.boolean().optional(),
  policyName: z.string().optional(),
  policyDescription: z.string().optional(),
  namedResources: z.array(z.string()).optional(),
});

const roleSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(200),
  description: z.string().max(500).optional(),
  permissions: z.array(z.string()).optional(),
  permissionPolicies: z.array(policySchema).optional(),
});

const userIdsSchema = z.array(z.string().min(1)).min(1, 'must list at least one user id');

/** `DomainOrganizationRole` as the API serves it. */
export function renderRole(deps: ProvisioningDeps, role: StoredRole, withUserCount: boolean): Record<string, unknown> {
  const userCount = withUserCount ? deps.store.directory.users.filter((u) => u.roleIds.includes(role.id)).length : undefined;
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    permissions: role.permissions,
    permissionPolicies: role.permissionPolicies.map((p) => ({
      id: `${role.id}:${p.domain}:${p.entityName}`,
      domain: p.domain,
      entityName: p.entityName,
      policyName: p.policyName ?? `${p.domain}:${p.entityName}`,
      actionSet: p.actionSet,
      allowConditions: p.allowConditions,
      ...(p.namedResources ? { namedResources: p.namedResources } : {}),
    })),
    ...(userCount === undefined ? {} : { userCount }),
    default: false,
    base: false,
    roleNeedsUpdate: false,
    selfUri: `/api/v2/authorization/roles/${role.id}`,
  };
}

/**
 * Authorization roles and products (`AuthorizationApi`): list (paging, `name` with a trailing `*`
 * as a prefix wildcard, `id`, `permission`), create, get, update, delete, assign to and remove from
 * users, and the enabled products. Permissions as the SDK docs list them (`authorization:role:*`,
 * `authorization:grant:add|delete`; products need none). A role's `permissionPolicies` are
 * flattened into the permission list the emulator checks, so a new role takes effect at once.
 */
export function roleRoutes(deps: ProvisioningDeps): ApiRoute[] {
  const { store } = deps;
  const find = (id: string): StoredRole => {
    const role = store.roles.get(id);
    if (!role) throw notFound('role', id);
    return role;
  };
  const assertUniqueName = (name: string, exceptId?: string) => {
    const taken = [...store.roles.values()].find((r) => r.id !== exceptId && r.name.toLowerCase() === name.toLowerCase());
    if (taken) throw conflict(`A role named "${name}" already exists.`, taken.id);
  };
  const assignment = (add: boolean) => ({ params, body }: { params: Record<string, string>; body: unknown }) => {
    const role = find(params.roleId!);
    const userIds = parseBody(userIdsSchema, body);
    userIds.forEach((id, i) => {
      if (!store.directory.user(id)) throw badRequest(`body[${i}]: no user ${id}`, `body[${i}]`);
    });
    for (const id of userIds) {
      const current = store.userRoleIds(id);
      store.setUserRoleIds(id, add ? [...current, role.id] : current.filter((r) => r !== role.id));
    }
    return { status: 200, body: userIds };
  };

  return [
    {
      method: 'GET',
      template: '/api/v2/authorization/roles',
      permissions: ['authorization:role:view'],
      handle: ({ query }) => {
        const page = paging(query);
        const name = typeof query.name === 'string' ? query.name.toLowerCase() : undefined;
        const ids = new Set(listParam(query.id));
        const wanted = listParam(query.permission);
        const roles = [...store.roles.values()]
          .filter((r) => name === undefined || (name.endsWith('*') ? r.name.toLowerCase().startsWith(name.slice(0, -1)) : r.name.toLowerCase() === name))
          .filter((r) => ids.size === 0 || ids.has(r.id))
          .filter((r) => wanted.length === 0 || wanted.some((p) => r.permissions.includes(p)))
          .sort((a, b) => a.name.localeCompare(b.name));
        const withUserCount = query.userCount !== 'false';
        return { status: 200, body: listing(roles.map((r) => renderRole(deps, r, withUserCount)), page, '/api/v2/authorization/roles') };
      },
    },
    {
      method: 'POST',
      template: '/api/v2/authorization/roles',
      permissions: ['authorization:role:add'],
      handle: ({ body }) => {
        const input = parseBody(roleSchema, body);
        assertUniqueName(input.name);
        const policies = (input.permissionPolicies ?? []).map((p) => ({ ...p, allowConditions: p.allowConditions ?? false }));
        const role: StoredRole = {
          id: deps.newId(),
          name: input.name,
          description: input.description ?? '',
          permissionPolicies: policies,
          permissions: flattenPermissions(policies, input.permissions),
          dateCreated: store.now(),
        };
        store.roles.set(role.id, role);
        return { status: 200, body: renderRole(deps, role, true) };
      },
    },
    {
      method: 'GET',
      template: '/api/v2/authorization/roles/{roleId}',
      permissions: ['authorization:role:view'],
      handle: ({ params }) => ({ status: 200, body: renderRole(deps, find(params.roleId!), true) }),
    },
    {
      method: 'PUT',
      template: '/api/v2/authorization/roles/{roleId}',
      permissions: ['authorization:role:edit'],
      handle: ({ params, body }) => {
        const role = find(params.roleId!);
        const input = parseBody(roleSchema, body);
        assertUniqueName(input.name, role.id);
        const policies = (input.permissionPolicies ?? []).map((p) => ({ ...p, allowConditions: p.allowConditions ?? false }));
        const updated: StoredRole = {
          ...role,
          name: input.name,
          description: input.description ?? role.description,
          permissionPolicies: policies,
          permissions: flattenPermissions(policies, input.permissions),
        };
        store.roles.set(role.id, updated);
        return { status: 200, body: renderRole(deps, updated, true) };
      },
    },
    {
      method: 'DELETE',
      template: '/api/v2/authorization/roles/{roleId}',
      permissions: ['authorization:role:delete'],
      handle: ({ params }) => {
        const role = find(params.roleId!);
        store.roles.delete(role.id);
        // Whoever held the role loses it; clients keep their other roles.
        for (const user of store.directory.users) {
          if (user.roleIds.includes(role.id)) store.setUserRoleIds(user.id, user.roleIds.filter((r) => r !== role.id));
        }
        for (const client of store.clients.values()) {
          if (client.roleIds.includes(role.id)) client.roleIds = client.roleIds.filter((r) => r !== role.id);
        }
        return { status: 204 };
      },
    },
    {
      method: 'PUT',
      template: '/api/v2/authorization/roles/{roleId}/users/add',
      permissions: ['authorization:grant:add'],
      handle: assignment(true),
    },
    {
      method: 'PUT',
      template: '/api/v2/authorization/roles/{roleId}/users/remove',
      permissions: ['authorization:grant:delete'],
      handle: assignment(false),
    },
    {
      method: 'GET',
      template: '/api/v2/authorization/products',
      handle: () => {
        const entities = deps.products.map((p) => ({ id: p.id }));
        return { status: 200, body: { entities, pageSize: entities.length, pageNumber: 1, total: entities.length, pageCount: 1 } };
      },
    },
  ];
}
