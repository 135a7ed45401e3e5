import { randomUUID } from 'node:crypto';
import cors from 'cors';
import express, { type Express } from 'express';
import pino from 'pino';
import {
  analyticsRoutes, associationRoutes, contactRoutes, conversationRoutes, identityRoutes, journeyRoutes, mergeRoutes,
  renderAnalyticsConversation, renderContact, renderLiveConversation, type ApiDeps,
} from '../api/index.js';
import { createOAuthRouter, createTokenStore, tokenLifetimeSeconds } from '../auth/index.js';
import {
  DEFAULT_BEHAVIOUR, DEFAULT_LIMITS, type EmulatorBehaviour, type EmulatorLimits, type EmulatorOptions,
} from '../config/index.js';
import { DEMO_IDS, type AnalyticsConversation, type Dataset, type ExternalContact, type OAuthClient } from '../dataset/index.js';
import {
  apiErrorMiddleware, correlationMiddleware, countingMiddleware, createFaultInjector, createRateLimiter,
  createRequestCounter, mountApiRoutes, parseFaultSettings, unknownApiPath, type FaultSettings, type RequestCounts,
} from '../http/index.js';
import { createLookupRouter, LOOKUP_TEMPLATE } from '../lookup/index.js';
import { createContactStore, createConversationStore, createOrgDirectory, createTimeFrame } from '../state/index.js';
import { createProvisioning, type ProvisioningControls } from '../provisioning/index.js';
import { createControlsRouter } from './controls.js';

/** A running org: its Express app plus the programmatic equivalents of the `/__emulator/` controls. */
export interface Emulator {
  /** Express 5 app serving `/oauth/*`, `/api/v2/*`, `/twilio-lookups/*` (the line-type lookup) and `/__emulator/*`. */
  readonly app: Express;
  readonly dataset: Dataset;
  readonly limits: Readonly<EmulatorLimits>;
  readonly behaviour: Readonly<EmulatorBehaviour>;
  /** Served instants = stored instants + this (see `referenceTime`, option `rebaseTimes`). */
  readonly timeOffsetMs: number;
  /**
   * Back to the dataset as loaded: drops merges, associations, faults, rate-limit windows, request
   * counts and what the provisioning API created (roles, OAuth clients, integrations, role
   * assignments). Tokens stay valid, except those of OAuth clients that are gone.
   */
  reset(): void;
  faults(): FaultSettings;
  /** Replaces the faults; omitted fields mean "no fault". Throws on invalid settings, naming the field. */
  setFaults(faults: Partial<FaultSettings>): FaultSettings;
  requestCounts(): RequestCounts;
  clearRequestCounts(): void;
  /**
   * A user token as if the user had signed in through `clientId` (default: the dataset's first
   * CODE client, else its first TOKEN client). `userId` may also be the user's email.
   */
  mintUserToken(input: { userId: string; clientId?: string }): string;
  /** A client-credentials token for a CLIENT-CREDENTIALS client, without the HTTP round trip. */
  mintClientToken(clientId: string): string;
  /** The stored contact (unresolved) as served with `expand=identifiers,division`; undefined when unknown. */
  contact(id: string): ExternalContact | undefined;
  /** The analytics record as served now (undefined when unknown or purged). */
  conversation(id: string): AnalyticsConversation | undefined;
  /** The conversation API record as served now (undefined when unknown or purged). */
  liveConversation(id: string): Record<string, unknown> | undefined;
  /** Roles, OAuth clients and integrations created through the API, and deterministic faults on those routes. */
  readonly provisioning: ProvisioningControls;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Builds an emulator over `options.dataset` (validated by the caller: see `parseDataset`). */
export function createEmulator(options: EmulatorOptions): Emulator {
  const { dataset } = options;
  const clock = options.clock ?? { now: () => Date.now() };
  const limits: EmulatorLimits = Object.freeze({ ...DEFAULT_LIMITS, ...options.limits });
  const behaviour: EmulatorBehaviour = Object.freeze({ ...DEFAULT_BEHAVIOUR, ...options.behaviour });
  const logger = options.logger ?? pino({ level: 'silent' });
  // Roles, clients and role assignments change through the provisioning API; everything reads this directory.
  const provisioning = createProvisioning({ dataset, base: createOrgDirectory(dataset), clock });
  const org = provisioning.directory;
  const tokens = createTokenStore(clock);
  const faults = createFaultInjector(behaviour.seed);
  const rateLimiter = createRateLimiter(clock, limits.rateLimitPerWindow, limits.rateLimitWindowMs);
  const counter = createRequestCounter();
  const sleep = options.sleep ?? defaultSleep;
  const deps: ApiDeps = {
    dataset,
    org,
    conversations: createConversationStore(dataset),
    contacts: createContactStore(dataset),
    time: createTimeFrame(dataset.referenceTime, clock.now(), behaviour.rebaseTimes),
    clock,
    limits,
    behaviour,
    faults,
    mergesInFlight: new Set(),
    newId: randomUUID,
  };

  const defaultUserClient = (): OAuthClient => {
    const client = dataset.oauthClients.find((c) => c.authorizedGrantType === 'CODE') ?? dataset.oauthClients.find((c) => c.authorizedGrantType === 'TOKEN');
    if (!client) throw new Error('the dataset has no CODE or TOKEN OAuth client to mint user tokens for');
    return client;
  };
  const mintUserToken = ({ userId, clientId }: { userId: string; clientId?: string }) => {
    const user = org.findUser(userId);
    if (!user) throw new Error(`no user "${userId}" in the dataset`);
    const client = clientId === undefined ? defaultUserClient() : org.client(clientId);
    if (!client) throw new Error(`no OAuth client "${clientId}" in the dataset`);
    if (client.authorizedGrantType === 'CLIENT-CREDENTIALS') throw new Error(`client ${client.id} is a client-credentials client; user tokens need a CODE or TOKEN client`);
    return tokens.mint({ clientId: client.id, userId: user.id, grant: client.authorizedGrantType, lifetimeSeconds: tokenLifetimeSeconds(client) }).token;
  };
  const setFaults = (settings: unknown) => {
    const parsed = parseFaultSettings(settings);
    faults.set(parsed);
    return faults.settings();
  };
  const reset = () => {
    deps.contacts.reset();
    deps.conversations.reset();
    deps.mergesInFlight.clear();
    provisioning.reset();
    faults.reset();
    rateLimiter.reset();
    counter.clear();
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(correlationMiddleware);
  app.use(countingMiddleware(counter));
  app.use(createControlsRouter({
    reset,
    faults: () => faults.settings(),
    setFaults,
    requestCounts: () => counter.snapshot(),
    clearRequestCounts: () => counter.clear(),
    mintUserToken,
    tokenLifetimeSeconds: (clientId) => tokenLifetimeSeconds(clientId === undefined ? defaultUserClient() : (org.client(clientId) ?? defaultUserClient())),
  }));
  app.use(provisioning.controlsRouter);
  app.use(createOAuthRouter({
    org,
    tokens,
    clock,
    loopbackRedirectAnyPort: behaviour.loopbackRedirectAnyPort,
    authorizationCodeTtlMs: limits.authorizationCodeTtlMs,
  }));
  app.use(createLookupRouter({
    lineTypes: dataset.lineTypes,
    credentials: DEMO_IDS.lineTypeLookup,
    latency: () => {
      const { latencyMs } = faults.settings();
      return latencyMs > 0 ? sleep(latencyMs) : Promise.resolve();
    },
  }));
  app.use('/api/v2', cors({
    origin: true,
    exposedHeaders: ['inin-correlation-id', 'inin-ratelimit-allowed', 'inin-ratelimit-count', 'inin-ratelimit-reset', 'retry-after'],
    maxAge: 600,
  }));
  const api = express.Router();
  mountApiRoutes(api, [
    ...identityRoutes(deps, tokens),
    ...conversationRoutes(deps),
    ...analyticsRoutes(deps),
    ...contactRoutes(deps),
    ...mergeRoutes(deps),
    ...associationRoutes(deps),
    ...journeyRoutes(deps),
    ...provisioning.routes,
  ], { tokens, org, clock, rateLimiter, faults, sleep });
  app.use(api);
  app.use('/api/v2', unknownApiPath);
  app.get('/', (_req, res) => {
    res.json({
      emulator: 'Genesys Cloud org emulator',
      organization: { id: dataset.org.id, name: dataset.org.name },
      login: '/oauth/authorize, /oauth/token',
      api: '/api/v2',
      lineTypeLookup: LOOKUP_TEMPLATE,
      controls: '/__emulator/{reset,faults,requests,tokens,provisioning}',
    });
  });
  app.use(apiErrorMiddleware(logger));

  return {
    app,
    dataset,
    limits,
    behaviour,
    timeOffsetMs: deps.time.offsetMs,
    reset,
    faults: () => faults.settings(),
    setFaults,
    requestCounts: () => counter.snapshot(),
    clearRequestCounts: () => counter.clear(),
    mintUserToken,
    mintClientToken: (clientId) => {
      const client = org.client(clientId);
      if (!client || client.authorizedGrantType !== 'CLIENT-CREDENTIALS') throw new Error(`no client-credentials client "${clientId}" in the dataset`);
      return tokens.mint({ clientId: client.id, grant: client.authorizedGrantType, lifetimeSeconds: tokenLifetimeSeconds(client) }).token;
    },
    contact: (id) => {
      const contact = deps.contacts.get(id);
      return contact && renderContact(deps, contact, new Set(['identifiers', 'division']));
    },
    conversation: (id) => {
      const index = deps.conversations.indexOf(id);
      return index === undefined ? undefined : renderAnalyticsConversation(deps, index, clock.now());
    },
    liveConversation: (id) => {
      const index = deps.conversations.indexOf(id);
      return index === undefined ? undefined : renderLiveConversation(deps, index, clock.now());
    },
    provisioning: provisioning.controls,
  };
}
