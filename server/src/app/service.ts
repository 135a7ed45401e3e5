import type { Express, Router } from 'express';
import type { Logger } from 'pino';
import { createAuditLog, startAuditRetention, type AuditLog, type AuditRetention } from '../audit/index.js';
import { createAgentAuthenticator, type AgentAuthenticator } from '../auth/index.js';
import { systemClock, type Clock } from '../clock/index.js';
import type { Config } from '../config/index.js';
import { assertWebhookUrlAllowed, createOutboxRelay, type OutboxRelay, type OutboxRelayOptions, type OutboxStore } from '../crm/index.js';
import { demoLineTypeLookup } from '../demo/tenant.js';
import type { EngineOptionsInput } from '../engine/index.js';
import { createTwilioLineTypeLookup, type LineTypeLookup } from '../lookup/index.js';
import { createApp, frameAncestorsFor, genesysLoginOrigins, type AppDeps, type ReadinessReport } from '../http/index.js';
import {
  createJobNotifier, createJobQueue, createJobRunner, type JobObserver, type JobQueue, type JobRunner, type StepExecutor,
} from '../jobs/index.js';
import { createMetrics, type Metrics } from '../metrics/index.js';
import { createOutboxStore, createStore, storeOptionsFromConfig, type Store, type StoreOptions } from '../store/index.js';
import { createKeyRing, createTenantService, type TenantService } from '../tenants/index.js';
import { createAdminService } from './admin-service.js';
import { createAgentService } from './agent-service.js';
import { createMergeExecutor } from './executor.js';
import { createMergerRegistry, type MergerRegistry, type MergerRegistryDeps } from './mergers.js';
import { auditedOutboxStore, combineJobObservers, genesysMetricsObserver, jobMetricsObserver } from './observers.js';

/** What the composition root needs besides the configuration. */
export interface ServiceOptions {
  config: Config;
  logger: Logger;
  /**
   * Time for everything (default the wall clock). The job runner and the relay wait on it, so it
   * must really wait when they are started.
   */
  clock?: Clock;
  /** Overrides where the store lives (tests: a PostgreSQL schema of their own). */
  store?: StoreOptions;
  /** Demo mode: the embedded emulator's URL (login and API base of the demo org, and its line-type lookup). */
  demoGenesysUrl?: string | null;
  /**
   * Replaces the carrier line-type lookup built from the configuration (`TWILIO_*`, or the demo
   * emulator's); null for none.
   */
  lineTypes?: LineTypeLookup | null;
  /** Routers mounted before the API (demo: CRM receiver, desktop endpoints). */
  extraRouters?: readonly Router[];
  /** The client build (`dist/client`), or null. */
  clientDir?: string | null;
  /** Origins the desktop harness may frame (demo: the widget's origin). */
  frameOrigins?: readonly string[];
  /** Origins allowed by CORS besides the configured ones. */
  corsOrigins?: readonly string[];
  /** Wraps the step executor (crash tests stop the process at step boundaries). */
  wrapExecutor?: (executor: StepExecutor) => StepExecutor;
  /** More job hooks (tests, benches). */
  jobObserver?: JobObserver;
  genesys?: MergerRegistryDeps['genesys'];
  engine?: EngineOptionsInput;
  relay?: Partial<Pick<OutboxRelayOptions, 'pollIntervalMs' | 'schedule' | 'random' | 'fetch' | 'leaseMs' | 'batchSize' | 'resolve'>>;
  metrics?: Metrics;
}

/** The running parts of one process. */
export interface Service {
  readonly config: Config;
  readonly app: Express;
  readonly deps: AppDeps;
  readonly store: Store;
  readonly tenants: TenantService;
  readonly audit: AuditLog;
  readonly metrics: Metrics;
  readonly auth: AgentAuthenticator;
  readonly queue: JobQueue;
  readonly runner: JobRunner;
  readonly relay: OutboxRelay;
  readonly outbox: OutboxStore;
  readonly mergers: MergerRegistry;
  readonly clock: Clock;
  /**
   * Starts the job runner (resuming interrupted jobs whose lease expired) with the daily audit
   * retention purge, and the CRM relay (tests may start only one of them and drive the other by hand).
   */
  start(parts?: { jobs?: boolean; relay?: boolean }): void;
  /**
   * Stops the runner (running jobs finish their step and are released for another replica) and
   * the relay (in-flight attempts are recorded). Idempotent.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** `stop`, then closes the store. */
  close(options?: { graceMs?: number }): Promise<void>;
  /** Recomputes what depends on the set of tenants (login origins of the CSP). */
  refreshTenants(): Promise<void>;
}

const originOf = (url: string | null | undefined): string | null => {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * The composition root: builds the store, key ring, audit log, tenants, metrics, Genesys clients
 * (per tenant), engine, job queue and runner, CRM outbox relay, agent authentication and the HTTP
 * app from the configuration. Nothing runs until `start()`, and nothing listens (see `listen`).
 */
export async function createService(options: ServiceOptions): Promise<Service> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? createMetrics();
  const store = await createStore(options.store ?? storeOptionsFromConfig(config));
  try {
    const keyRing = createKeyRing({ store, masterKeys: { current: config.masterKey.current, previous: config.masterKey.previous }, clock });
    const audit = createAuditLog({ store, auditKey: await keyRing.auditKey(), clock });
    // One SSRF policy (and one resolver) for registering a URL and for sending to it.
    const urlPolicy = {
      allowPrivate: config.webhooks.allowPrivateUrls,
      allowLoopback: config.webhooks.allowLoopback,
      ...(options.relay?.resolve ? { resolve: options.relay.resolve } : {}),
    };
    const tenants = createTenantService({
      store,
      keyRing,
      clock,
      audit,
      validateWebhookUrl: async (url) => {
        await assertWebhookUrlAllowed(url, urlPolicy);
      },
    });
    const genesysObserver = genesysMetricsObserver(metrics);
    const lookupTarget = config.lineTypeLookup ?? (options.demoGenesysUrl ? demoLineTypeLookup(options.demoGenesysUrl) : null);
    const lineTypes = options.lineTypes !== undefined
      ? options.lineTypes
      : lookupTarget
        ? createTwilioLineTypeLookup({
          ...lookupTarget, clock, logger: logger.child({ component: 'line-types' }), observer: (outcome) => metrics.recordLineTypeLookup(outcome),
        })
        : null;
    const mergers = createMergerRegistry({
      tenants,
      store,
      clock,
      logger: logger.child({ component: 'engine' }),
      observer: genesysObserver,
      ...(lineTypes ? { lineTypes } : {}),
      ...(options.genesys ? { genesys: options.genesys } : {}),
      ...(options.engine ? { engine: options.engine } : {}),
    });
    const notifier = createJobNotifier();
    const queue = createJobQueue({ store, clock, idempotencyTtlMs: config.jobs.idempotencyTtlMs, notifier, audit });
    const executor = createMergeExecutor({ mergers, clock, logger: logger.child({ component: 'merge' }), audit });
    const runner = createJobRunner({
      store,
      executor: options.wrapExecutor ? options.wrapExecutor(executor) : executor,
      clock,
      logger: logger.child({ component: 'jobs' }),
      notifier,
      audit,
      observer: combineJobObservers(jobMetricsObserver(metrics), options.jobObserver),
      leaseMs: config.jobs.leaseMs,
      heartbeatMs: config.jobs.heartbeatMs,
      pollIntervalMs: config.jobs.pollIntervalMs,
      maxAttempts: config.jobs.maxAttempts,
      concurrency: config.jobs.concurrency,
    });
    const outbox = auditedOutboxStore(createOutboxStore({ store, endpoints: tenants }), { audit, logger });
    const relay = createOutboxRelay({
      store: outbox,
      clock,
      logger,
      metrics,
      ownerId: runner.owner,
      timeoutMs: config.webhooks.timeoutMs,
      leaseMs: Math.max(120_000, 3 * config.webhooks.timeoutMs + 1000),
      ...urlPolicy,
      ...options.relay,
    });
    metrics.setQueueDepthSource('merge_jobs', async () => (await store.jobs.countByStatus()).queued);
    metrics.setQueueDepthSource('webhooks', () => outbox.countPending());

    const auth = createAgentAuthenticator({
      tenants,
      clock,
      ttlMs: config.http.authCacheTtlMs,
      logger: logger.child({ component: 'auth' }),
      observer: genesysObserver,
    });

    const fixedLoginOrigins = [
      ...genesysLoginOrigins(),
      ...[originOf(config.genesys.loginBaseUrl), originOf(options.demoGenesysUrl)].filter((o): o is string => o !== null),
    ];
    let loginOrigins: readonly string[] = fixedLoginOrigins;
    const refreshTenants = async () => {
      const custom = (await tenants.list()).map((tenant) => originOf(tenant.loginBaseUrl)).filter((o): o is string => o !== null);
      loginOrigins = [...new Set([...fixedLoginOrigins, ...custom])];
    };
    const onTenantChanged = (tenantId: string) => {
      mergers.invalidate(tenantId);
      refreshTenants().catch((error: unknown) => logger.warn({ err: error }, 'tenant origins not refreshed'));
    };

    const agent = createAgentService({
      mergers,
      queue,
      store,
      clock,
      metrics,
      logger: logger.child({ component: 'agent-api' }),
      audit,
      notifier,
      pollIntervalMs: config.jobs.pollIntervalMs,
    });
    const admin = createAdminService({
      tenants, auth, audit, outbox, store, clock, logger, urlPolicy, onTenantChanged,
      onTenantRemoved: (tenantId) => agent.forgetTenant(tenantId),
    });

    let started = false;
    let relayStarted = false;
    let retention: AuditRetention | null = null;
    const ready = async (): Promise<ReadinessReport> => {
      const checks: ReadinessReport['checks'] = {};
      try {
        const count = (await tenants.list()).length;
        checks.store = { ok: true };
        // A backend with no org yet is ready: the installer must reach it to register the first one.
        checks.tenants = count > 0 ? { ok: true, detail: `${count} registered` } : { ok: true, detail: 'no tenant registered yet' };
      } catch (error) {
        checks.store = { ok: false, detail: (error as Error).message };
      }
      checks.jobs = started ? { ok: true } : { ok: false, detail: 'job runner not started' };
      return { ready: Object.values(checks).every((check) => check.ok), checks };
    };

    // Demo pages live on loopback origins whose port may be chosen at start (PORT=0).
    const demoOrigins = config.mode === 'demo' ? ['http://localhost:*', 'http://127.0.0.1:*'] : [];
    const deps: AppDeps = {
      options: {
        mode: config.mode,
        corsOrigins: [...new Set([...config.http.corsOrigins, ...demoOrigins, ...(options.corsOrigins ?? [])])],
        trustProxy: config.http.trustProxy === false ? false : (config.http.trustProxy as boolean | number | string[]),
        rateLimitPerMinute: config.http.rateLimitPerMinute,
        clientDir: options.clientDir ?? null,
        frameAncestors: frameAncestorsFor(config.mode),
        loginOrigins: () => loginOrigins,
        frameOrigins: options.frameOrigins ?? [],
      },
      logger,
      metrics,
      clock,
      auth,
      agent,
      admin,
      authConfig: () => {
        const demoUrl = options.demoGenesysUrl ?? null;
        if (demoUrl) return { loginBaseUrl: demoUrl, apiBaseUrl: demoUrl };
        return config.genesys.customBaseUrl
          ? { loginBaseUrl: config.genesys.loginBaseUrl, apiBaseUrl: config.genesys.apiBaseUrl }
          : { loginBaseUrl: null, apiBaseUrl: null };
      },
      ready,
      ...(options.extraRouters ? { extraRouters: options.extraRouters } : {}),
    };
    const app = createApp(deps);
    await refreshTenants();

    let stopping: Promise<void> | null = null;
    const service: Service = {
      config, app, deps, store, tenants, audit, metrics, auth, queue, runner, relay, outbox, mergers, clock, refreshTenants,
      start(parts = {}) {
        if (started || relayStarted) return;
        stopping = null;
        if (parts.jobs ?? true) {
          started = true;
          runner.start();
          retention = startAuditRetention({ audit, store, clock, logger: logger.child({ component: 'audit' }), retentionDays: config.audit.retentionDays });
        }
        if (parts.relay ?? true) {
          relayStarted = true;
          relay.start();
        }
      },
      stop(stopOptions) {
        if (!started && !relayStarted) return stopping ?? Promise.resolve();
        const wasRunning = started;
        const relayWasRunning = relayStarted;
        started = false;
        relayStarted = false;
        const purging = retention;
        retention = null;
        stopping = Promise.all([
          wasRunning ? runner.stop(stopOptions) : null,
          relayWasRunning ? relay.stop() : null,
          purging?.stop(),
        ]).then(() => undefined);
        return stopping;
      },
      async close(stopOptions) {
        await service.stop(stopOptions);
        await store.close();
      },
    };
    return service;
  } catch (error) {
    await store.close();
    throw error;
  }
}
