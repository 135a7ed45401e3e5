import { DEMO_IDS } from '../../../emulator/src/index.js';
import { DEFAULT_TENANT_SETTINGS, type Tenant } from '../../../server/src/tenants/index.js';

/** The demo org as a registered tenant whose Genesys (API and login) is at `url`. */
export function demoTenantAt(url: string): Tenant {
  return {
    id: DEMO_IDS.orgId,
    name: DEMO_IDS.orgName,
    region: null,
    apiBaseUrl: url,
    loginBaseUrl: url,
    customBaseUrl: true,
    backendClientId: DEMO_IDS.clients.backend.id,
    widgetClientId: DEMO_IDS.clients.widget.id,
    crmWebhook: null,
    settings: DEFAULT_TENANT_SETTINGS,
    createdAt: new Date(0).toISOString(),
    updatedAt: new Date(0).toISOString(),
  };
}
