import type { Logger } from 'pino';
import type platformClient from 'purecloud-platform-client-v2';
import type { Clock } from '../clock/index.js';
import { createCaller, type Caller, type GenesysCallObserver, type Operation } from './caller.js';
import { isGenesysStatus } from './errors.js';
import { createCallLimiter } from './limiter.js';
import { queryConversationPages, type ConversationSearch } from './paging.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { createApis, createSdkClient, targetUrls, type Apis, type GenesysTarget } from './sdk.js';
import { createClientCredentialsTokenSource } from './tokens.js';

export type AnalyticsConversation = platformClient.Models.AnalyticsConversationWithoutAttributes;
export type ExternalContact = platformClient.Models.ExternalContact;
export type Conversation = platformClient.Models.Conversation;
export type ConversationQuery = platformClient.Models.ConversationQuery;
export type ConversationAssociation = platformClient.Models.ConversationAssociation;
export type JourneySession = platformClient.Models.Session;

/** The org facts the engine needs, read once and cached (not counted against a merge's calls). */
export interface OrgSettings {
  orgId: string;
  orgName: string;
  /** ISO 3166-1 alpha-2 from `organizations/me` `defaultCountryCode`, used to normalise phones. */
  defaultCountryCode: string;
  /** Analytics data retention, days (`analytics/dataretention/settings`). */
  retentionDays: number;
}

/** Limits of the analytics API that the reference leaves UNCONFIRMED; configurable per org. */
export interface AnalyticsLimits {
  /** Ids per batch details GET (reference §2.2: "commonly cited as 100"). */
  maxBatchIds: number;
  /** Longest interval of one details query, days (UNCONFIRMED: 31). */
  maxIntervalDays: number;
  /** Page size of the details query (UNCONFIRMED maximum 100; default 25). */
  pageSize: number;
}

export const DEFAULT_ANALYTICS_LIMITS: Readonly<AnalyticsLimits> = Object.freeze({
  maxBatchIds: 100,
  maxIntervalDays: 31,
  pageSize: 100,
});

export interface GenesysClientOptions {
  target: GenesysTarget;
  /** The backend's client-credentials client. */
  credentials: { clientId: string; clientSecret: string };
  clock: Clock;
  logger?: Logger;
  /** Receives every attempt (metrics). */
  observer?: GenesysCallObserver;
  retry?: Partial<RetryPolicy>;
  /** The org's rate budget for this client (reference §5.2: 300 per 60 s per token). */
  rateLimit?: { perWindow: number; windowMs: number };
  /** Calls in flight at once for this org. */
  concurrency?: number;
  /** Per-request timeout, ms (SDK default 16 000). */
  timeoutMs?: number;
  analytics?: Partial<AnalyticsLimits>;
  /** How long org settings stay cached, ms. */
  orgSettingsTtlMs?: number;
  /** Randomness for jitter (tests pass a fixed function). */
  random?: () => number;
}

/** Counts calls by endpoint template for one unit of work (one merge, one candidates request). */
export interface CallCounter {
  total(): number;
  byEndpoint(): Record<string, number>;
  retries(): number;
}

/**
 * The Platform API operations the product uses, on the backend's own token. Every method retries
 * what may be retried and throws `GenesysApiError` for the rest (see `isGenesysStatus`).
 */
export interface GenesysApi {
  getConversation(conversationId: string): Promise<Conversation>;
  getAnalyticsConversation(conversationId: string): Promise<AnalyticsConversation>;
  /** Batch details GET, chunked by `maxBatchIds`, chunks concurrently; unknown or purged ids are absent. */
  getAnalyticsConversations(conversationIds: readonly string[]): Promise<AnalyticsConversation[]>;
  /** One page of the details query, as sent. */
  queryConversationDetails(query: ConversationQuery): Promise<platformClient.Models.AnalyticsConversationQueryResponse>;
  /** Every conversation matching `search`, windows split to the maximum interval, all pages, deduplicated. */
  searchConversations(search: ConversationSearch): Promise<AnalyticsConversation[]>;
  getContact(contactId: string, expand?: string[]): Promise<ExternalContact>;
  /** The contact as stored, before merge resolution (reference §3.2). */
  getContactUnresolved(contactId: string): Promise<ExternalContact>;
  /** The contact holding an identifier, or null when none does (404). */
  lookupContact(identifier: { type: string; value: string }): Promise<ExternalContact | null>;
  /** `POST /api/v2/externalcontacts/contacts/merge` (never retried blindly: it creates a new contact). */
  mergeContacts(request: { contactIds: string[]; valueOverride?: ExternalContact }): Promise<ExternalContact>;
  /** `PUT /api/v2/externalcontacts/conversations/{id}` (idempotent). */
  associateConversation(association: ConversationAssociation): Promise<void>;
  getJourneySessions(contactId: string, includeMerged: boolean): Promise<JourneySession[]>;
  /** Keyword search of contacts (`GET /api/v2/externalcontacts/contacts?q=`). */
  searchContacts(q: string, pageSize?: number): Promise<ExternalContact[]>;
}

export interface GenesysClient extends GenesysApi {
  /** Org settings, cached for `orgSettingsTtlMs`; their calls are not counted in scopes. */
  orgSettings(): Promise<OrgSettings>;
  /** The same client, with its own call counter (one merge, one request). */
  scope(): GenesysApi & { counter: CallCounter };
  /** Calls made through this client so far, every scope included. */
  counter: CallCounter;
  readonly urls: { loginBaseUrl: string; apiBaseUrl: string };
  readonly analyticsLimits: AnalyticsLimits;
}

function createCounter(): CallCounter & { record(endpoint: string, attempt: number): void } {
  const counts: Record<string, number> = {};
  let retries = 0;
  return {
    record(endpoint, attempt) {
      counts[endpoint] = (counts[endpoint] ?? 0) + 1;
      if (attempt > 1) retries++;
    },
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
    byEndpoint: () => ({ ...counts }),
    retries: () => retries,
  };
}

const E = {
  conversation: 'GET /api/v2/conversations/{conversationId}',
  analyticsDetail: 'GET /api/v2/analytics/conversations/{conversationId}/details',
  analyticsBatch: 'GET /api/v2/analytics/conversations/details',
  analyticsQuery: 'POST /api/v2/analytics/conversations/details/query',
  retention: 'GET /api/v2/analytics/dataretention/settings',
  organization: 'GET /api/v2/organizations/me',
  contact: 'GET /api/v2/externalcontacts/contacts/{contactId}',
  contactUnresolved: 'GET /api/v2/externalcontacts/contacts/{contactId}/unresolved',
  contacts: 'GET /api/v2/externalcontacts/contacts',
  lookup: 'POST /api/v2/externalcontacts/identifierlookup/contacts',
  merge: 'POST /api/v2/externalcontacts/contacts/merge',
  associate: 'PUT /api/v2/externalcontacts/conversations/{conversationId}',
  journey: 'GET /api/v2/externalcontacts/contacts/{contactId}/journey/sessions',
  tokensMe: 'GET /api/v2/tokens/me',
  usersMe: 'GET /api/v2/users/me',
} as const;

/** Endpoint templates, for metrics labels and budgets. */
export const GENESYS_ENDPOINTS = E;

/** `items` in consecutive slices of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Builds the API operations over a caller; `count` is told of every attempt. */
function createApi(apis: Apis, call: Caller, limits: AnalyticsLimits): GenesysApi {
  const op = <T>(endpoint: string, invoke: Operation<T>['invoke'], idempotent = true, map?: (body: unknown) => T) =>
    call<T>({ endpoint, invoke, idempotent, ...(map ? { map } : {}) });

  const api: GenesysApi = {
    getConversation: (id) => op(E.conversation, (h) => apis.conversations.getConversation(id, { customHeaders: h })),
    getAnalyticsConversation: (id) =>
      op(E.analyticsDetail, (h) => apis.analytics.getAnalyticsConversationDetails(id, { customHeaders: h })),
    async getAnalyticsConversations(ids) {
      const unique = [...new Set(ids)];
      const pages = await Promise.all(
        chunk(unique, limits.maxBatchIds).map((part) =>
          op<platformClient.Models.AnalyticsConversationWithoutAttributesMultiGetResponse>(E.analyticsBatch, (h) =>
            apis.analytics.getAnalyticsConversationsDetails({ id: part, customHeaders: h }),
          ),
        ),
      );
      return pages.flatMap((page) => page.conversations ?? []);
    },
    queryConversationDetails: (query) =>
      op(E.analyticsQuery, (h) => apis.analytics.postAnalyticsConversationsDetailsQuery(query, { customHeaders: h })),
    searchConversations: (search) => queryConversationPages(search, limits, (query) => api.queryConversationDetails(query)),
    getContact: (id, expand = ['identifiers', 'division']) =>
      op(E.contact, (h) => apis.externalContacts.getExternalcontactsContact(id, { expand, customHeaders: h })),
    getContactUnresolved: (id) =>
      op(E.contactUnresolved, (h) => apis.externalContacts.getExternalcontactsContactUnresolved(id, { customHeaders: h })),
    async lookupContact(identifier) {
      try {
        return await op<ExternalContact>(E.lookup, (h) =>
          apis.externalContacts.postExternalcontactsIdentifierlookupContacts(identifier, { customHeaders: h }),
        );
      } catch (error) {
        // A lookup miss answers 404 (reference §3.2, UNCONFIRMED): no contact holds it.
        if (isGenesysStatus(error, 404)) return null;
        throw error;
      }
    },
    mergeContacts: (request) =>
      op(E.merge, (h) => apis.externalContacts.postExternalcontactsContactsMerge(request, { customHeaders: h }), false),
    associateConversation: async (association) => {
      await op(E.associate, (h) =>
        apis.externalContacts.putExternalcontactsConversation(association.conversationId, association, { customHeaders: h }),
      );
    },
    async getJourneySessions(contactId, includeMerged) {
      const sessions: JourneySession[] = [];
      let after: string | undefined;
      do {
        const page: platformClient.Models.SessionListing = await op(E.journey, (h) =>
          apis.externalContacts.getExternalcontactsContactJourneySessions(contactId, {
            pageSize: '200',
            includeMerged,
            ...(after ? { after } : {}),
            customHeaders: h,
          }),
        );
        sessions.push(...(page.entities ?? []));
        after = page.nextUri ? (new URL(page.nextUri, 'http://x').searchParams.get('after') ?? undefined) : undefined;
      } while (after);
      return sessions;
    },
    async searchContacts(q, pageSize = 100) {
      const listing: platformClient.Models.ContactListing = await op(E.contacts, (h) =>
        apis.externalContacts.getExternalcontactsContacts({ q, pageSize, customHeaders: h }),
      );
      return listing.entities ?? [];
    },
  };
  return api;
}

/**
 * One org's Genesys client on `purecloud-platform-client-v2` (its own `ApiClientClass`, never the
 * singleton): a client-credentials token cached per org and renewed 60 s before expiry with one
 * request in flight; every call classified ok / retryable / permanent; 429 waits `Retry-After`
 * (else `inin-ratelimit-reset`) with jitter; 5xx and timeouts back off; attempts bounded; calls
 * counted per endpoint and status; concurrency and rate bounded per org.
 */
export function createGenesysClient(options: GenesysClientOptions): GenesysClient {
  const { clock, logger } = options;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const random = options.random ?? Math.random;
  const limits: AnalyticsLimits = { ...DEFAULT_ANALYTICS_LIMITS, ...options.analytics };
  const sdk = createSdkClient(options.target, options.timeoutMs ?? 16_000);
  const apis = createApis(sdk);
  const limiter = createCallLimiter({
    clock,
    concurrency: options.concurrency ?? 8,
    perWindow: options.rateLimit?.perWindow ?? 300,
    windowMs: options.rateLimit?.windowMs ?? 60_000,
  });
  const tokens = createClientCredentialsTokenSource({
    sdk,
    clientId: options.credentials.clientId,
    clientSecret: options.credentials.clientSecret,
    clock,
    policy,
    random,
  });
  const total = createCounter();
  const baseObservers: GenesysCallObserver[] = [(e) => total.record(e.endpoint, e.attempt)];
  if (options.observer) baseObservers.push(options.observer);

  const callerWith = (extra: GenesysCallObserver[]) =>
    createCaller({ clock, policy, random, limiter, tokens, observers: [...baseObservers, ...extra], ...(logger ? { logger } : {}) });

  const rootApi = createApi(apis, callerWith([]), limits);
  // Org settings are read outside every scope: DESIGN.md's call budget excludes them.
  const ttl = options.orgSettingsTtlMs ?? 60 * 60_000;
  let settings: { value: Promise<OrgSettings>; expiresAt: number } | null = null;
  const settingsCall = callerWith([]);

  const loadSettings = async (): Promise<OrgSettings> => {
    const [org, retention] = await Promise.all([
      settingsCall<platformClient.Models.Organization>({
        endpoint: E.organization,
        idempotent: true,
        invoke: (h) => apis.organization.getOrganizationsMe({ customHeaders: h }),
      }),
      settingsCall<platformClient.Models.AnalyticsDataRetentionResponse>({
        endpoint: E.retention,
        idempotent: true,
        invoke: (h) => apis.analytics.getAnalyticsDataretentionSettings({ customHeaders: h }),
      }),
    ]);
    return {
      orgId: org.id ?? '',
      orgName: org.name ?? '',
      defaultCountryCode: (org.defaultCountryCode ?? 'US').toUpperCase(),
      retentionDays: retention.retentionDays ?? 0,
    };
  };

  return {
    ...rootApi,
    counter: total,
    urls: targetUrls(options.target),
    analyticsLimits: limits,
    orgSettings() {
      if (!settings || clock.now() >= settings.expiresAt) {
        const value = loadSettings();
        settings = { value, expiresAt: clock.now() + ttl };
        value.catch(() => {
          settings = null;
        });
      }
      return settings.value;
    },
    scope() {
      const counter = createCounter();
      const api = createApi(apis, callerWith([(e) => counter.record(e.endpoint, e.attempt)]), limits);
      return { ...api, counter };
    },
  };
}
