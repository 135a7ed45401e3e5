import type platformClient from 'purecloud-platform-client-v2';
import type { Clock } from '../clock/index.js';
import { isGenesysStatus, type AnalyticsConversation, type GenesysApi, type OrgSettings } from '../genesys/index.js';
import {
  contactQueryFor, createNormalizer, extractConversationIdentifiers, parseInstant,
  type ConversationInput, type LineKind, type Normalizer, type SearchKey, type TenantSettings,
} from '../merge/index.js';
import { conversationNotFound } from './errors.js';
import { liveToAnalytics } from './live.js';
import { emptyContactReads, linkedContactIds, readContacts, withoutDanglingLinks, type ContactReads } from './reads.js';

const DAY_MS = 86_400_000;

/** Limits of discovery and search; every one bounds the calls one request can make. */
export interface DiscoveryOptions {
  /** Search rounds: the anchor's identifiers, then one more contact hop per round. */
  maxRounds: number;
  /** Predicates per details query (the platform's limit is UNCONFIRMED); more are split into queries run concurrently. */
  maxPredicatesPerQuery: number;
  /** Conversations one search may return (a guard against a switchboard number). */
  maxResultsPerSearch: number;
  /** Contacts read per round for the conversations found (ownership facts); the rest stay unread. */
  maxContactReadsPerRound: number;
  /** Identifier lookups per round (the person's emails and phones, each once). */
  maxLookupsPerRound: number;
  /** Contact keyword searches per round (the person's phones and emails, each once; see `contactQueryFor`). */
  maxContactSearchesPerRound: number;
  /**
   * Days either side of the anchor searched to learn who the customer is (identifier hops,
   * ownership facts): wider than the tenant's look-back, whose window bounds what is proposed.
   * A customer's contact is often linked to them only through an older interaction.
   */
  identityWindowDays: number;
}

/** Three rounds, 40 predicates per query, 500 results per search, 40 contact reads, 6 lookups and 6 keyword searches per round, 90-day identity window. */
export const DEFAULT_DISCOVERY_OPTIONS: Readonly<DiscoveryOptions> = Object.freeze({
  maxRounds: 3,
  maxPredicatesPerQuery: 40,
  maxResultsPerSearch: 500,
  maxContactReadsPerRound: 40,
  maxLookupsPerRound: 6,
  maxContactSearchesPerRound: 6,
  identityWindowDays: 90,
});

/** What one candidates or search request has gathered so far. */
export interface Workspace {
  api: GenesysApi;
  org: OrgSettings;
  settings: TenantSettings;
  normalizer: Normalizer;
  anchor: ConversationInput;
  reads: ContactReads;
  /** Conversations found (the anchor excluded), by id. */
  found: Map<string, ConversationInput>;
  /** `dimension|value` of every key searched. */
  searched: Set<string>;
  /** Identifier keys looked up (`identifierlookup/contacts`). */
  lookedUp: Set<string>;
  /** Keyword queries made (`externalcontacts/contacts?q=`). */
  contactQueries: Set<string>;
  /** Carrier line types looked up (identifier key → kind; see `addLineKinds`). */
  lineKinds: Map<string, LineKind>;
  /** Where candidates are proposed from (the tenant's look-back around the anchor), epoch ms. */
  window: { startMs: number; endMs: number } | null;
  /** Where searches look (identity evidence), epoch ms; contains `window`. */
  searchWindow: { startMs: number; endMs: number } | null;
  options: DiscoveryOptions;
}

/**
 * A conversation as analytics has it; when analytics does not have it (yet: its details are
 * eventually consistent), the live conversation in the same shape. 404 on both: not found.
 */
export async function loadConversation(api: GenesysApi, conversationId: string): Promise<ConversationInput> {
  try {
    return await api.getAnalyticsConversation(conversationId);
  } catch (error) {
    if (!isGenesysStatus(error, 404)) throw error;
  }
  try {
    return liveToAnalytics(await api.getConversation(conversationId));
  } catch (error) {
    if (isGenesysStatus(error, 404) || isGenesysStatus(error, 403)) throw conversationNotFound(conversationId);
    throw error;
  }
}

/**
 * A window around an anchor: `days` either side of its start (for the interaction an agent is
 * handling now, the last `days`), never before the org's analytics retention nor after now. Null
 * when nothing of it is inside retention.
 */
export function searchWindow(anchor: ConversationInput, days: number, retentionDays: number, now: number) {
  const anchorStart = Math.min(parseInstant(anchor.conversationStart) ?? now, now);
  const startMs = Math.max(anchorStart - days * DAY_MS, retentionDays > 0 ? now - retentionDays * DAY_MS : -Infinity);
  const endMs = Math.min(now + 1, anchorStart + days * DAY_MS + 1);
  return endMs > startMs ? { startMs, endMs } : null;
}

/** True when the conversation starts inside the window. */
export function inWindow(conversation: ConversationInput, window: { startMs: number; endMs: number } | null): boolean {
  const start = parseInstant(conversation.conversationStart);
  return window !== null && start !== null && start >= window.startMs && start < window.endMs;
}

/** Opens a workspace: org settings, the anchor and its linked contacts. */
export async function openWorkspace(input: {
  api: GenesysApi;
  org: OrgSettings;
  settings: TenantSettings;
  clock: Clock;
  anchorId: string;
  options: DiscoveryOptions;
}): Promise<Workspace> {
  const { api, org, settings } = input;
  const normalizer = createNormalizer({ defaultCountry: org.defaultCountryCode, emailRules: settings.emailRules });
  const reads = emptyContactReads();
  let anchor = await loadConversation(api, input.anchorId);
  await readContacts(api, linkedContactIds([anchor]), reads);
  anchor = withoutDanglingLinks(anchor, reads.missing);
  return {
    api, org, settings, normalizer, anchor, reads,
    found: new Map(),
    lineKinds: new Map(),
    searched: new Set(),
    lookedUp: new Set(),
    contactQueries: new Set(),
    window: searchWindow(anchor, settings.lookBackDays, org.retentionDays, input.clock.now()),
    searchWindow: searchWindow(anchor, Math.max(settings.lookBackDays, input.options.identityWindowDays), org.retentionDays, input.clock.now()),
    options: input.options,
  };
}

/** Genesys identifier-lookup type of an identifier key (`phone:…`, `email:…`), or null. */
function lookupType(key: string): 'Phone' | 'Email' | null {
  if (key.startsWith('phone:')) return 'Phone';
  if (key.startsWith('email:')) return 'Email';
  return null;
}

/**
 * Looks up the contact holding each identifier (`POST …/identifierlookup/contacts`), at most
 * `maxLookupsPerRound`, each key once per workspace, and reads the holders. Genesys answers with one
 * contact per identifier: the way to a customer's contact that no conversation found so far is
 * linked to (a contact an agent created, a pre-chat form's contact). A miss costs one call and says
 * no contact holds it. Returns how many lookups were made.
 */
export async function lookUpKeys(ws: Workspace, keys: Iterable<string>): Promise<number> {
  const wanted = [...new Set(keys)].filter((key) => lookupType(key) && !ws.lookedUp.has(key)).slice(0, ws.options.maxLookupsPerRound);
  for (const key of wanted) ws.lookedUp.add(key);
  const holders = await Promise.all(
    wanted.map((key) => ws.api.lookupContact({ type: lookupType(key)!, value: key.slice(key.indexOf(':') + 1) })),
  );
  await readContacts(ws.api, holders.map((holder) => holder?.id).filter((id): id is string => !!id), ws.reads);
  return wanted.length;
}

/** Contacts one keyword search reads at most (a common number prefix must not read the org). */
const MAX_CONTACTS_PER_KEYWORD_SEARCH = 10;

/**
 * Searches contacts by keyword for each identifier key (`contactQueryFor`: a phone's national
 * digits, an email's untagged `local+`), at most `maxContactSearchesPerRound` queries, each once per
 * workspace, and reads the contacts found (with their identifiers). The way to a customer's contact
 * whose phone an agent typed without E.164, or whose email carries a plus-tag: neither an identifier
 * lookup nor the details query finds those. Returns how many searches were made and the contacts found.
 */
export async function searchContactsByKeyword(ws: Workspace, keys: Iterable<string>): Promise<{ searches: number; contactIds: string[] }> {
  const queries = [...new Set([...keys].map((key) => contactQueryFor(key, ws.settings.emailRules)).filter((q): q is string => q !== null))]
    .filter((q) => !ws.contactQueries.has(q))
    .slice(0, ws.options.maxContactSearchesPerRound);
  for (const q of queries) ws.contactQueries.add(q);
  const found = await Promise.all(queries.map((q) => ws.api.searchContacts(q, MAX_CONTACTS_PER_KEYWORD_SEARCH)));
  const contactIds = [...new Set(found.flatMap((contacts) => contacts.map((c) => c.id).filter((id): id is string => !!id)))];
  await readContacts(ws.api, contactIds, ws.reads);
  return { searches: queries.length, contactIds };
}

/**
 * The anchor's strong session identifiers that none of its linked contacts records (the anchor
 * was not linked to its customer's contact, or was linked through another identifier): their
 * holders say whose identifier it is, shared or not.
 */
export function unrecordedAnchorKeys(ws: Workspace): string[] {
  const identifiers = extractConversationIdentifiers(ws.anchor, ws.reads.byId, ws.normalizer);
  const recorded = new Set(identifiers.identifiers.filter((i) => i.source !== 'session').map((i) => i.key));
  return identifiers.identifiers.filter((i) => i.source === 'session' && i.strength === 'strong' && !recorded.has(i.key)).map((i) => i.key);
}

const keyId = (key: SearchKey) => `${key.dimension}|${key.value}`;

/** The details-query segment filter for some keys: one `or` over them, narrowed ones as clauses. */
export function segmentFilterFor(keys: readonly SearchKey[]): platformClient.Models.SegmentDetailQueryFilter {
  const predicates: platformClient.Models.SegmentDetailQueryPredicate[] = [];
  const clauses: platformClient.Models.SegmentDetailQueryClause[] = [];
  for (const key of keys) {
    const predicate = { type: 'dimension', dimension: key.dimension, operator: 'matches', value: key.value };
    if (!key.mediaType && !key.messageType) {
      predicates.push(predicate);
      continue;
    }
    clauses.push({
      type: 'and',
      predicates: [
        predicate,
        ...(key.mediaType ? [{ type: 'dimension', dimension: 'mediaType', operator: 'matches', value: key.mediaType }] : []),
        ...(key.messageType ? [{ type: 'dimension', dimension: 'messageType', operator: 'matches', value: key.messageType }] : []),
      ],
    });
  }
  return { type: 'or', ...(predicates.length > 0 ? { predicates } : {}), ...(clauses.length > 0 ? { clauses } : {}) };
}

/**
 * Searches the keys not searched yet over the workspace's window (chunks of
 * `maxPredicatesPerQuery`, run concurrently; windows split and pages followed by the client) and
 * adds what it finds to `ws.found`. Returns the conversations found for the first time.
 */
export async function searchKeys(ws: Workspace, keys: readonly SearchKey[]): Promise<ConversationInput[]> {
  const fresh = new Map<string, SearchKey>();
  for (const key of keys) if (!ws.searched.has(keyId(key))) fresh.set(keyId(key), key);
  if (fresh.size === 0 || !ws.searchWindow) return [];
  for (const id of fresh.keys()) ws.searched.add(id);
  const list = [...fresh.values()];
  const chunks: SearchKey[][] = [];
  for (let i = 0; i < list.length; i += ws.options.maxPredicatesPerQuery) chunks.push(list.slice(i, i + ws.options.maxPredicatesPerQuery));
  const { startMs, endMs } = ws.searchWindow;
  const results = await Promise.all(
    chunks.map((chunk) =>
      ws.api.searchConversations({ startMs, endMs, segmentFilters: [segmentFilterFor(chunk)], maxResults: ws.options.maxResultsPerSearch }),
    ),
  );
  const anchorId = ws.anchor.conversationId;
  const added: ConversationInput[] = [];
  for (const conversation of results.flat() as AnalyticsConversation[]) {
    const id = conversation.conversationId;
    if (!id || id === anchorId || ws.found.has(id)) continue;
    // The query returns whole days: drop what starts outside the window (older than retention).
    if (!inWindow(conversation, ws.searchWindow)) continue;
    ws.found.set(id, conversation);
    added.push(conversation);
  }
  return added;
}

/**
 * Reads the contacts the given conversations are linked to (ownership facts: whose identifier it
 * is), at most `maxContactReadsPerRound` new ones, then drops links to contacts that no longer
 * exist from those conversations.
 */
export async function readLinkedContacts(ws: Workspace, conversations: readonly ConversationInput[]): Promise<void> {
  const unread = linkedContactIds(conversations).filter((id) => !ws.reads.byId.has(id) && !ws.reads.missing.has(id) && !ws.reads.hidden.has(id));
  await readContacts(ws.api, unread.slice(0, ws.options.maxContactReadsPerRound), ws.reads);
  if (ws.reads.missing.size === 0) return;
  for (const conversation of conversations) {
    const id = conversation.conversationId;
    if (id && ws.found.has(id)) ws.found.set(id, withoutDanglingLinks(conversation, ws.reads.missing));
  }
}
