import type { Clock } from '../clock/index.js';
import type { GenesysClient } from '../genesys/index.js';
import {
  canonicalContactId, createIdentityIndex, customerParticipants, deriveOwnership, extractContactIdentifiers, extractConversationIdentifiers, scoreCandidates,
  dotVariantKeys, searchKeysFor, searchKeysForPerson,
  type AlreadyMerged, type Candidate, type ContactInput, type ConversationInput, type Person, type SearchKey, type TenantSettings,
} from '../merge/index.js';
import { AppError } from '../errors/index.js';
import type { LineTypeLookup } from '../lookup/index.js';
import { addLineKinds } from './line-kinds.js';
import { readContacts } from './reads.js';
import type { MergedMarkerLookup } from './types.js';
import {
  inWindow, lookUpKeys, openWorkspace, readLinkedContacts, searchContactsByKeyword, searchKeys, unrecordedAnchorKeys,
  type DiscoveryOptions, type Workspace,
} from './workspace.js';

/** What the candidates and search use cases need. */
export interface DiscoveryDeps {
  genesys: GenesysClient;
  settings: TenantSettings;
  clock: Clock;
  mergedMarkers?: MergedMarkerLookup;
  /** The carrier line-type lookup, when the service has one and the tenant allows it. */
  lineTypes?: LineTypeLookup;
  options: DiscoveryOptions;
}

/** `mergedBy` of a conversation merged outside this app (the contacts' own merge fields). */
export const MERGED_OUTSIDE_APP = 'Genesys Cloud';

/**
 * The anchor's own search keys: the stored forms of each of its customer session addresses
 * (personal or not: a shared line's other conversations are shown with their reason, never
 * selected) and its linked contacts. Names are never searched.
 */
function anchorKeys(ws: Workspace): SearchKey[] {
  const identifiers = extractConversationIdentifiers(ws.anchor, ws.reads.byId, ws.normalizer, { contactFields: false });
  const keys: SearchKey[] = [];
  for (const identifier of identifiers.identifiers) {
    if (identifier.source === 'session' && identifier.type !== 'name') keys.push(...searchKeysFor(identifier));
  }
  for (const id of identifiers.linkedContactIds) {
    keys.push({ dimension: 'externalContactId', value: id });
    const canonical = canonicalContactId(id, ws.reads.byId);
    if (canonical !== id) keys.push({ dimension: 'externalContactId', value: canonical });
  }
  return keys;
}

/** Builds the identity index over what the workspace holds (contacts read, ownership derived). */
function indexOf(ws: Workspace) {
  const contacts = ws.reads.byId;
  const conversations = [ws.anchor, ...ws.found.values()];
  const ownership = deriveOwnership({ conversations, contacts, normalizer: ws.normalizer, lineKinds: ws.lineKinds });
  return { ownership, index: createIdentityIndex({ contacts, ownership, normalizer: ws.normalizer }) };
}

/** The person's emails and phones, and the plain mailbox of each plus-tagged email, as identifier keys. */
function personLookupKeys(person: Person): string[] {
  const keys = [...person.keys].filter((key) => key.startsWith('email:') || key.startsWith('phone:'));
  for (const [mailbox, key] of person.mailboxes) if (`email:${mailbox}` !== key) keys.push(`email:${mailbox}`);
  return keys.sort();
}

/** The person's phones and emails as identifier keys (for keyword searches of contacts). */
function personKeywordKeys(person: Person): string[] {
  return [...person.keys].filter((key) => key.startsWith('phone:') || key.startsWith('email:')).sort();
}

/**
 * Discovery rounds: look up who holds the anchor's identifiers and the person's (identifier
 * lookups, and keyword searches for the contacts those miss), search the anchor's identifiers
 * and the person grown from it (its personal identifiers and the contacts reached, see
 * `IdentityIndex`), read the contacts the results are linked to, ask the carrier lookup about the
 * listed lines found (`addLineKinds`), grow the person again with them and do the same for what is
 * new, up to `maxRounds`.
 */
async function discover(deps: DiscoveryDeps, ws: Workspace): Promise<void> {
  await lookUpKeys(ws, unrecordedAnchorKeys(ws));
  for (let round = 0; round < ws.options.maxRounds; round++) {
    let { index } = indexOf(ws);
    // A listed mobile the agent recorded the customer on is theirs: ask before growing the person.
    if (round > 0 && deps.lineTypes && (await addLineKinds(deps.lineTypes, ws.lineKinds, index, [ws.anchor, ...ws.found.values()]))) ({ index } = indexOf(ws));
    const known = index.personOf(ws.anchor);
    const [lookups, keyword] = await Promise.all([lookUpKeys(ws, personLookupKeys(known)), searchContactsByKeyword(ws, personKeywordKeys(known))]);
    const looked = lookups + keyword.searches;
    const person = indexOf(ws).index.personOf(ws.anchor);
    const dotted = [...person.keys].filter((key) => key.startsWith('email:')).flatMap((key) => dotVariantKeys(key.slice('email:'.length), ws.settings.emailRules.ignoreDotsDomains));
    const keys = [...(round === 0 ? anchorKeys(ws) : []), ...searchKeysForPerson(person), ...dotted];
    const added = await searchKeys(ws, keys);
    if (added.length === 0 && looked === 0 && round > 0) break;
    await readLinkedContacts(ws, added);
  }
}

/**
 * Already merged: our own markers (the store), and conversations whose contact is, through the
 * contacts' merge fields, in the same merged contact as the anchor's. When one of our merges made
 * that contact (a marker of the anchor or of another candidate names it), the conversation went
 * with its contact though the agent had not ticked it: it is shown as merged by that job.
 * Otherwise it was merged in Genesys, outside this app: `mergedBy` is {@link MERGED_OUTSIDE_APP},
 * `jobId` empty, `mergedAt` the merged contact's creation.
 */
async function alreadyMerged(deps: DiscoveryDeps, ws: Workspace, candidates: readonly ConversationInput[]): Promise<Map<string, AlreadyMerged>> {
  const ids = candidates.map((c) => c.conversationId).filter((id): id is string => !!id);
  const anchorId = ws.anchor.conversationId;
  const found = new Map(deps.mergedMarkers ? await deps.mergedMarkers(anchorId ? [anchorId, ...ids] : ids) : []);
  const ourMergeOf = new Map([...found.values()].map((marker) => [marker.contactId, marker]));
  const markers = new Map([...found].filter(([id]) => id !== anchorId));
  const contacts = ws.reads.byId;
  const canonicalOf = (conversation: ConversationInput) =>
    customerParticipants(conversation).map((p) => p.externalContactId).filter((id): id is string => !!id).map((id) => canonicalContactId(id, contacts));
  const anchorCanonical = new Set(canonicalOf(ws.anchor));
  for (const conversation of candidates) {
    const id = conversation.conversationId;
    if (!id || markers.has(id)) continue;
    for (const canonical of canonicalOf(conversation)) {
      const record: ContactInput | undefined = contacts.get(canonical);
      if (!anchorCanonical.has(canonical) || !record || (record.mergedFrom ?? []).length === 0) continue;
      markers.set(id, ourMergeOf.get(canonical) ?? { mergedAt: record.createDate ?? '', mergedBy: MERGED_OUTSIDE_APP, contactId: canonical, jobId: '' });
    }
  }
  return markers;
}

async function score(deps: DiscoveryDeps, ws: Workspace, candidates: readonly ConversationInput[]): Promise<Candidate[]> {
  let { ownership, index } = indexOf(ws);
  if (deps.lineTypes) {
    // The anchor's lines first, then the candidates', then the other conversations found.
    const proposed = new Set(candidates);
    const conversations = [ws.anchor, ...candidates, ...[...ws.found.values()].filter((c) => !proposed.has(c))];
    if (await addLineKinds(deps.lineTypes, ws.lineKinds, index, conversations)) ({ ownership, index } = indexOf(ws));
  }
  const scored = scoreCandidates({
    anchor: ws.anchor,
    candidates,
    contacts: ws.reads.byId,
    ownership,
    alreadyMerged: await alreadyMerged(deps, ws, candidates),
    settings: deps.settings,
    defaultCountry: ws.org.defaultCountryCode,
    index,
  });
  if (deps.settings.allowActiveConversations) return scored;
  // Active conversations cannot be merged under this tenant's settings: never pre-select one.
  const active = new Set(candidates.filter((c) => !c.conversationEnd).map((c) => c.conversationId));
  return scored.map((c) => (c.selected && active.has(c.conversationId) ? { ...c, selected: false } : c));
}

/** The candidates use case (see `InteractionMerger.candidates`). */
export async function discoverCandidates(deps: DiscoveryDeps, anchorId: string): Promise<Candidate[]> {
  const api = deps.genesys.scope();
  const org = await deps.genesys.orgSettings();
  const ws = await openWorkspace({ api, org, settings: deps.settings, clock: deps.clock, anchorId, options: deps.options });
  await discover(deps, ws);
  return score(deps, ws, [...ws.found.values()].filter((c) => inWindow(c, ws.window)));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Longest query accepted (an email address may be 254 characters). */
const MAX_QUERY_LENGTH = 256;

/**
 * The stored forms to query for what an agent typed: a phone (any format, the org's country for
 * national ones), an email, or else a messaging id as written (web messaging cookie, social id).
 */
function queryKeys(ws: Workspace, query: string): { keys: SearchKey[]; lookup: { type: 'Phone' | 'Email'; value: string } | null } {
  const email = query.includes('@') ? ws.normalizer.email(query) : null;
  if (email) {
    const mailbox = ws.normalizer.mailbox(email);
    return { keys: searchKeysFor({ type: 'email', value: email, raw: query, mailbox }), lookup: { type: 'Email', value: email } };
  }
  const phone = /\d{4,}/.test(query.replace(/[\s().-]/g, '')) ? ws.normalizer.phone(query) : null;
  if (phone) {
    return { keys: searchKeysFor({ type: 'phone', value: phone.e164, raw: query, source: 'session' }), lookup: { type: 'Phone', value: phone.e164 } };
  }
  const keys: SearchKey[] = [
    { dimension: 'addressFrom', value: query, mediaType: 'message' },
    { dimension: 'addressTo', value: query, mediaType: 'message' },
  ];
  return { keys, lookup: null };
}

/** The search use case (see `InteractionMerger.search`). */
export async function searchCandidates(deps: DiscoveryDeps, anchorId: string, rawQuery: string): Promise<Candidate[]> {
  const query = rawQuery.trim();
  if (query.length === 0) throw new AppError('invalid_query', 400, 'q: type a phone number, an email address, a messaging id or a conversation id', { details: { field: 'q' } });
  if (query.length > MAX_QUERY_LENGTH) {
    throw new AppError('invalid_query', 400, `q: at most ${MAX_QUERY_LENGTH} characters`, { details: { field: 'q' } });
  }
  const api = deps.genesys.scope();
  const org = await deps.genesys.orgSettings();
  const ws = await openWorkspace({ api, org, settings: deps.settings, clock: deps.clock, anchorId, options: deps.options });
  let results: ConversationInput[];
  if (UUID.test(query)) {
    if (query.toLowerCase() === anchorId.toLowerCase()) return [];
    const found = await api.getAnalyticsConversations([query]);
    results = found;
    for (const conversation of found) if (conversation.conversationId) ws.found.set(conversation.conversationId, conversation);
  } else {
    const { keys, lookup } = queryKeys(ws, query);
    // The holder by identifier lookup, and by keyword the contacts keeping the number as typed
    // (no e164) or a tagged form of the address: their conversations are the agent's customer's too.
    const identifierKey = lookup ? `${lookup.type === 'Phone' ? 'phone' : 'email'}:${lookup.value}` : null;
    const [holder, keyword] = await Promise.all([
      lookup ? api.lookupContact(lookup) : Promise.resolve(null),
      identifierKey ? searchContactsByKeyword(ws, [identifierKey]) : Promise.resolve({ searches: 0, contactIds: [] }),
    ]);
    // Only the keyword hits that record what was typed (a prefix also finds `jane.doe2@…`).
    const mailbox = lookup?.type === 'Email' ? ws.normalizer.mailbox(lookup.value) : null;
    const records = (id: string) => {
      const contact = ws.reads.byId.get(id);
      return !!contact && extractContactIdentifiers(contact, ws.normalizer).some((i) => i.key === identifierKey || (mailbox !== null && i.mailbox === mailbox));
    };
    for (const id of new Set([...(holder?.id ? [holder.id] : []), ...keyword.contactIds.filter(records)])) keys.push({ dimension: 'externalContactId', value: id });
    results = await searchKeys(ws, keys);
    if (holder?.id) await readContacts(api, [holder.id], ws.reads);
  }
  await readLinkedContacts(ws, results);
  return score(deps, ws, [...ws.found.values()]);
}
