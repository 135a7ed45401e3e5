import platformClient from 'purecloud-platform-client-v2';

/** A Genesys Cloud region: the SDK's key (`us_east_1`) and its host (`mypurecloud.com`). */
export interface GenesysRegion {
  key: string;
  host: string;
}

/**
 * The regions the SDK knows (`PureCloudRegionHosts`, reference genesys-api.md §1.1), as
 * `{key, host}` pairs in the SDK's order.
 */
export function knownRegions(): GenesysRegion[] {
  return Object.entries(platformClient.PureCloudRegionHosts).map(([key, host]) => ({ key, host }));
}

/**
 * Resolves a region given as an SDK key (`us_east_1`, `US-EAST-1`) or a host
 * (`mypurecloud.com`, also `api.mypurecloud.com`, `https://login.mypurecloud.com/`).
 * Returns null when it is neither.
 */
export function resolveRegion(value: string): GenesysRegion | null {
  const regions = knownRegions();
  const asKey = value.trim().toLowerCase().replaceAll('-', '_');
  const byKey = regions.find((region) => region.key === asKey);
  if (byKey) return byKey;
  const asHost = value
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '')
    .replace(/^(api|login|apps)\./, '');
  return regions.find((region) => region.host === asHost) ?? null;
}
