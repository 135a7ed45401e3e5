export { createTenantService } from './service.js';
export type { TenantService, TenantServiceDeps, AdminContext, TenantRemoval } from './service.js';
export type { Tenant, TenantCredentials } from './view.js';
export { tenantRegistrationSchema, tenantUpdateSchema } from './schemas.js';
export type { TenantRegistration, TenantUpdate } from './schemas.js';
export {
  DEFAULT_TENANT_SETTINGS,
  tenantSettingsSchema,
  tenantSettingsPatchSchema,
  applySettingsPatch,
} from './settings.js';
export type { TenantSettingsPatch } from './settings.js';
export { createKeyRing, ciphertextKeyId, AUDIT_KEY_ID } from './keyring.js';
export type { KeyRing, MasterKeys } from './keyring.js';
export { masterKeyId } from './crypto.js';
export { rotateKeys } from './rotation.js';
export type { RotationReport } from './rotation.js';
export { secretContext } from './secret-context.js';
