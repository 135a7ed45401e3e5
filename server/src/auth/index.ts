export { createAgentAuthenticator, assertPermitted, tenantTarget } from './authenticator.js';
export type { AgentAuthenticator, AgentAuthenticatorDeps, AgentPrincipal, AgentSession } from './authenticator.js';
export { APP_PERMISSIONS, RULES, grants, holds, missingPermissions } from './permissions.js';
export type { PermissionRule, PermissionTerm } from './permissions.js';
export { createTtlCache } from './ttl-cache.js';
export type { TtlCache } from './ttl-cache.js';
