import type { CountryCode } from 'libphonenumber-js';
import type { ContactIdentifier, ExternalContact, PhoneNumber } from '../dataset/types.js';
import { caseVariant, mailboxOf, misTypeEmail } from './emails.js';
import { holdIdentifier, phoneNode, type IdentifierRegistry, type Person } from './people.js';
import { misTypePhone, typedPhoneNumber, typePhone, type DrawnPhone } from './phones.js';
import type { Random } from './random.js';

/** A contact as the simulation tracks it: the record plus generation facts. */
export interface SimContact {
  contact: ExternalContact;
  /** The person the contact stands for, or null when it was created from a shared identifier only. */
  owner: string | null;
  /** Identifier nodes recorded on the contact (see people.ts for node ids). */
  nodes: Set<string>;
}

/**
 * The org's contacts and Genesys's identity-resolution index over them. Resolution keys are what
 * Genesys matches at interaction start (reference anchors §1.6): `phone:+E164` (from phone fields
 * Genesys normalised and Phone identifiers), `email:<lower case>` (assumed case-insensitive;
 * plus-tags are different addresses), `whatsapp:<digits>`, `cookie:<id>`.
 */
export interface ContactDirectory {
  readonly all: SimContact[];
  /** Contacts holding `key`, in creation order. */
  lookup(key: string): readonly SimContact[];
  /** Adds a contact with its resolution keys. */
  add(sim: SimContact, keys: readonly string[]): void;
  /** Indexes one more key for a contact already added (no-op when already indexed). */
  index(sim: SimContact, key: string): void;
}

/** Creates an empty directory. */
export function createContactDirectory(): ContactDirectory {
  const all: SimContact[] = [];
  const byKey = new Map<string, SimContact[]>();
  const index = (sim: SimContact, key: string) => {
    const holders = byKey.get(key);
    if (!holders) byKey.set(key, [sim]);
    else if (!holders.includes(sim)) holders.push(sim);
  };
  return {
    all,
    lookup: (key) => byKey.get(key) ?? [],
    add: (sim, keys) => {
      all.push(sim);
      for (const key of keys) index(sim, key);
    },
    index,
  };
}

/** Resolution keys of a phone field: only a normalised number can be matched. */
export const phoneKeys = (phone: PhoneNumber | undefined): string[] => (phone?.e164 ? [`phone:${phone.e164}`] : []);

/** An identifier as Genesys records it on a contact. */
export const identifier = (type: ContactIdentifier['type'], value: string, at: string): ContactIdentifier => ({ type, value, dateCreated: at });

/** What the agent writes down about a person in one sitting, and where each value came from. */
export interface TypedFields {
  fields: Partial<ExternalContact>;
  keys: string[];
  nodes: string[];
}

interface TypingContext {
  random: Random;
  orgCountry: CountryCode;
  registry: IdentifierRegistry;
  typoRate: number;
  phoneE164MissingRate: number;
  /** Allocates a fresh typo node id. */
  typoNode(): string;
}

/**
 * The fields an agent types for `person` while recording a contact: the name, phones the person
 * gives (mobile, household landline, switchboard, second phone) typed in national formats, emails
 * (with occasional case changes), sometimes the postal address. Each typed value may carry a typo
 * (then it is its own identifier node). `senderAddress`, when the interaction is an email, is
 * copied as written most of the time.
 */
export function typeContactFields(ctx: TypingContext, person: Person, senderAddress: string | null): TypedFields {
  const { random } = ctx;
  const fields: Partial<ExternalContact> = { firstName: person.firstName, lastName: person.lastName };
  const keys: string[] = [];
  const nodes: string[] = [];

  const typePhoneField = (phone: DrawnPhone, acceptsSMS?: boolean): PhoneNumber => {
    let typed = typePhone(random, phone, ctx.orgCountry);
    let node = phoneNode(phone.e164);
    let intended: DrawnPhone | null = phone;
    if (random.chance(ctx.typoRate)) {
      typed = misTypePhone(random, typed);
      node = ctx.typoNode();
      intended = null;
      holdIdentifier(ctx.registry, node, person.key);
    }
    const value = typedPhoneNumber(typed, intended, ctx.orgCountry, !random.chance(ctx.phoneE164MissingRate), acceptsSMS);
    keys.push(...phoneKeys(value));
    nodes.push(node);
    return value;
  };
  const typeEmail = (address: string, copied: boolean): string => {
    let typed = copied ? address : random.chance(0.1) ? caseVariant(random, address) : address;
    let node = `mailbox:${mailboxOf(typed)}`;
    if (random.chance(ctx.typoRate)) {
      typed = misTypeEmail(random, typed);
      // A slip that only moves a dot of a Gmail address still reaches the mailbox.
      if (mailboxOf(typed) !== mailboxOf(address)) {
        node = ctx.typoNode();
        holdIdentifier(ctx.registry, node, person.key);
      }
    }
    keys.push(`email:${typed.toLowerCase()}`);
    nodes.push(node);
    return typed;
  };

  if (random.chance(0.85)) fields.cellPhone = typePhoneField(person.mobile, true);
  if (person.household && random.chance(0.6)) fields.homePhone = typePhoneField(person.household.landline);
  if (person.company && random.chance(0.6)) fields.workPhone = typePhoneField(person.company.switchboard);
  if (person.secondPhone && random.chance(0.5)) fields.otherPhone = typePhoneField(person.secondPhone);
  const sender = senderAddress && random.chance(0.7) ? senderAddress : null;
  if (sender) fields.personalEmail = typeEmail(sender, true);
  else if (random.chance(0.75)) fields.personalEmail = typeEmail(person.emails[0]!, false);
  if (person.emails[1] && random.chance(0.5)) fields.workEmail = typeEmail(person.emails[1], false);
  if (random.chance(0.4)) fields.address = { ...person.address };
  return { fields, keys, nodes };
}
