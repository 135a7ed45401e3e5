import type { TenantSecretField } from '../store/index.js';

/** The AES-GCM associated data of a tenant secret: a ciphertext only opens in its own tenant and field. */
export function secretContext(tenantId: string, field: TenantSecretField): string {
  return `tenant:${tenantId}:${field}`;
}
