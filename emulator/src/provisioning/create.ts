import { randomBytes, randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import type { EmulatorClock } from '../config/index.js';
import type { Dataset } from '../dataset/index.js';
import { badRequest, missingAnyPermissions, type ApiRoute } from '../http/index.js';
import type { OrgDirectory } from '../state/index.js';
import type { ProvisioningDeps } from './deps.js';
import { createTypeCatalog } from './integration-types.js';
import { integrationRoutes } from './integrations.js';
import { oauthClientRoutes } from './oauth-clients.js';
import { roleRoutes } from './roles.js';
import { createProvisioningStore, type StoredClient, type StoredIntegration, type StoredRole } from './state.js';
import { createRouteFaults, type RouteFault } from './support.js';

/** What tests read and control of the provisioning state, besides the API itself. */
export interface ProvisioningControls {
  /**
   * After `skip` (default 0) more calls of `METHOD template` succeed, the next `times` (default 1)
   * answer `status` (default 500). Throws for an unknown route.
   */
  failNext(fault: { method: string; template: string; status?: number; times?: number; skip?: number }): void;
  pendingFaults(): RouteFault[];
  clearFaults(): void;
  /** Current roles, OAuth clients (secrets left out) and integrations, dataset ones included. */
  roles(): StoredRole[];
  clients(): Array<Omit<StoredClient, 'secret'>>;
  integrations(): StoredIntegration[];
  /** A user's role ids now (assignments made through the API included). */
  userRoleIds(userId: string): readonly string[];
}

/** The emulator's provisioning APIs over one dataset. */
export interface Provisioning {
  /** Read this directory everywhere (tokens, permissions, OAuth): it sees created roles and clients. */
  readonly directory: OrgDirectory;
  /** Platform API routes to mount with the API pipeline (auth, rate limit, faults, permissions). */
  readonly routes: readonly ApiRoute[];
  /** `GET /__emulator/provisioning`, `GET|PUT /__emulator/provisioning/faults`. */
  readonly controlsRouter: Router;
  readonly controls: ProvisioningControls;
  /** Back to the dataset's roles and clients; no integrations; no pending faults. */
  reset(): void;
}

/** What {@link createProvisioning} needs. */
export interface ProvisioningOptions {
  dataset: Dataset;
  /** The dataset's read-only directory. */
  base: OrgDirectory;
  clock: EmulatorClock;
  newId?: () => string;
  newSecret?: () => string;
}

const faultBody = {
  parse(body: unknown): Array<{ method: string; template: string; status?: number; times?: number; skip?: number }> {
    const faults = (body as { faults?: unknown } | null)?.faults;
    if (!Array.isArray(faults)) throw badRequest('faults: must be an array of {method, template, status?, times?, skip?}', 'faults');
    return faults.map((f, i) => {
      const fault = f as Record<string, unknown>;
      if (typeof fault?.method !== 'string' || typeof fault.template !== 'string') throw badRequest(`faults[${i}]: method and template are required`, `faults[${i}]`);
      return {
        method: fault.method,
        template: fault.template,
        ...(typeof fault.status === 'number' ? { status: fault.status } : {}),
        ...(typeof fault.times === 'number' ? { times: fault.times } : {}),
        ...(typeof fault.skip === 'number' ? { skip: fault.skip } : {}),
      };
    });
  },
};

/**
 * Builds the provisioning APIs: authorization roles and products, OAuth clients, integrations and
 * integration types (see their route modules), over a store that starts as the dataset and that
 * `reset` brings back. Every route first consumes a pending deterministic fault (`failNext`), so
 * tests can fail any one step of an install; the pipeline's random `errorRates` faults apply too.
 */
export function createProvisioning(options: ProvisioningOptions): Provisioning {
  const store = createProvisioningStore(options.dataset, options.base, options.clock);
  const deps: ProvisioningDeps = {
    store,
    types: createTypeCatalog(options.dataset),
    products: options.dataset.products ?? [],
    newId: options.newId ?? randomUUID,
    newSecret: options.newSecret ?? (() => randomBytes(32).toString('base64url')),
  };
  const plain = [...roleRoutes(deps), ...oauthClientRoutes(deps), ...integrationRoutes(deps)];
  const faults = createRouteFaults(new Set(plain.map((r) => `${r.method} ${r.template}`)));
  const routes: ApiRoute[] = plain.map((route) => ({
    ...route,
    handle: (call) => {
      const injected = faults.take(route.method, route.template);
      // An injected 403 reads like the platform's: the route's permissions, as if a role lost them mid-way.
      if (injected?.status === 403 && route.permissions) throw missingAnyPermissions(route.permissions);
      if (injected) throw injected;
      return route.handle(call);
    },
  }));

  const controls: ProvisioningControls = {
    failNext: (fault) => faults.add(fault),
    pendingFaults: () => faults.pending(),
    clearFaults: () => faults.clear(),
    roles: () => [...store.roles.values()].map((r) => ({ ...r })),
    clients: () => [...store.clients.values()].map(({ secret: _secret, ...rest }) => ({ ...rest })),
    integrations: () => [...store.integrations.values()].map((i) => structuredClone(i)),
    userRoleIds: (userId) => store.userRoleIds(userId),
  };

  const controlsRouter = express.Router();
  controlsRouter.use('/__emulator/provisioning', express.json());
  controlsRouter.get('/__emulator/provisioning', (_req, res) => {
    res.json({ roles: controls.roles(), clients: controls.clients(), integrations: controls.integrations() });
  });
  controlsRouter.get('/__emulator/provisioning/faults', (_req, res) => {
    res.json({ faults: faults.pending() });
  });
  controlsRouter.put('/__emulator/provisioning/faults', (req, res) => {
    const parsed = faultBody.parse(req.body);
    const before = faults.pending();
    faults.clear();
    try {
      for (const fault of parsed) faults.add(fault);
    } catch (error) {
      // A bad entry changes nothing.
      faults.clear();
      for (const fault of before) faults.add(fault);
      throw error;
    }
    res.json({ faults: faults.pending() });
  });

  return {
    directory: store.directory,
    routes,
    controlsRouter,
    controls,
    reset: () => {
      store.reset();
      faults.clear();
    },
  };
}
