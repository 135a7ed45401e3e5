import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { tenantTarget } from '../auth/index.js';
import type { Clock } from '../clock/index.js';
import { createInteractionMerger, type EngineOptionsInput, type InteractionMerger } from '../engine/index.js';
import { notFound } from '../errors/index.js';
import {
  createGenesysClient, type GenesysCallObserver, type GenesysClient, type GenesysClientOptions,
} from '../genesys/index.js';
import type { LineTypeLookup } from '../lookup/index.js';
import { toAlreadyMerged, type Store } from '../store/index.js';
import type { Tenant, TenantService } from '../tenants/index.js';

/** One tenant's engine over its Genesys client, as current as the tenant's record. */
export interface TenantRuntime {
  tenant: Tenant;
  genesys: GenesysClient;
  merger: InteractionMerger;
}

/** Per-tenant engines, rebuilt when the tenant changes (settings, credentials). */
export interface MergerRegistry {
  /** The tenant's runtime; AppError 404 `not_found` when the tenant is not registered. */
  forTenant(tenantId: string): Promise<TenantRuntime>;
  /** Drops what is cached for a tenant (after an update or a removal in this process). */
  invalidate(tenantId: string): void;
}

/** Dependencies of the registry. */
export interface MergerRegistryDeps {
  tenants: Pick<TenantService, 'get' | 'credentials'>;
  store: Pick<Store, 'markers'>;
  clock: Clock;
  logger?: Logger;
  /** Every Genesys call of every tenant's backend client (metrics). */
  observer?: GenesysCallObserver;
  /** Client tunables (retry policy, rate budget, timeouts). */
  genesys?: Partial<Omit<GenesysClientOptions, 'target' | 'credentials' | 'clock' | 'logger' | 'observer'>>;
  engine?: EngineOptionsInput;
  /** The carrier line-type lookup shared by every tenant (each tenant's `lineTypeLookup` setting decides). */
  lineTypes?: LineTypeLookup;
  /** Whether the analytics session id is the communication id (engine default: true). */
  sessionIdIsCommunicationId?: boolean;
}

/**
 * Builds the registry. A tenant's record is read on every call (one indexed row), so a change
 * made by another replica is seen at once; the Genesys client (its token and rate budget) is kept
 * as long as the tenant's connection and credentials stay the same.
 */
export function createMergerRegistry(deps: MergerRegistryDeps): MergerRegistry {
  const cache = new Map<string, { updatedAt: string; credentialKey: string; runtime: TenantRuntime }>();

  return {
    async forTenant(tenantId) {
      const tenant = await deps.tenants.get(tenantId);
      if (!tenant) {
        cache.delete(tenantId);
        throw notFound(`Tenant ${tenantId} is not registered`, { tenantId });
      }
      const cached = cache.get(tenantId);
      if (cached && cached.updatedAt === tenant.updatedAt) return cached.runtime;

      const credentials = await deps.tenants.credentials(tenantId);
      const credentialKey = createHash('sha256')
        .update(JSON.stringify([credentials.apiBaseUrl, credentials.region, credentials.clientId, credentials.clientSecret]))
        .digest('hex');
      const genesys =
        cached && cached.credentialKey === credentialKey
          ? cached.runtime.genesys
          : createGenesysClient({
              ...deps.genesys,
              target: tenantTarget(tenant),
              credentials: { clientId: credentials.clientId, clientSecret: credentials.clientSecret },
              clock: deps.clock,
              ...(deps.logger ? { logger: deps.logger } : {}),
              ...(deps.observer ? { observer: deps.observer } : {}),
            });
      const merger = createInteractionMerger({
        genesys,
        settings: tenant.settings,
        clock: deps.clock,
        ...(deps.logger ? { logger: deps.logger } : {}),
        ...(deps.engine ? { options: deps.engine } : {}),
        ...(deps.lineTypes ? { lineTypes: deps.lineTypes } : {}),
        ...(deps.sessionIdIsCommunicationId !== undefined ? { sessionIdIsCommunicationId: deps.sessionIdIsCommunicationId } : {}),
        mergedMarkers: async (conversationIds) => {
          const markers = await deps.store.markers.getMany(tenantId, conversationIds);
          return new Map([...markers].map(([id, marker]) => [id, toAlreadyMerged(marker)]));
        },
      });
      const runtime: TenantRuntime = { tenant, genesys, merger };
      cache.set(tenantId, { updatedAt: tenant.updatedAt, credentialKey, runtime });
      return runtime;
    },
    invalidate(tenantId) {
      cache.delete(tenantId);
    },
  };
}
