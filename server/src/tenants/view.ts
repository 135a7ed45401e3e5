import platformClient from 'purecloud-platform-client-v2';
import { AppError } from '../errors/index.js';
import type { TenantSettings } from '../merge/types.js';
import type { TenantRecord } from '../store/index.js';
import { readStoredSettings } from './settings.js';

/** A tenant as the admin API shows it: never a secret. */
export interface Tenant {
  /** The Genesys organisation id. */
  id: string;
  name: string;
  /** SDK region key, or null when `apiBaseUrl` was given explicitly. */
  region: string | null;
  apiBaseUrl: string;
  loginBaseUrl: string;
  /** True when the URLs are not the region's own (an emulator or a gateway). */
  customBaseUrl: boolean;
  backendClientId: string;
  widgetClientId: string;
  crmWebhook: { url: string; enabled: boolean; disabledReason: string | null } | null;
  settings: TenantSettings;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

/** What the Genesys client needs to act for a tenant (decrypted in memory; never log it). */
export interface TenantCredentials {
  orgId: string;
  region: string | null;
  apiBaseUrl: string;
  loginBaseUrl: string;
  clientId: string;
  clientSecret: string;
}

function hostOf(region: string): string {
  const host = platformClient.PureCloudRegionHosts[region];
  if (!host) throw new AppError('tenant_region_unknown', 500, `Stored region ${region} is unknown to the SDK`);
  return host;
}

/** The tenant's API and login base URLs (explicit, or derived from its region). */
export function urlsOf(record: TenantRecord): { apiBaseUrl: string; loginBaseUrl: string; custom: boolean } {
  if (record.apiBaseUrl) {
    return { apiBaseUrl: record.apiBaseUrl, loginBaseUrl: record.loginBaseUrl ?? new URL(record.apiBaseUrl).origin, custom: true };
  }
  const host = hostOf(record.region ?? '');
  return {
    apiBaseUrl: `https://api.${host}`,
    loginBaseUrl: record.loginBaseUrl ?? `https://login.${host}`,
    custom: record.loginBaseUrl !== null,
  };
}

/** The admin view of a stored tenant. */
export function toTenant(record: TenantRecord): Tenant {
  const urls = urlsOf(record);
  return {
    id: record.id,
    name: record.name,
    region: record.region,
    apiBaseUrl: urls.apiBaseUrl,
    loginBaseUrl: urls.loginBaseUrl,
    customBaseUrl: urls.custom,
    backendClientId: record.backendClientId,
    widgetClientId: record.widgetClientId,
    crmWebhook: record.crmWebhook
      ? { url: record.crmWebhook.url, enabled: record.crmWebhook.enabled, disabledReason: record.crmWebhook.disabledReason }
      : null,
    settings: readStoredSettings(record.settings),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

