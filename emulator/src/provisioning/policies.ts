import { badRequest } from '../http/index.js';

/**
 * A role's permission policy as the Platform API writes it (`DomainPermissionPolicy`): one domain
 * and entity, the actions granted on it. `*` as entity or action grants them all.
 */
export interface PermissionPolicy {
  domain: string;
  entityName: string;
  actionSet: string[];
  allowConditions: boolean;
  policyName?: string;
  policyDescription?: string;
  namedResources?: string[];
}

const SEGMENT = /^[A-Za-z0-9*]+$/;

/** Whether `permission` reads `domain:entity:action` (each segment letters, digits or `*`). */
export function isPermissionString(permission: string): boolean {
  const parts = permission.split(':');
  return parts.length === 3 && parts.every((part) => SEGMENT.test(part));
}

/**
 * The flat permission strings a role grants: each policy's `domain:entity:action` for every action
 * in its `actionSet`, plus the role's own `permissions`, deduplicated and sorted. The emulator's
 * permission checks read this list (a `*` segment matches anything there). Throws 400 naming the
 * first malformed policy or permission.
 */
export function flattenPermissions(policies: readonly PermissionPolicy[], permissions: readonly string[] = []): string[] {
  const flat = new Set<string>();
  policies.forEach((policy, i) => {
    for (const action of policy.actionSet) {
      const permission = `${policy.domain}:${policy.entityName}:${action}`;
      if (!isPermissionString(permission)) throw badRequest(`permissionPolicies[${i}]: "${permission}" is not a permission (domain:entity:action)`, `permissionPolicies[${i}]`);
      flat.add(permission);
    }
  });
  permissions.forEach((permission, i) => {
    if (!isPermissionString(permission)) throw badRequest(`permissions[${i}]: "${permission}" is not a permission (domain:entity:action)`, `permissions[${i}]`);
    flat.add(permission);
  });
  return [...flat].sort();
}

/** Groups flat permissions back into one policy per domain and entity (how the platform shows roles defined by permission strings). */
export function policiesOf(permissions: readonly string[]): PermissionPolicy[] {
  const byEntity = new Map<string, PermissionPolicy>();
  for (const permission of permissions) {
    const [domain, entityName, action] = permission.split(':') as [string, string, string];
    const key = `${domain}:${entityName}`;
    let policy = byEntity.get(key);
    if (!policy) {
      policy = { domain, entityName, actionSet: [], allowConditions: false };
      byEntity.set(key, policy);
    }
    if (!policy.actionSet.includes(action)) policy.actionSet.push(action);
  }
  return [...byEntity.values()];
}
