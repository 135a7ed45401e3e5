/**
 * Where the agent signs in. Genesys serves the agent desktop from `apps.<domain>` and the login
 * pages from `login.<domain>` for each public environment (the list below is the service
 * discovery list that `purecloud-client-app-sdk` itself validates `gcTargetEnv` against,
 * genesys-cloud-service-discovery-web 3.0.500). Our backend may name another login host
 * (`GET /api/v1/auth-config`), e.g. the emulator in demo mode.
 */
import type { AuthConfigResponse } from '../../../server/src/http/contract.js';

/** Genesys environment name → public domain (service discovery, stable environments). */
export const GENESYS_ENVIRONMENTS: Readonly<Record<string, string>> = Object.freeze({
  prod: 'mypurecloud.com',
  'prod-apne1': 'mypurecloud.jp',
  'prod-apne2': 'apne2.pure.cloud',
  'prod-apne3': 'apne3.pure.cloud',
  'prod-aps1': 'aps1.pure.cloud',
  'prod-apse1': 'apse1.pure.cloud',
  'prod-apse2': 'mypurecloud.com.au',
  'prod-cac1': 'cac1.pure.cloud',
  'prod-euc1': 'mypurecloud.de',
  'prod-euc2': 'euc2.pure.cloud',
  'prod-euw1': 'mypurecloud.ie',
  'prod-euw2': 'euw2.pure.cloud',
  'prod-mec1': 'mec1.pure.cloud',
  'prod-mxc1': 'mxc1.pure.cloud',
  'prod-sae1': 'sae1.pure.cloud',
  'prod-usw2': 'usw2.pure.cloud',
  'fedramp-use2-core': 'use2.us-gov-pure.cloud',
});

export type LoginHostResult =
  | { ok: true; loginBaseUrl: string }
  | {
      ok: false;
      /**
       * - `unknown_host`: `gcHostOrigin` is not `https://apps.<a Genesys domain>`;
       * - `env_mismatch`: `gcTargetEnv` names another environment than `gcHostOrigin`;
       * - `no_login_host`: a local host (the desktop harness) and the backend names no login host.
       */
      reason: 'unknown_host' | 'env_mismatch' | 'no_login_host';
    };

/**
 * Resolves the OAuth login base URL (no trailing slash): the backend's `loginBaseUrl` when it
 * names one, else `https://login.<domain>` for `gcHostOrigin` = `https://apps.<domain>` of a known
 * Genesys environment (and consistent with `gcTargetEnv` when that is a known name).
 */
export function resolveLoginBaseUrl(
  context: { hostOrigin: string; targetEnv: string },
  authConfig: Pick<AuthConfigResponse, 'loginBaseUrl'> | null,
): LoginHostResult {
  const configured = authConfig?.loginBaseUrl ?? null;
  if (configured) {
    const url = safeUrl(configured);
    if (url && (url.protocol === 'https:' || url.protocol === 'http:')) {
      return { ok: true, loginBaseUrl: `${url.origin}${url.pathname}`.replace(/\/+$/, '') };
    }
  }
  const host = safeUrl(context.hostOrigin);
  if (!host) return { ok: false, reason: 'unknown_host' };
  if (host.hostname === 'localhost' || host.hostname === '127.0.0.1') {
    return { ok: false, reason: 'no_login_host' };
  }
  const domain = host.hostname.startsWith('apps.') ? host.hostname.slice('apps.'.length) : null;
  const known = new Set(Object.values(GENESYS_ENVIRONMENTS));
  if (host.protocol !== 'https:' || !domain || !known.has(domain)) return { ok: false, reason: 'unknown_host' };
  const envDomain = GENESYS_ENVIRONMENTS[context.targetEnv];
  if (envDomain && envDomain !== domain) return { ok: false, reason: 'env_mismatch' };
  return { ok: true, loginBaseUrl: `https://login.${domain}` };
}

function safeUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
