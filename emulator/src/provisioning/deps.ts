import type { IntegrationTypeCatalog } from './integration-types.js';
import type { ProvisioningStore } from './state.js';

/** What the provisioning routes read and change. */
export interface ProvisioningDeps {
  store: ProvisioningStore;
  types: IntegrationTypeCatalog;
  /** Enabled products (`GET /api/v2/authorization/products`). */
  products: ReadonlyArray<{ id: string }>;
  newId(): string;
  /** A fresh OAuth client secret. */
  newSecret(): string;
}
