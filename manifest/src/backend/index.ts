export { BackendError, createBackendAdminApi } from './admin-api.js';
export type { BackendAdminApi, TenantLookup, TenantRegistration, TenantView } from './admin-api.js';
