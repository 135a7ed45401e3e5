import platformClient from 'purecloud-platform-client-v2';

/** An SDK client instance (`new platformClient.ApiClientClass()`). */
export type SdkClient = typeof platformClient.ApiClient;

/** Where the org is: a Genesys Cloud region, or an explicit API base URL (an emulator). */
export type GenesysTarget =
  | { kind: 'region'; key: string; host: string }
  | { kind: 'url'; apiUrl: string };

/**
 * Resolves `--region` (an SDK key such as `us_east_1`, or a host such as `mypurecloud.com`) against
 * the SDK's `PureCloudRegionHosts`; null when it is neither.
 */
export function resolveRegion(value: string): { key: string; host: string } | null {
  const regions = Object.entries(platformClient.PureCloudRegionHosts).map(([key, host]) => ({ key, host }));
  const key = value.trim().toLowerCase().replaceAll('-', '_');
  const host = value.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '').replace(/^(api|login|apps)\./, '');
  return regions.find((r) => r.key === key) ?? regions.find((r) => r.host === host) ?? null;
}

/** Normalises `--api-url`: an http(s) origin (a path is not allowed: the SDK adds `/api/v2`). */
export function parseApiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--api-url: "${value}" is not an absolute URL`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new Error('--api-url: must be an http(s) origin such as http://127.0.0.1:8089');
  }
  return url.origin;
}

/**
 * One SDK client for the whole run (never the `ApiClient.instance` singleton): the region's
 * environment, or a gateway to the explicit URL (reference genesys-api.md §5.5: `setEnvironment`
 * always builds https URLs). Extended responses, so errors carry their headers.
 */
export function createSdkClient(target: GenesysTarget): SdkClient {
  const client = new platformClient.ApiClientClass();
  if (target.kind === 'region') {
    client.setEnvironment(target.host);
  } else {
    const url = new URL(target.apiUrl);
    const protocol = url.protocol.replace(':', '');
    client.setGateway({ host: url.hostname, protocol, port: Number(url.port || (protocol === 'https' ? 443 : 80)) });
  }
  client.setReturnExtendedResponses(true);
  return client;
}

/** The login host of `target`: `https://login.<host>`, or the explicit URL (the emulator serves both). */
export function loginBaseUrl(target: GenesysTarget): string {
  return target.kind === 'region' ? `https://login.${target.host}` : target.apiUrl;
}

/** The API base URL of `target` (what the backend registration names). */
export function apiBaseUrl(target: GenesysTarget): string {
  return target.kind === 'region' ? `https://api.${target.host}` : target.apiUrl;
}
