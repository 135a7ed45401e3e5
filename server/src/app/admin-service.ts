import type { Logger } from 'pino';
import type { AuditLog } from '../audit/index.js';
import { RULES, missingPermissions, type AgentAuthenticator, type AgentSession } from '../auth/index.js';
import type { Clock } from '../clock/index.js';
import { assertWebhookUrlAllowed, type OutboxStore, type WebhookUrlPolicy } from '../crm/index.js';
import { badRequest, forbidden, notFound } from '../errors/index.js';
import { createGenesysClient, GenesysApiError, type GenesysTarget } from '../genesys/index.js';
import type { AdminApi, RequestContext, WebhookDeliveryView } from '../http/index.js';
import { applySettingsPatch, tenantRegistrationSchema, type AdminContext, type TenantService } from '../tenants/index.js';
import type { Store } from '../store/index.js';

/** Dependencies of the admin use cases. */
export interface AdminServiceDeps {
  tenants: TenantService;
  auth: AgentAuthenticator;
  audit: AuditLog;
  outbox: OutboxStore;
  store: Pick<Store, 'outbox'>;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** Which Genesys API URLs a registration may name (the SSRF policy of webhook URLs). */
  urlPolicy: WebhookUrlPolicy;
  /** Told when a tenant was registered, changed or removed in this process (caches, CSP origins). */
  onTenantChanged(tenantId: string): void;
  /** Told when a tenant was removed: forget its customers' data held in memory. */
  onTenantRemoved?(tenantId: string): void;
}

const iso = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs).toISOString());

/**
 * The administrator's use cases on their own tenant (every route requires the admin permission,
 * checked by the HTTP layer), and the self-service registration of a new org, whose token is
 * checked against the org being registered: an admin of that org, signed in through the widget
 * client being registered, with backend credentials that Genesys accepts for that org.
 */
export function createAdminService(deps: AdminServiceDeps): AdminApi {
  const { tenants, audit, outbox, clock } = deps;
  const adminContext = (session: AgentSession, context: RequestContext): AdminContext => ({
    actor: { type: 'admin', id: session.principal.userId },
    correlationId: context.correlationId,
  });

  async function checkBackendCredentials(target: GenesysTarget, clientId: string, clientSecret: string, orgId: string): Promise<string> {
    const client = createGenesysClient({ target, credentials: { clientId, clientSecret }, clock, retry: { maxAttempts: 2 } });
    try {
      const org = await client.orgSettings();
      if (org.orgId !== orgId) {
        throw badRequest('backendClientId: belongs to another organisation', { field: 'backendClientId' });
      }
      return org.orgName;
    } catch (error) {
      if (error instanceof GenesysApiError && error.status !== null && error.status < 500 && error.status !== 429) {
        throw badRequest('backendClientSecret: Genesys Cloud refused these backend credentials', { field: 'backendClientSecret' });
      }
      throw error;
    }
  }

  const service: AdminApi = {
    tenant: (session) => tenants.require(session.principal.tenantId),

    async updateTenant(session, body, context) {
      const tenant = await tenants.update(session.principal.tenantId, body, adminContext(session, context));
      deps.onTenantChanged(tenant.id);
      return tenant;
    },

    async removeTenant(session, context) {
      const removal = await tenants.remove(session.principal.tenantId, adminContext(session, context));
      deps.onTenantChanged(removal.tenantId);
      deps.onTenantRemoved?.(removal.tenantId);
      deps.auth.forget();
      deps.logger.info({ tenantId: removal.tenantId }, 'tenant removed');
      return removal;
    },

    async registerTenant(authorization, body, context) {
      const parsed = tenantRegistrationSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = issue.path.map(String).join('.') || 'body';
        throw badRequest(`${field}: ${issue.message}`, { field });
      }
      const registration = parsed.data;
      let target: GenesysTarget;
      if (registration.apiBaseUrl !== undefined) {
        try {
          await assertWebhookUrlAllowed(registration.apiBaseUrl, deps.urlPolicy);
        } catch (error) {
          throw badRequest(`apiBaseUrl: ${(error as Error).message}`, { field: 'apiBaseUrl' });
        }
        target = { baseUrl: registration.apiBaseUrl };
      } else {
        target = { region: registration.region! };
      }
      const identity = await deps.auth.identifyAt(target, authorization);
      if (identity.token.organization?.id !== registration.orgId) {
        throw forbidden('The token belongs to another organisation than the one being registered', { missing: [], field: 'orgId' });
      }
      if (identity.token.OAuthClient?.id !== registration.widgetClientId) {
        throw forbidden('Sign in through the widget client being registered', { missing: [], field: 'widgetClientId' });
      }
      const missing = missingPermissions(identity.user.authorization?.permissions ?? [], RULES.admin);
      if (missing.length > 0) throw forbidden(`Registering needs ${missing.join(', ')}`, { missing });
      await checkBackendCredentials(target, registration.backendClientId, registration.backendClientSecret, registration.orgId);
      const tenant = await tenants.register(body, {
        actor: { type: 'admin', id: identity.user.id ?? 'unknown' },
        correlationId: context.correlationId,
      });
      deps.onTenantChanged(tenant.id);
      return tenant;
    },

    settings: (session) => tenants.settings(session.principal.tenantId),

    async updateSettings(session, input, context) {
      const tenantId = session.principal.tenantId;
      // Validated here first so a bad field is named as the body names it (`threshold`).
      const value = input.replace ? applySettingsPatch(input.value, undefined, '') : input.value;
      if (!input.replace) applySettingsPatch(input.value, await tenants.settings(tenantId), '');
      const settings = await tenants.updateSettings(tenantId, value, adminContext(session, context));
      deps.onTenantChanged(tenantId);
      return settings;
    },

    auditEntries: (session, query) => audit.query({ tenantId: session.principal.tenantId, ...query }),

    verifyAudit: (session) => audit.verify(session.principal.tenantId),

    async deliveries(session, query) {
      const events = await outbox.list({ tenantId: session.principal.tenantId, ...query });
      return events.map(
        (event): WebhookDeliveryView => ({
          eventId: event.id,
          type: event.type,
          status: event.status,
          attempts: event.attempts,
          createdAt: new Date(event.createdAt).toISOString(),
          nextAttemptAt: event.status === 'pending' ? iso(event.nextAttemptAt) : null,
          deliveredAt: iso(event.deliveredAt),
          lastStatus: event.lastStatus,
          lastError: event.lastError,
        }),
      );
    },

    async deliveryAttempts(session, eventId) {
      const event = await deps.store.outbox.get(eventId);
      if (!event || event.tenantId !== session.principal.tenantId) throw notFound(`Webhook event ${eventId} was not found`, { eventId });
      return outbox.attempts(eventId);
    },

    async replay(session, eventIds, context) {
      const tenantId = session.principal.tenantId;
      const replayed = await outbox.replay({ tenantId, now: clock.now(), ...(eventIds ? { eventIds } : {}) });
      await audit.record({
        tenantId,
        actor: { type: 'admin', id: session.principal.userId },
        action: 'webhook.replayed',
        outcome: 'success',
        correlationId: context.correlationId,
        ids: eventIds ? { eventIds } : {},
        details: { replayed },
      });
      return { replayed };
    },
  };
  return service;
}

