import type { Clock } from '../clock/index.js';
import type { Config } from '../config/index.js';
import { createGenesysClient, type GenesysTarget } from '../genesys/index.js';
import type { Tenant, TenantRegistration, TenantService } from '../tenants/index.js';

/**
 * The tenant the `GENESYS_*` variables describe: its org id and name are read with the backend
 * credentials (`GET /api/v2/organizations/me`), then it is registered, or brought in line with
 * the environment (settings an administrator changed are kept). Null outside `genesys` mode.
 */
export async function ensureConfiguredTenant(input: { config: Config; tenants: TenantService; clock: Clock }): Promise<Tenant | null> {
  const { config, tenants, clock } = input;
  const { genesys } = config;
  if (config.mode !== 'genesys' || !genesys.clientId || !genesys.clientSecret || !genesys.widgetClientId || !genesys.apiBaseUrl) return null;
  const regionApi = genesys.region ? `https://api.${genesys.region.host}` : null;
  const explicitApi = regionApi === null || genesys.apiBaseUrl !== regionApi;
  const target: GenesysTarget = explicitApi ? { baseUrl: genesys.apiBaseUrl } : { region: genesys.region!.key };
  const client = createGenesysClient({ target, credentials: { clientId: genesys.clientId, clientSecret: genesys.clientSecret }, clock });
  const org = await client.orgSettings();
  const registration: TenantRegistration = {
    orgId: org.orgId,
    name: org.orgName || org.orgId,
    ...(explicitApi ? { apiBaseUrl: genesys.apiBaseUrl } : { region: genesys.region!.key }),
    ...(genesys.customBaseUrl && genesys.loginBaseUrl ? { loginBaseUrl: genesys.loginBaseUrl } : {}),
    backendClientId: genesys.clientId,
    backendClientSecret: genesys.clientSecret,
    widgetClientId: genesys.widgetClientId,
    ...(config.crmWebhook ? { crmWebhook: { url: config.crmWebhook.url, secret: config.crmWebhook.secret } } : {}),
  };
  return tenants.ensure(registration);
}
