import type { Logger } from 'pino';
import type { Dataset } from '../dataset/index.js';

/** The emulator's time source; the same shape as the server's `Clock.now`. */
export interface EmulatorClock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** Platform limits the emulator enforces; every one is configurable because most are UNCONFIRMED. */
export interface EmulatorLimits {
  /** Requests per token per window (reference §5.2: 300/min for client-credentials and per app user). */
  rateLimitPerWindow: number;
  rateLimitWindowMs: number;
  /** Details query `paging.pageSize` maximum (reference §2.2: 100, UNCONFIRMED); default page size is 25. */
  maxPageSize: number;
  /** Details query interval maximum in days (reference §2.2: 31, UNCONFIRMED). */
  maxIntervalDays: number;
  /** Ids per batch details GET (reference §2.2: "commonly cited as 100", UNCONFIRMED). */
  maxBatchIds: number;
  /** Contacts per merge request (reference §3.3: between 2 and 25). */
  mergeMaxContacts: number;
  /** Contacts in one merge set (reference §3.3: default limit 52). */
  mergeSetMax: number;
  /** Journey sessions `pageSize` maximum (reference §3.2: 200). */
  journeyMaxPageSize: number;
  /** How long an authorization code stays redeemable (not in the reference; RFC 6749 §4.1.2 advises ≤ 10 min). */
  authorizationCodeTtlMs: number;
}

/**
 * Choices for what the reference leaves UNCONFIRMED. Each default is the most plausible platform
 * behaviour; the comment names the reference section.
 */
export interface EmulatorBehaviour {
  /** §2.2 "eventually consistent": how long an association takes to reach analytics and journey records. */
  analyticsDelayMs: number;
  /** §3.6: analytics `sessionId` equals the media `id` (communicationId). When false, media ids are derived from the session id and differ. */
  sessionIdIsCommunicationId: boolean;
  /** §3.2: GET of a merged-away contact returns the canonical contact (`canonical`) or the stored record (`original`); `/unresolved` always returns the stored record. */
  mergedContactGet: 'canonical' | 'original';
  /** §2.2: unknown or purged ids in a batch details GET are left out (`omit`) or fail the call with 404 (`notFound`). */
  batchUnknownIds: 'omit' | 'notFound';
  /** §3.2: an identifier lookup with no match answers 404 (`notFound`) or 204 without a body (`noContent`). */
  identifierLookupMiss: 'notFound' | 'noContent';
  /** §3.6: success status of the association PUT (202 vs 204). */
  associationSuccessStatus: 200 | 202 | 204;
  /** §3.3: success status of a merge (200 vs 201). */
  mergeSuccessStatus: 200 | 201;
  /** Not in the reference: a registered loopback redirect URI matches on any port (RFC 8252 §7.3). */
  loopbackRedirectAnyPort: boolean;
  /** Dataset `referenceTime` maps to the clock's now when the emulator is created. */
  rebaseTimes: boolean;
  /** §2.2: the `canonicalExternalContactId` dimension matches every conversation of the contact's merge set. When false it behaves like `externalContactId`. */
  canonicalExternalContactIdResolvesMerges: boolean;
  /** §7 "divisions": a single GET of a conversation or contact outside the caller's divisions answers 403 or 404. Lists and queries leave such records out. */
  outOfDivisionStatus: 403 | 404;
  /**
   * Not in the reference: a caller holding `analytics:agentConversationDetail:view` but not
   * `analytics:conversationDetail:view` sees only the conversations a user of theirs took part in
   * (`participated`, the permission's documented meaning), or all of them (`all`).
   */
  agentConversationDetailScope: 'participated' | 'all';
  /** §2.2: a details query without results answers `{totalHits: 0}` without a `conversations` key (true) or with `conversations: []` (false). */
  emptyQueryOmitsConversations: boolean;
  /** Seed of the PRNG that draws injected errors (`PUT /__emulator/faults` `errorRates`). */
  seed: number;
}

/** What `createEmulator` takes. Only `dataset` is required. */
export interface EmulatorOptions {
  dataset: Dataset;
  /** Default: the wall clock. Token expiry, rate-limit windows, codes and the analytics delay follow it. */
  clock?: EmulatorClock;
  /** Waits the latency fault; default real timers, so latency costs real wall time. */
  sleep?: (ms: number) => Promise<void>;
  limits?: Partial<EmulatorLimits>;
  behaviour?: Partial<EmulatorBehaviour>;
  /** Default: silent. */
  logger?: Logger;
}

/** Defaults of {@link EmulatorLimits}. */
export const DEFAULT_LIMITS: Readonly<EmulatorLimits> = Object.freeze({
  rateLimitPerWindow: 300,
  rateLimitWindowMs: 60_000,
  maxPageSize: 100,
  maxIntervalDays: 31,
  maxBatchIds: 100,
  mergeMaxContacts: 25,
  mergeSetMax: 52,
  journeyMaxPageSize: 200,
  authorizationCodeTtlMs: 120_000,
});

/** Defaults of {@link EmulatorBehaviour}. */
export const DEFAULT_BEHAVIOUR: Readonly<EmulatorBehaviour> = Object.freeze({
  analyticsDelayMs: 0,
  sessionIdIsCommunicationId: true,
  mergedContactGet: 'canonical',
  batchUnknownIds: 'omit',
  identifierLookupMiss: 'notFound',
  associationSuccessStatus: 202,
  mergeSuccessStatus: 200,
  loopbackRedirectAnyPort: true,
  rebaseTimes: true,
  canonicalExternalContactIdResolvesMerges: true,
  outOfDivisionStatus: 403,
  agentConversationDetailScope: 'participated',
  emptyQueryOmitsConversations: true,
  seed: 1,
});
