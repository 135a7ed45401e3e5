export { createProvisioning } from './create.js';
export type { Provisioning, ProvisioningControls, ProvisioningOptions } from './create.js';
export type { RouteFault } from './support.js';
export type { StoredClient, StoredConfig, StoredIntegration, StoredRole } from './state.js';
export { INTERACTION_WIDGET_TYPE } from './integration-types.js';
export { flattenPermissions, policiesOf } from './policies.js';
export type { PermissionPolicy } from './policies.js';
