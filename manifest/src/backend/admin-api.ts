/**
 * The backend's admin API as the installer uses it (DESIGN.md "HTTP API": tenant registration and
 * removal). Plain HTTP with the admin's Genesys user token, issued to the app's widget client (the
 * only client whose tokens the backend accepts, DESIGN.md "Authorisation"); the backend checks it
 * against the org. The backend client's secret travels only in the registration body.
 */

/** A tenant registration (`POST /api/v1/admin/tenants`, the backend's `tenantRegistrationSchema`). */
export interface TenantRegistration {
  orgId: string;
  name: string;
  region?: string;
  apiBaseUrl?: string;
  loginBaseUrl?: string;
  backendClientId: string;
  backendClientSecret: string;
  widgetClientId: string;
}

/** The tenant as the backend shows it (the fields the installer compares). */
export interface TenantView {
  id: string;
  name?: string;
  backendClientId?: string;
  widgetClientId?: string;
  [key: string]: unknown;
}

/** A backend answer the installer could not use: its status and `{error: {code, message}}`. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
  constructor(
    readonly operation: string,
    /** Null when the backend did not answer. */
    readonly status: number | null,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(`${operation}: ${status === null ? '' : `${status} `}${message}`);
  }
}

/** Whether the tenant is registered; `unknown` when the backend offers no way to tell. */
export type TenantLookup = { state: 'registered'; tenant: TenantView } | { state: 'absent' } | { state: 'unknown'; reason: string };

/** The admin API calls; every one sends `Authorization: Bearer <token>`. */
export interface BackendAdminApi {
  readonly baseUrl: string;
  /** `GET /healthz`: true when the backend answers 200. */
  reachable(): Promise<boolean>;
  /** `GET /api/v1/admin/tenant`: the token's org as the backend has it. */
  lookup(token: string): Promise<TenantLookup>;
  /** `POST /api/v1/admin/tenants`: `created` false when the backend already had the org (409 `tenant_exists`). */
  register(registration: TenantRegistration, token: string): Promise<{ created: boolean }>;
  /** `DELETE /api/v1/admin/tenant`: `removed` false when the token's org was not registered. */
  remove(token: string): Promise<{ removed: boolean }>;
}

interface ErrorEnvelope {
  error?: { code?: string; message?: string; details?: unknown };
}

/** The admin API of the backend at `baseUrl`, through `fetchImpl` (default: global fetch). */
export function createBackendAdminApi(baseUrl: string, fetchImpl: typeof fetch = fetch): BackendAdminApi {
  async function send(operation: string, path: string, init: { method: string; token?: string; body?: unknown }): Promise<{ status: number; json: unknown }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}${path}`, {
        method: init.method,
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        redirect: 'error',
      });
    } catch (error) {
      throw new BackendError(operation, null, 'unreachable', `cannot reach the backend at ${baseUrl} (${(error as Error).message})`);
    }
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: response.status, json };
  }
  const fail = (operation: string, status: number, json: unknown): BackendError => {
    const error = (json as ErrorEnvelope | null)?.error;
    return new BackendError(operation, status, error?.code ?? `http_${status}`, error?.message ?? `the backend answered HTTP ${status}`, error?.details ?? null);
  };

  return {
    baseUrl,
    async reachable() {
      try {
        const { status } = await send('check the backend', '/healthz', { method: 'GET' });
        return status === 200;
      } catch {
        return false;
      }
    },
    async lookup(token) {
      const operation = 'look the org up in the backend';
      const { status, json } = await send(operation, '/api/v1/admin/tenant', { method: 'GET', token });
      if (status === 200) return { state: 'registered', tenant: json as TenantView };
      const error = (json as ErrorEnvelope | null)?.error;
      if (status === 403 && error?.code === 'tenant_not_registered') return { state: 'absent' };
      if (status === 403) return { state: 'unknown', reason: `the backend refused the lookup: ${error?.message ?? 'HTTP 403'}` };
      throw fail(operation, status, json);
    },
    async register(registration, token) {
      const operation = 'register the org with the backend';
      const { status, json } = await send(operation, '/api/v1/admin/tenants', { method: 'POST', token, body: registration });
      if (status === 201 || status === 200) return { created: true };
      if (status === 409 && (json as ErrorEnvelope | null)?.error?.code === 'tenant_exists') return { created: false };
      throw fail(operation, status, json);
    },
    async remove(token) {
      const operation = 'remove the org from the backend';
      const { status, json } = await send(operation, '/api/v1/admin/tenant', { method: 'DELETE', token });
      if (status === 200 || status === 204) return { removed: true };
      if (status === 403 && (json as ErrorEnvelope | null)?.error?.code === 'tenant_not_registered') return { removed: false };
      throw fail(operation, status, json);
    },
  };
}
