import type { ExternalContact } from '../dataset/index.js';
import { badRequest, conflict, notFound, type ApiCall, type ApiResult, type ApiRoute } from '../http/index.js';
import { byMostRecentlyModified, planMerge } from '../state/index.js';
import type { ApiDeps } from './deps.js';
import { renderContact } from './render.js';
import { contactVisible, hiddenEntity } from './visibility.js';

const MERGE_PERMISSIONS = ['externalContacts:identity:merge'] as const;
const STRING_FIELDS = new Set([
  'firstName', 'middleName', 'lastName', 'salutation', 'title', 'workEmail', 'personalEmail', 'otherEmail', 'externalSystemUrl',
]);
const OBJECT_FIELDS = new Set(['workPhone', 'cellPhone', 'homePhone', 'otherPhone', 'address', 'twitterId', 'lineId', 'whatsAppId', 'facebookId', 'customFields']);

function parseValueOverride(value: unknown): Partial<ExternalContact> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest('valueOverride: must be an ExternalContact object', 'valueOverride');
  for (const [key, field] of Object.entries(value)) {
    if (field === null) continue;
    if (STRING_FIELDS.has(key) && typeof field !== 'string') throw badRequest(`valueOverride.${key}: must be a string`, `valueOverride.${key}`);
    if (OBJECT_FIELDS.has(key) && (typeof field !== 'object' || Array.isArray(field))) {
      throw badRequest(`valueOverride.${key}: must be an object`, `valueOverride.${key}`);
    }
  }
  return value as Partial<ExternalContact>;
}

/**
 * Merges `ids` (already validated as a list) into a new contact. Order of checks: existence (404),
 * divisions, pending injected conflicts and overlapping merges and already-merged inputs (409),
 * merge-set size (400). The ids stay "in flight" across the latency fault, so a second merge
 * touching one of them in that window answers 409 (reference §5.3).
 */
async function runMerge(
  deps: ApiDeps,
  call: ApiCall,
  ids: string[],
  prioritise: (inputs: ExternalContact[]) => ExternalContact[],
  valueOverride: Partial<ExternalContact> | undefined,
): Promise<ApiResult> {
  const { contacts, limits, behaviour, mergesInFlight } = deps;
  const inputs = ids.map((id) => {
    const contact = contacts.get(id);
    if (!contact) throw notFound('contact', id);
    if (!contactVisible(call.principal, contact)) throw hiddenEntity(behaviour, 'contact', id);
    return contact;
  });
  if (deps.faults.takeMergeConflict()) throw conflict('The contacts were modified by another operation; re-read them and retry. (injected fault)');
  const busy = ids.find((id) => mergesInFlight.has(id));
  if (busy) throw conflict(`Contact ${busy} is part of another merge operation in progress.`, busy);
  const merged = inputs.find((contact) => contact.mergedTo);
  if (merged) throw conflict(`Contact ${merged.id} has already been merged into ${merged.mergedTo!.id}.`, merged.id);

  const memberIds = new Set(inputs.flatMap((contact) => contacts.mergeSetIds(contact.id)));
  for (const id of ids) memberIds.add(id);
  if (memberIds.size + 1 > limits.mergeSetMax) {
    throw badRequest(`contactIds: the resulting merge set would hold ${memberIds.size + 1} contacts, over the limit of ${limits.mergeSetMax}`, 'contactIds');
  }
  for (const id of ids) mergesInFlight.add(id);
  try {
    await call.latency();
    const members = [...memberIds].map((id) => contacts.get(id)).filter((c): c is ExternalContact => c !== undefined);
    const plan = planMerge({
      inputs: prioritise(inputs),
      members,
      valueOverride,
      newId: deps.newId(),
      nowIso: deps.time.storedIso(deps.clock.now()),
    });
    for (const contact of plan.updated) contacts.put(contact);
    contacts.put(plan.merged);
    return { status: behaviour.mergeSuccessStatus, body: renderContact(deps, plan.merged, new Set()) };
  } finally {
    for (const id of ids) mergesInFlight.delete(id);
  }
}

/** The current merge endpoint (reference §3.3) and the deprecated one (§3.4). */
export function mergeRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    {
      method: 'POST',
      template: '/api/v2/externalcontacts/contacts/merge',
      permissions: MERGE_PERMISSIONS,
      ownLatency: true,
      handle: (call) => {
        const body = call.body as { contactIds?: unknown; valueOverride?: unknown } | null;
        if (typeof body !== 'object' || body === null) throw badRequest('The request body must be a MergeContactsRequest {contactIds, valueOverride}.');
        const ids = body.contactIds;
        if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && id.length > 0)) {
          throw badRequest('contactIds: must be an array of contact ids', 'contactIds');
        }
        const max = deps.limits.mergeMaxContacts;
        if (ids.length < 2 || ids.length > max) {
          throw badRequest(`contactIds: must contain between 2 and ${max} ids (got ${ids.length})`, 'contactIds');
        }
        const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
        if (duplicate) throw badRequest(`contactIds: contains ${duplicate} more than once`, 'contactIds');
        return runMerge(deps, call, ids as string[], byMostRecentlyModified, parseValueOverride(body.valueOverride));
      },
    },
    {
      method: 'POST',
      template: '/api/v2/externalcontacts/merge/contacts',
      permissions: MERGE_PERMISSIONS,
      ownLatency: true,
      handle: (call) => {
        const body = call.body as { sourceContactId?: unknown; targetContactId?: unknown } | null;
        if (typeof body !== 'object' || body === null) throw badRequest('The request body must be a MergeRequest {sourceContactId, targetContactId}.');
        const { sourceContactId: source, targetContactId: target } = body;
        if (typeof source !== 'string' || source === '') throw badRequest('sourceContactId: is required', 'sourceContactId');
        if (typeof target !== 'string' || target === '') throw badRequest('targetContactId: is required', 'targetContactId');
        if (source === target) throw badRequest('targetContactId: must differ from sourceContactId', 'targetContactId');
        const types = [deps.contacts.get(source)?.type, deps.contacts.get(target)?.type];
        // Reference §3.4 ([FAQ-CURATED]): never curated+curated; ephemeral+ephemeral is not among the allowed pairs either.
        if (types[0] === 'Curated' && types[1] === 'Curated') throw badRequest('Two curated contacts cannot be merged.', 'targetContactId');
        if (types[0] === 'Ephemeral' && types[1] === 'Ephemeral') throw badRequest('Two ephemeral contacts cannot be merged.', 'targetContactId');
        // The target's values win (UNCONFIRMED): it is the record the caller keeps, as the old endpoint's names say.
        const targetFirst = (inputs: ExternalContact[]) => [
          ...inputs.filter((c) => c.id === target),
          ...inputs.filter((c) => c.id !== target),
        ];
        return runMerge(deps, call, [source, target], targetFirst, undefined);
      },
    },
  ];
}
