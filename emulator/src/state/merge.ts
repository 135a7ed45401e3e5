import type { EntityRef, ExternalContact, PhoneNumber } from '../dataset/index.js';

/** The outcome of a merge: the new canonical contact and every existing member with new merge fields. */
export interface MergePlan {
  merged: ExternalContact;
  updated: ExternalContact[];
}

/** What {@link planMerge} merges. */
export interface MergeInput {
  /** The contacts named by the request, in priority order (see {@link byMostRecentlyModified}). */
  inputs: ExternalContact[];
  /** Every existing contact of the resulting merge set, inputs included. */
  members: ExternalContact[];
  /** Non-null fields win (reference §3.3). */
  valueOverride?: Partial<ExternalContact>;
  newId: string;
  /** Stored-frame instant of the merge (createDate/modifyDate). */
  nowIso: string;
}

const SCALAR_FIELDS = [
  'firstName', 'middleName', 'lastName', 'salutation', 'title', 'address', 'twitterId', 'lineId',
  'whatsAppId', 'facebookId', 'externalSystemUrl', 'surveyOptOut', 'customFields',
] as const satisfies ReadonlyArray<keyof ExternalContact>;
const PHONE_FIELDS = ['workPhone', 'cellPhone', 'homePhone', 'otherPhone'] as const;
const EMAIL_FIELDS = ['workEmail', 'personalEmail', 'otherEmail'] as const;

/** `/api/v2/externalcontacts/contacts/{id}` */
export function contactSelfUri(id: string): string {
  return `/api/v2/externalcontacts/contacts/${id}`;
}

function ref(id: string): EntityRef {
  return { id, selfUri: contactSelfUri(id) };
}

/** Inputs ordered most recently modified first (ties keep request order): the default priority. */
export function byMostRecentlyModified(contacts: ExternalContact[]): ExternalContact[] {
  return contacts
    .map((contact, i) => ({ contact, i, at: Date.parse(contact.modifyDate) }))
    .sort((a, b) => b.at - a.at || a.i - b.i)
    .map((entry) => entry.contact);
}

function phoneKey(phone: PhoneNumber): string {
  return phone.e164 ?? (phone.userInput ?? phone.display ?? '').replace(/[^\d+]/g, '');
}

/**
 * Fills `fields` from the override first, then from the inputs in priority order. A value equal to
 * one already placed is dropped; a conflicting value moves to any free field of the same kind
 * (reference §3.3: "conflicting data will be moved to any other available phone/email fields"),
 * and is lost only when every field is taken.
 */
function placeValues<T>(
  fields: readonly string[],
  override: Record<string, unknown> | undefined,
  inputs: ExternalContact[],
  key: (value: T) => string,
): Record<string, T> {
  const placed: Record<string, T> = {};
  const seen = new Set<string>();
  const pending: T[] = [];
  for (const field of fields) {
    const value = override?.[field] as T | undefined | null;
    if (value !== undefined && value !== null) {
      placed[field] = value;
      seen.add(key(value));
    }
  }
  for (const contact of inputs) {
    for (const field of fields) {
      const value = (contact as unknown as Record<string, T | undefined>)[field];
      if (value === undefined || value === null || seen.has(key(value))) continue;
      seen.add(key(value));
      if (placed[field] === undefined) placed[field] = value;
      else pending.push(value);
    }
  }
  for (const value of pending) {
    const free = fields.find((field) => placed[field] === undefined);
    if (free) placed[free] = value;
  }
  return placed;
}

/**
 * Merges contacts into a new one (reference §3.3). Fields: `valueOverride`'s non-null values win;
 * the rest come from the inputs in priority order (the first input with a non-null value; the
 * reference says "taken from the most recently-modified contact"); phones and emails follow
 * {@link placeValues}. Identifiers and external ids are unioned. The new contact is Curated when
 * any input is, otherwise Identified (UNCONFIRMED), in the division of the first input.
 * Every member gets `canonicalContact` = the new contact and the new `mergeSet`; inputs also get
 * `mergedTo`. Pure: nothing is stored.
 */
export function planMerge(input: MergeInput): MergePlan {
  const { inputs, members, valueOverride, newId, nowIso } = input;
  const first = inputs[0];
  if (!first) throw new Error('planMerge needs at least one input');
  const override = valueOverride as Record<string, unknown> | undefined;
  const merged: ExternalContact = {
    id: newId,
    type: inputs.some((c) => c.type === 'Curated') ? 'Curated' : 'Identified',
    division: first.division,
    createDate: nowIso,
    modifyDate: nowIso,
  };
  const target = merged as unknown as Record<string, unknown>;
  for (const field of SCALAR_FIELDS) {
    const overridden = override?.[field];
    const value = overridden ?? inputs.map((c) => c[field]).find((v) => v !== undefined && v !== null);
    if (value !== undefined && value !== null) target[field] = value;
  }
  Object.assign(target, placeValues<PhoneNumber>(PHONE_FIELDS, override, inputs, phoneKey));
  Object.assign(target, placeValues<string>(EMAIL_FIELDS, override, inputs, (email) => email.trim().toLowerCase()));

  const identifiers = new Map<string, NonNullable<ExternalContact['identifiers']>[number]>();
  for (const contact of inputs) {
    for (const identifier of contact.identifiers ?? []) identifiers.set(`${identifier.type}\u0000${identifier.value}`, identifier);
  }
  if (identifiers.size > 0) merged.identifiers = [...identifiers.values()];
  const externalIds = new Map<string, NonNullable<ExternalContact['externalIds']>[number]>();
  for (const contact of inputs) for (const external of contact.externalIds ?? []) externalIds.set(external.value, external);
  if (externalIds.size > 0) merged.externalIds = [...externalIds.values()].slice(0, 10);

  const memberIds = [...new Set([...members.map((m) => m.id), newId])];
  const mergeSet = memberIds.map(ref);
  merged.mergedFrom = inputs.map((c) => ref(c.id));
  merged.canonicalContact = ref(newId);
  merged.mergeSet = mergeSet;
  const inputIds = new Set(inputs.map((c) => c.id));
  const updated = members.map((member) => ({
    ...member,
    canonicalContact: ref(newId),
    mergeSet,
    ...(inputIds.has(member.id) ? { mergedTo: ref(newId) } : {}),
    modifyDate: nowIso,
  }));
  return { merged, updated };
}
