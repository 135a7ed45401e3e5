import type { OrgDirectory } from '../state/index.js';
import type { TokenRecord } from './tokens.js';

/** Who a token acts as and what it may do (reference §1.2: roles and divisions, not scopes). */
export interface Principal {
  kind: 'user' | 'client';
  clientId: string;
  userId?: string;
  /** Union of the roles' permissions, sorted; entries may hold `*` segments. */
  permissions: readonly string[];
  /** Divisions the token may see; null = all. */
  divisions: ReadonlySet<string> | null;
}

/**
 * The principal of a token: a user token carries the user's roles and division grants, a
 * client-credentials token its OAuth client's. Undefined when the user or client left the dataset.
 */
export function principalFor(org: OrgDirectory, record: TokenRecord): Principal | undefined {
  const client = org.client(record.clientId);
  if (!client) return undefined;
  const owner = record.userId === undefined ? client : org.user(record.userId);
  if (!owner) return undefined;
  const permissions = new Set<string>();
  for (const roleId of owner.roleIds) for (const permission of org.role(roleId)?.permissions ?? []) permissions.add(permission);
  return {
    kind: record.userId === undefined ? 'client' : 'user',
    clientId: client.id,
    ...(record.userId === undefined ? {} : { userId: record.userId }),
    permissions: [...permissions].sort(),
    divisions: owner.divisionIds ? new Set(owner.divisionIds) : null,
  };
}

/** Whether the principal holds `permission` (`domain:entity:action`; a granted `*` segment matches anything). */
export function hasPermission(principal: Principal, permission: string): boolean {
  const wanted = permission.split(':');
  return principal.permissions.some((granted) => {
    if (granted === permission) return true;
    const parts = granted.split(':');
    return parts.length === wanted.length && parts.every((part, i) => part === '*' || part === wanted[i]);
  });
}

/** Whether the principal holds at least one of `permissions` (the reference's "ANY" lists, §7). */
export function hasAnyPermission(principal: Principal, permissions: readonly string[]): boolean {
  return permissions.some((permission) => hasPermission(principal, permission));
}

/** Whether the principal may see records of `divisionId`. */
export function inDivision(principal: Principal, divisionId: string): boolean {
  return principal.divisions === null || principal.divisions.has(divisionId);
}
