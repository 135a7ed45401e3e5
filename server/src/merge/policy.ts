import { isSupportedCountry } from 'libphonenumber-js';
import type { ContactInput, PhoneNumberInput } from './input.js';
import { parseInstant } from './input.js';
import { normalizeEmail, parsePhone } from './normalize.js';
import type { Channel, ChannelWeights, ConflictPolicy, FieldDecision, TenantSettings } from './types.js';

export interface PolicyContext {
  /** For `channel_priority`. */
  channelWeights: ChannelWeights;
  /** For `source`: contact types in order of trust (default Curated > Identified > Ephemeral). */
  sourcePriority?: TenantSettings['sourcePriority'];
  /** For `channel_priority`: the channels of the selected conversations linked to each contact id. */
  channelsByContact?: ReadonlyMap<string, readonly Channel[]>;
  /** For comparing phones written in national formats. */
  defaultCountry: string;
}

export interface ValueDecision {
  /** The `valueOverride` of the merge request: every field with a value, as chosen. */
  valueOverride: Record<string, unknown>;
  fieldDecisions: FieldDecision[];
}

export const DEFAULT_SOURCE_PRIORITY: ReadonlyArray<'Curated' | 'Identified' | 'Ephemeral'> = Object.freeze(['Curated', 'Identified', 'Ephemeral']);

/** Fields decided one by one: the winner's value, the others listed as losing. */
const SCALAR_FIELDS = [
  'salutation', 'firstName', 'middleName', 'lastName', 'title', 'address',
  'twitterId', 'lineId', 'whatsAppId', 'facebookId', 'instagramId', 'externalSystemUrl', 'surveyOptOut',
] as const;
/** Phone fields in field order, and the order free fields take relocated numbers. */
const PHONE_FIELDS = ['cellPhone', 'homePhone', 'workPhone', 'otherPhone'] as const;
const PHONE_RELOCATION = ['otherPhone', 'cellPhone', 'homePhone', 'workPhone'] as const;
const EMAIL_FIELDS = ['personalEmail', 'workEmail', 'otherEmail'] as const;
const EMAIL_RELOCATION = ['otherEmail', 'personalEmail', 'workEmail'] as const;

type Field = (typeof SCALAR_FIELDS)[number] | (typeof PHONE_FIELDS)[number] | (typeof EMAIL_FIELDS)[number];

interface Sourced {
  value: unknown;
  sourceContactId: string;
  /** Comparison key: E.164 for phones, case-folded address for emails, canonical JSON otherwise. */
  key: string;
}

/**
 * Decides the merged contact's values field by field, with the platform's merge rules in mind
 * (reference §3.3): null fields of `valueOverride` do not override, and fields left unset come
 * from the most recently modified contact. So every field that any contact has a value for is
 * set explicitly, and the preview is exactly what the merge produces, whatever the policy.
 *
 * Contacts are ranked by the policy, and each field takes the value of the best-ranked contact
 * that has one:
 * - `recency`: the most recently modified contact first (`modifyDate`);
 * - `channel_priority`: the contact linked to the highest-weighted channel's conversation first
 *   (`channelsByContact`, `channelWeights`), then recency;
 * - `source`: by contact type in `sourcePriority` order, then recency.
 * Ties end on the contact id. A field where all values agree gets rule `only_value`.
 *
 * Phones and emails: values are compared normalised (E.164; case-folded address), so one number
 * written two ways is no conflict. As the platform moves conflicting phone/email values to free
 * phone/email fields, a losing number or address is placed in a free field of its kind
 * (`otherPhone`, then `cellPhone`, `homePhone`, `workPhone`; `otherEmail`, then `personalEmail`,
 * `workEmail`) as a `relocated` decision naming `relocatedFrom`; only when no field is free is it
 * listed as losing. Identifiers, external ids and custom fields are left to the platform.
 */
export function decideValues(contacts: readonly ContactInput[], policy: ConflictPolicy, context: PolicyContext): ValueDecision {
  const ranked = rankContacts(contacts, policy, context);
  const valueOverride: Record<string, unknown> = {};
  const fieldDecisions: FieldDecision[] = [];
  const decide = (field: Field, keyOf: (value: unknown) => string | null) => {
    const values: Sourced[] = [];
    for (const contact of ranked) {
      const value = (contact as Record<string, unknown>)[field];
      if (value === undefined || value === null || value === '') continue;
      const key = keyOf(value);
      if (key === null) continue;
      values.push({ value, sourceContactId: contact.id ?? '', key });
    }
    return values;
  };

  for (const field of SCALAR_FIELDS) {
    const values = decide(field, (value) => (typeof value === 'string' ? value.trim() || null : canonicalJson(value)));
    if (values.length === 0) continue;
    const chosen = values[0]!;
    const losing = distinctLosing(values, new Set([chosen.key]));
    valueOverride[field] = chosen.value;
    fieldDecisions.push({
      field,
      chosen: { value: chosen.value, sourceContactId: chosen.sourceContactId },
      losing: losing.map(({ value, sourceContactId }) => ({ value, sourceContactId })),
      rule: losing.length === 0 ? 'only_value' : policy,
    });
  }
  const phoneKey = (value: unknown) => {
    const phone = value as PhoneNumberInput;
    const raw = phone.e164 ?? phone.userInput ?? phone.display;
    if (!raw) return null;
    const country = [phone.normalizationCountryCode, phone.countryCode].find((c) => !!c && isSupportedCountry(c.toUpperCase()));
    return parsePhone(raw, country ?? context.defaultCountry)?.e164 ?? raw.trim();
  };
  const emailKey = (value: unknown) => (typeof value === 'string' ? normalizeEmail(value) ?? (value.trim() || null) : null);
  decideGroup(PHONE_FIELDS, PHONE_RELOCATION, phoneKey);
  decideGroup(EMAIL_FIELDS, EMAIL_RELOCATION, emailKey);
  return { valueOverride, fieldDecisions };

  function decideGroup(fields: readonly Field[], relocationOrder: readonly Field[], keyOf: (value: unknown) => string | null) {
    const perField = new Map<Field, Sourced[]>();
    const placed = new Map<string, Field>();
    for (const field of fields) {
      const values = decide(field, keyOf);
      perField.set(field, values);
      if (values.length > 0) {
        valueOverride[field] = values[0]!.value;
        placed.set(values[0]!.key, field);
      }
    }
    const decisions = new Map<Field, FieldDecision>();
    const relocated: FieldDecision[] = [];
    for (const field of fields) {
      const values = perField.get(field)!;
      if (values.length === 0) continue;
      const chosen = values[0]!;
      const losing: Sourced[] = [];
      for (const candidate of distinctLosing(values, new Set([chosen.key]))) {
        if (placed.has(candidate.key)) continue; // kept in another field: nothing lost
        const free = relocationOrder.find((f) => valueOverride[f] === undefined);
        if (free) {
          valueOverride[free] = candidate.value;
          placed.set(candidate.key, free);
          relocated.push({
            field: free, chosen: { value: candidate.value, sourceContactId: candidate.sourceContactId }, losing: [], rule: 'relocated', relocatedFrom: field,
          });
        } else {
          losing.push(candidate);
        }
      }
      const disagreement = values.some((v) => v.key !== chosen.key);
      decisions.set(field, {
        field,
        chosen: { value: chosen.value, sourceContactId: chosen.sourceContactId },
        losing: losing.map(({ value, sourceContactId }) => ({ value, sourceContactId })),
        rule: disagreement ? policy : 'only_value',
      });
    }
    for (const field of fields) {
      const decision = decisions.get(field);
      if (decision) fieldDecisions.push(decision);
    }
    fieldDecisions.push(...relocated);
  }
}

function distinctLosing(values: readonly Sourced[], exclude: Set<string>): Sourced[] {
  const out: Sourced[] = [];
  const seen = new Set(exclude);
  for (const value of values) {
    if (seen.has(value.key)) continue;
    seen.add(value.key);
    out.push(value);
  }
  return out;
}

/** Contacts in the order the policy trusts them (best first). */
export function rankContacts(contacts: readonly ContactInput[], policy: ConflictPolicy, context: PolicyContext): ContactInput[] {
  const recency = (c: ContactInput) => parseInstant(c.modifyDate) ?? -Infinity;
  const sourceOrder = context.sourcePriority ?? DEFAULT_SOURCE_PRIORITY;
  const sourceRank = (c: ContactInput) => {
    const rank = sourceOrder.indexOf((c.type ?? '') as 'Curated');
    return rank < 0 ? sourceOrder.length : rank;
  };
  const channelRank = (c: ContactInput) =>
    Math.max(-1, ...(context.channelsByContact?.get(c.id ?? '') ?? []).map((channel) => context.channelWeights[channel] ?? 0));
  return [...contacts].sort((a, b) => {
    if (policy === 'source') {
      const bySource = sourceRank(a) - sourceRank(b);
      if (bySource !== 0) return bySource;
    } else if (policy === 'channel_priority') {
      const byChannel = channelRank(b) - channelRank(a);
      if (byChannel !== 0) return byChannel;
    }
    const byRecency = recency(b) - recency(a);
    if (byRecency !== 0 && !Number.isNaN(byRecency)) return byRecency;
    return (a.id ?? '') < (b.id ?? '') ? -1 : (a.id ?? '') > (b.id ?? '') ? 1 : 0;
  });
}

/** JSON with object keys sorted at every level (and `undefined` members dropped). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = sortKeys(member);
    }
    return out;
  }
  return value;
}
