import type { AuditActor, AuditLog } from '../audit/index.js';
import type { Clock } from '../clock/index.js';
import type { WebhookEndpoint } from '../crm/types.js';
import { AppError, badRequest, notFound } from '../errors/index.js';
import type { TenantSettings } from '../merge/types.js';
import type { Store, TenantPatch, TenantRecord } from '../store/index.js';
import type { KeyRing } from './keyring.js';
import {
  parseInput,
  tenantRegistrationSchema,
  tenantUpdateSchema,
  type TenantRegistration,
  type TenantUpdate,
} from './schemas.js';
import { secretContext } from './secret-context.js';
import { applySettingsPatch, readStoredSettings } from './settings.js';
import { toTenant, urlsOf, type Tenant, type TenantCredentials } from './view.js';

/** Who performs an admin action, for the audit log. */
export interface AdminContext {
  actor: AuditActor;
  correlationId?: string | null;
}

/** What a removal deleted, by table (audit entries are kept). */
export interface TenantRemoval {
  tenantId: string;
  deleted: Record<string, number>;
}

/** Tenants: one per Genesys org, with encrypted secrets and validated settings. */
export interface TenantService {
  /** Registers a tenant; AppError 400 naming a bad field, 409 `tenant_exists`. */
  register(input: TenantRegistration | unknown, context?: AdminContext): Promise<Tenant>;
  /**
   * Registers the tenant when absent; otherwise brings its connection fields and secrets in line
   * with `input`, keeping its settings (for the tenant configured by environment at start-up).
   */
  ensure(input: TenantRegistration | unknown, context?: AdminContext): Promise<Tenant>;
  /** Changes connection fields; AppError 400 / 404 `tenant_not_found`. */
  update(tenantId: string, input: TenantUpdate | unknown, context?: AdminContext): Promise<Tenant>;
  /** Applies a partial settings update and returns the full settings. */
  updateSettings(tenantId: string, patch: unknown, context?: AdminContext): Promise<TenantSettings>;
  get(tenantId: string): Promise<Tenant | null>;
  /** Like `get`, but AppError 404 `tenant_not_found` when absent. */
  require(tenantId: string): Promise<Tenant>;
  list(): Promise<Tenant[]>;
  /** The tenant's settings (defaults filled in). */
  settings(tenantId: string): Promise<TenantSettings>;
  /** Decrypted backend credentials and resolved URLs. */
  credentials(tenantId: string): Promise<TenantCredentials>;
  /** The CRM endpoint with its secret decrypted, or null (for the outbox relay). */
  webhookEndpoint(tenantId: string): Promise<WebhookEndpoint | null>;
  /**
   * Removes the tenant: its secrets and every piece of customer data stored for it (job plans,
   * states and results, markers, outbox payloads and attempts, feedback, idempotency keys).
   * Its audit entries stay (pseudonymised) and the removal itself is audited.
   */
  remove(tenantId: string, context?: AdminContext): Promise<TenantRemoval>;
}

/** Dependencies of the tenant service. */
export interface TenantServiceDeps {
  store: Store;
  keyRing: KeyRing;
  clock: Clock;
  /** Records admin actions; omit only in tools that must not write the audit log. */
  audit?: AuditLog;
  /**
   * Refuses a webhook URL (throws) that the SSRF policy forbids, e.g. the CRM module's
   * `assertWebhookUrlAllowed` with the configured allowances. Omitted: URLs are only parsed.
   */
  validateWebhookUrl?: (url: string) => Promise<void>;
}

const SYSTEM_ACTOR: AuditActor = { type: 'system', id: 'interaction-merger' };

/** Builds the tenant service. */
export function createTenantService(deps: TenantServiceDeps): TenantService {
  const { store, keyRing, clock, audit } = deps;

  async function checkWebhookUrl(url: string): Promise<void> {
    if (!deps.validateWebhookUrl) return;
    try {
      await deps.validateWebhookUrl(url);
    } catch (error) {
      throw badRequest(`crmWebhook.url: ${(error as Error).message}`, { field: 'crmWebhook.url' });
    }
  }

  async function load(tenantId: string): Promise<TenantRecord> {
    const record = await store.tenants.get(tenantId);
    if (!record) throw notFound(`Tenant ${tenantId} is not registered`, { tenantId });
    return record;
  }

  async function record(
    tenantId: string,
    action: string,
    context: AdminContext | undefined,
    details: Record<string, string | number | boolean | null | string[]> = {},
  ): Promise<void> {
    await audit?.record({
      tenantId,
      actor: context?.actor ?? SYSTEM_ACTOR,
      action,
      outcome: 'success',
      correlationId: context?.correlationId ?? null,
      details,
    });
  }

  const service: TenantService = {
    async register(input, context) {
      const value = parseInput(tenantRegistrationSchema, input);
      if (value.crmWebhook) await checkWebhookUrl(value.crmWebhook.url);
      const settings = applySettingsPatch(value.settings ?? {});
      const now = clock.now();
      const tenant: TenantRecord = {
        id: value.orgId,
        name: value.name,
        region: value.region ?? null,
        apiBaseUrl: value.apiBaseUrl ?? null,
        loginBaseUrl: value.loginBaseUrl ?? null,
        backendClientId: value.backendClientId,
        backendClientSecretCiphertext: await keyRing.encrypt(value.backendClientSecret, secretContext(value.orgId, 'backend_client_secret')),
        widgetClientId: value.widgetClientId,
        crmWebhook: value.crmWebhook
          ? {
              url: value.crmWebhook.url,
              secretCiphertext: await keyRing.encrypt(value.crmWebhook.secret, secretContext(value.orgId, 'crm_webhook_secret')),
              enabled: true,
              disabledReason: null,
            }
          : null,
        settings: JSON.stringify(settings),
        createdAt: now,
        updatedAt: now,
      };
      if (!(await store.tenants.insert(tenant))) {
        throw new AppError('tenant_exists', 409, `Tenant ${value.orgId} is already registered`, { details: { tenantId: value.orgId } });
      }
      await record(tenant.id, 'tenant.registered', context, { webhook: tenant.crmWebhook !== null, region: tenant.region });
      return toTenant(tenant);
    },

    async ensure(input, context) {
      const value = parseInput(tenantRegistrationSchema, input);
      const existing = await store.tenants.get(value.orgId);
      if (!existing) return service.register(value, context);
      const update: TenantUpdate = {
        name: value.name,
        region: value.region ?? null,
        apiBaseUrl: value.apiBaseUrl ?? null,
        loginBaseUrl: value.loginBaseUrl ?? null,
        backendClientId: value.backendClientId,
        widgetClientId: value.widgetClientId,
        // Absent: the webhook is left as an administrator may have set it; null removes it.
        ...(value.crmWebhook !== undefined
          ? { crmWebhook: value.crmWebhook ? { url: value.crmWebhook.url, secret: value.crmWebhook.secret } : null }
          : {}),
      };
      const currentSecret = await keyRing.decrypt(existing.backendClientSecretCiphertext, secretContext(existing.id, 'backend_client_secret'));
      if (currentSecret !== value.backendClientSecret) update.backendClientSecret = value.backendClientSecret;
      if (value.crmWebhook && existing.crmWebhook) {
        const currentWebhookSecret = await keyRing.decrypt(existing.crmWebhook.secretCiphertext, secretContext(existing.id, 'crm_webhook_secret'));
        if (currentWebhookSecret === value.crmWebhook.secret && existing.crmWebhook.url === value.crmWebhook.url) {
          delete update.crmWebhook; // unchanged: keep its enabled state
        }
      }
      return service.update(existing.id, update, context);
    },

    async update(tenantId, input, context) {
      const value = parseInput(tenantUpdateSchema, input);
      const existing = await load(tenantId);
      const patch: TenantPatch = {};
      const changed: string[] = [];
      const set = <K extends keyof TenantPatch>(key: K, next: TenantPatch[K], current: TenantPatch[K], label: string = key) => {
        if (next !== undefined && next !== current) {
          patch[key] = next;
          changed.push(label);
        }
      };
      set('name', value.name, existing.name);
      set('region', value.region, existing.region);
      set('apiBaseUrl', value.apiBaseUrl, existing.apiBaseUrl);
      set('loginBaseUrl', value.loginBaseUrl, existing.loginBaseUrl);
      set('backendClientId', value.backendClientId, existing.backendClientId);
      set('widgetClientId', value.widgetClientId, existing.widgetClientId);
      if ((patch.region ?? existing.region) === null && (patch.apiBaseUrl ?? existing.apiBaseUrl) === null) {
        throw badRequest('region: region or apiBaseUrl is required', { field: 'region' });
      }
      if (value.backendClientSecret !== undefined) {
        patch.backendClientSecretCiphertext = await keyRing.encrypt(value.backendClientSecret, secretContext(tenantId, 'backend_client_secret'));
        changed.push('backendClientSecret');
      }
      if (value.crmWebhook === null) {
        if (existing.crmWebhook) {
          patch.crmWebhook = null;
          changed.push('crmWebhook');
        }
      } else if (value.crmWebhook !== undefined) {
        const url = value.crmWebhook.url ?? existing.crmWebhook?.url;
        if (!url) throw badRequest('crmWebhook.url: is required', { field: 'crmWebhook.url' });
        if (!value.crmWebhook.secret && !existing.crmWebhook) {
          throw badRequest('crmWebhook.secret: is required for a new webhook', { field: 'crmWebhook.secret' });
        }
        if (url !== existing.crmWebhook?.url) await checkWebhookUrl(url);
        const enable = value.crmWebhook.enabled ?? (existing.crmWebhook?.enabled ?? true);
        patch.crmWebhook = {
          url,
          secretCiphertext: value.crmWebhook.secret
            ? await keyRing.encrypt(value.crmWebhook.secret, secretContext(tenantId, 'crm_webhook_secret'))
            : existing.crmWebhook!.secretCiphertext,
          enabled: enable,
          disabledReason: enable ? null : (existing.crmWebhook?.disabledReason ?? 'disabled by an administrator'),
        };
        changed.push(...(['url', 'secret', 'enabled'] as const)
          .filter((key) => value.crmWebhook![key] !== undefined)
          .map((key) => `crmWebhook.${key}`));
      }
      if (Object.keys(patch).length > 0) {
        await store.tenants.update(tenantId, patch, clock.now());
        await record(tenantId, 'tenant.updated', context, { fields: changed });
      }
      return toTenant(await load(tenantId));
    },

    async updateSettings(tenantId, input, context) {
      const existing = await load(tenantId);
      const settings = applySettingsPatch(input, readStoredSettings(existing.settings));
      await store.tenants.update(tenantId, { settings: JSON.stringify(settings) }, clock.now());
      const fields = input && typeof input === 'object' ? Object.keys(input as object) : [];
      await record(tenantId, 'tenant.settings_updated', context, { fields });
      return settings;
    },

    async get(tenantId) {
      const existing = await store.tenants.get(tenantId);
      return existing ? toTenant(existing) : null;
    },

    async require(tenantId) {
      return toTenant(await load(tenantId));
    },

    async list() {
      return (await store.tenants.list()).map(toTenant);
    },

    async settings(tenantId) {
      return readStoredSettings((await load(tenantId)).settings);
    },

    async credentials(tenantId) {
      const existing = await load(tenantId);
      const urls = urlsOf(existing);
      return {
        orgId: existing.id,
        region: existing.region,
        apiBaseUrl: urls.apiBaseUrl,
        loginBaseUrl: urls.loginBaseUrl,
        clientId: existing.backendClientId,
        clientSecret: await keyRing.decrypt(existing.backendClientSecretCiphertext, secretContext(tenantId, 'backend_client_secret')),
      };
    },

    async webhookEndpoint(tenantId) {
      const endpoint = await store.outbox.endpoint(tenantId);
      if (!endpoint) return null;
      return {
        tenantId,
        url: endpoint.url,
        secret: await keyRing.decrypt(endpoint.secretCiphertext, secretContext(tenantId, 'crm_webhook_secret')),
        enabled: endpoint.enabled,
      };
    },

    async remove(tenantId, context) {
      await load(tenantId);
      const deleted = await store.purgeTenantData(tenantId);
      await store.checkpoint();
      await record(tenantId, 'tenant.removed', context, Object.fromEntries(
        Object.entries(deleted).map(([table, count]) => [table.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), count]),
      ));
      return { tenantId, deleted };
    },
  };
  return service;
}
