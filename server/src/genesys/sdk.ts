import platformClient from 'purecloud-platform-client-v2';

/** Where an org's Platform API lives: an SDK region, or an explicit base URL (the emulator). */
export type GenesysTarget = { region: string } | { baseUrl: string };

/** SDK region keys and their hosts (reference §1.1, `PureCloudRegionHosts`). */
export const REGION_HOSTS: Readonly<Record<string, string>> = Object.freeze({ ...platformClient.PureCloudRegionHosts });

/**
 * Resolves a region given as an SDK key (`eu_west_1`) or a host (`mypurecloud.ie`, also with
 * `api.`/`https://`) to its host; throws when it names no known region.
 */
export function regionHost(region: string): string {
  const trimmed = region.trim().replace(/^https?:\/\//, '').replace(/^(api|login|apps)\./, '').replace(/\/+$/, '');
  const byKey = REGION_HOSTS[trimmed.replace(/-/g, '_')];
  if (byKey) return byKey;
  if (Object.values(REGION_HOSTS).includes(trimmed)) return trimmed;
  throw new Error(`Unknown Genesys Cloud region "${region}"; expected one of ${Object.keys(REGION_HOSTS).join(', ')}`);
}

/** The login and API base URLs of a target. */
export function targetUrls(target: GenesysTarget): { loginBaseUrl: string; apiBaseUrl: string } {
  if ('baseUrl' in target) {
    const base = target.baseUrl.replace(/\/+$/, '');
    return { loginBaseUrl: base, apiBaseUrl: base };
  }
  const host = regionHost(target.region);
  return { loginBaseUrl: `https://login.${host}`, apiBaseUrl: `https://api.${host}` };
}

export type SdkClient = InstanceType<typeof platformClient.ApiClientClass>;

/**
 * A fresh SDK client for one org (never the `ApiClient.instance` singleton). Extended responses
 * are on, so every answer carries its status and headers (`Retry-After`, `inin-ratelimit-*`).
 */
export function createSdkClient(target: GenesysTarget, timeoutMs: number): SdkClient {
  const client = new platformClient.ApiClientClass();
  // The SDK reads and watches ~/.genesyscloudjavascript/config by default; our configuration is
  // explicit, so stop watching (the watcher would also keep one timer per instance alive).
  client.config.live_reload_config = false;
  // `timeout` (default 16 s, reference §5.4) is read when the HTTP client is first created; the
  // typings omit it.
  (client as unknown as { timeout: number }).timeout = timeoutMs;
  client.setReturnExtendedResponses(true);
  if ('baseUrl' in target) {
    // setEnvironment always builds https URLs; setGateway reaches a plain-HTTP emulator (reference §5.5).
    const url = new URL(target.baseUrl);
    client.setGateway({
      host: url.hostname,
      protocol: url.protocol.replace(':', ''),
      port: url.port ? Number(url.port) : -1,
    });
  } else {
    client.setEnvironment(regionHost(target.region));
  }
  return client;
}

/** The Platform API classes we use, bound to one SDK client. */
export function createApis(client: SdkClient) {
  return {
    analytics: new platformClient.AnalyticsApi(client),
    conversations: new platformClient.ConversationsApi(client),
    externalContacts: new platformClient.ExternalContactsApi(client),
    organization: new platformClient.OrganizationApi(client),
    tokens: new platformClient.TokensApi(client),
    users: new platformClient.UsersApi(client),
  };
}

export type Apis = ReturnType<typeof createApis>;
