import type { ExternalContact } from '../dataset/types.js';
import { asciiName, drawMailbox, mailboxOf } from './emails.js';
import { COMPANY_WORDS, PLUS_TAGS, localeOf, type Locale } from './locales.js';
import { GENERATOR_COUNTRIES, GENERATED_CHANNELS, type GeneratedChannel, type GeneratorParams } from './params.js';
import { drawPhone, type DrawnPhone, type DrawnPhones } from './phones.js';
import type { Random } from './random.js';

type Address = NonNullable<ExternalContact['address']>;

/** A landline shared by the members of one household. */
export interface Household {
  landline: DrawnPhone;
  lastName: string;
  /** First name of the member the line is registered to (the household's first member). */
  subscriberFirstName: string;
  address: Address;
  capacity: number;
  members: Person[];
}

/** An employer whose outgoing calls all show the switchboard's number. */
export interface Company {
  name: string;
  domain: string;
  switchboard: DrawnPhone;
  capacity: number;
  employees: Person[];
}

/** One real customer and the identifiers they own. */
export interface Person {
  /** The truth key, `customer-000001`. */
  key: string;
  firstName: string;
  lastName: string;
  mobile: DrawnPhone;
  /** A second personal number (a work mobile, or a personal landline nobody else uses). */
  secondPhone: DrawnPhone | null;
  /** Base addresses (lower case): [personal, second?]. */
  emails: string[];
  /** The plus-tag this person sometimes writes from, or null. */
  plusTag: string | null;
  household: Household | null;
  company: Company | null;
  /** Web messaging cookie ids of the person's own browsers (persistent across sessions). */
  cookies: string[];
  /** WhatsApp profile name, or null when the person does not use WhatsApp. */
  whatsappName: string | null;
  channelWeights: Record<GeneratedChannel, number>;
  /** 0 = the home division, 1 = the second division. */
  division: 0 | 1;
  address: Address;
}

/** Who holds an identifier, as generation facts: the basis of the evidence groups. */
export interface IdentifierFacts {
  holders: Set<string>;
  /** A one-off identifier nobody can be recognised by (a fresh web messaging cookie). */
  anonymous: boolean;
}

/** Identifier node id → facts. Node ids: `phone:+E164`, `mailbox:<mailboxOf>`, `cookie:<id>`, `typo:<n>`. */
export type IdentifierRegistry = Map<string, IdentifierFacts>;

/** Registers `holder` on `node` (creating the node). */
export function holdIdentifier(registry: IdentifierRegistry, node: string, holder: string, anonymous = false): void {
  const facts = registry.get(node);
  if (facts) facts.holders.add(holder);
  else registry.set(node, { holders: new Set([holder]), anonymous });
}

/** Evidence node of a phone number. */
export const phoneNode = (e164: string): string => `phone:${e164}`;
/** Evidence node of a web messaging cookie. */
export const cookieNode = (cookie: string): string => `cookie:${cookie}`;

function drawAddress(random: Random, locale: Locale): Address {
  const [city, state, prefix] = random.pick(locale.cities);
  const digits = String(random.int(0, 999)).padStart(3, '0');
  return {
    address1: locale.streetLine(random.int(1, 240), random.pick(locale.streets)),
    city,
    state,
    postalCode: locale.postalCode(prefix, digits),
    countryCode: locale.country,
  };
}

function personalWeights(random: Random, params: GeneratorParams, usesWhatsapp: boolean): Record<GeneratedChannel, number> {
  const weights = {} as Record<GeneratedChannel, number>;
  let total = 0;
  for (const channel of GENERATED_CHANNELS) {
    const base = params.channelMix[channel] * (0.25 + 1.5 * random.next());
    weights[channel] = channel === 'whatsapp' && !usesWhatsapp ? 0 : base;
    total += weights[channel];
  }
  return total > 0 ? weights : { ...params.channelMix };
}

/**
 * Draws the customers: names (plausible for the country; some copied from an earlier stranger),
 * phones, mailboxes, browsers, households sharing a landline and companies behind a switchboard.
 * Every identifier is registered in `registry` with its holders. `usedPhones` keeps numbers unique
 * and records their kinds.
 */
export function drawPeople(
  random: Random,
  params: GeneratorParams,
  registry: IdentifierRegistry,
  usedPhones: DrawnPhones,
): Person[] {
  const locale = localeOf(params.country);
  const takenMail = new Set<string>();
  const people: Person[] = [];
  let openHousehold: Household | null = null;
  let openCompany: Company | null = null;
  const width = Math.max(6, String(params.customers).length);

  for (let i = 0; i < params.customers; i++) {
    const key = `customer-${String(i + 1).padStart(width, '0')}`;
    const female = random.chance(0.5);
    let firstName = random.pick(female ? locale.femaleNames : locale.maleNames);
    let lastName = random.pick(locale.lastNames);

    let household: Household | null = null;
    if (random.chance(params.householdRate)) {
      if (!openHousehold || openHousehold.members.length >= openHousehold.capacity) {
        openHousehold = {
          landline: drawPhone(random, locale, 'landline', usedPhones),
          lastName,
          subscriberFirstName: firstName,
          address: drawAddress(random, locale),
          capacity: random.int(2, 4),
          members: [],
        };
      } else if (random.chance(0.75)) {
        lastName = openHousehold.lastName;
      }
      household = openHousehold;
    }

    let company: Company | null = null;
    if (random.chance(params.switchboardRate)) {
      if (!openCompany || openCompany.employees.length >= openCompany.capacity) {
        const name = `${random.pick(COMPANY_WORDS[0])} ${random.pick(COMPANY_WORDS[1])}`;
        openCompany = {
          name,
          domain: `${name.toLowerCase().replace(/\s+/g, '-')}${random.int(2, 99)}.${locale.companyTld}`,
          switchboard: drawPhone(random, locale, 'landline', usedPhones),
          capacity: random.int(3, 12),
          employees: [],
        };
      }
      company = openCompany;
    }

    if (people.length > 0 && random.chance(params.sameNameRate)) {
      const stranger = random.pick(people);
      if (!household || stranger.household !== household) {
        firstName = stranger.firstName;
        lastName = stranger.lastName;
      }
    }

    const foreign = random.chance(params.foreignPhoneRate);
    const mobileLocale = foreign
      ? localeOf(random.pick(GENERATOR_COUNTRIES.filter((c) => c !== params.country)))
      : locale;
    const mobile = drawPhone(random, mobileLocale, 'mobile', usedPhones);
    const secondPhone = random.chance(params.secondPhoneRate)
      ? drawPhone(random, locale, random.chance(0.6) ? 'mobile' : 'landline', usedPhones)
      : null;

    const emails = [drawMailbox(random, firstName, lastName, random.weighted(locale.mailProviders), takenMail)];
    if (random.chance(params.secondEmailRate)) {
      if (company) {
        const base = `${asciiName(firstName)}.${asciiName(lastName)}`;
        let address = `${base}@${company.domain}`;
        for (let n = 2; takenMail.has(mailboxOf(address)); n++) address = `${base}${n}@${company.domain}`;
        takenMail.add(mailboxOf(address));
        emails.push(address);
      } else {
        emails.push(drawMailbox(random, firstName, lastName, random.weighted(locale.mailProviders), takenMail));
      }
    }

    const usesWhatsapp = random.chance(0.6);
    const person: Person = {
      key,
      firstName,
      lastName,
      mobile,
      secondPhone,
      emails,
      plusTag: random.chance(params.plusTagRate) ? random.pick(PLUS_TAGS) : null,
      household,
      company,
      cookies: Array.from({ length: random.chance(0.3) ? 2 : 1 }, () => random.uuid()),
      whatsappName: usesWhatsapp ? random.pick([`${firstName} ${lastName}`, firstName, `${firstName} ${lastName[0]}.`]) : null,
      channelWeights: personalWeights(random, params, usesWhatsapp),
      division: random.chance(params.secondDivisionRate) ? 1 : 0,
      address: household ? household.address : drawAddress(random, locale),
    };
    household?.members.push(person);
    company?.employees.push(person);
    people.push(person);

    holdIdentifier(registry, phoneNode(mobile.e164), key);
    if (secondPhone) holdIdentifier(registry, phoneNode(secondPhone.e164), key);
    if (household) holdIdentifier(registry, phoneNode(household.landline.e164), key);
    if (company) holdIdentifier(registry, phoneNode(company.switchboard.e164), key);
    for (const email of emails) holdIdentifier(registry, `mailbox:${mailboxOf(email)}`, key);
    for (const cookie of person.cookies) holdIdentifier(registry, cookieNode(cookie), key);
  }
  return people;
}
