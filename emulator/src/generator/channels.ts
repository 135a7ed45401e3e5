import type { ContactIdentifierType, ExternalContact } from '../dataset/types.js';
import type { Addresses } from './conversations.js';
import { caseVariant, mailboxOf, misTypeEmail, plusTagged } from './emails.js';
import { localeOf } from './locales.js';
import type { OrgSetup } from './org.js';
import type { GeneratorParams } from './params.js';
import { cookieNode, holdIdentifier, phoneNode, type IdentifierRegistry, type Person } from './people.js';
import { systemPhoneNumber, telUri, whatsappId, type DrawnPhone } from './phones.js';
import type { Random } from './random.js';
import type { PlannedInteraction } from './schedule.js';

/** ANI of a call with the caller id withheld (RFC 3261 §8.1.1.3's anonymous URI; how Genesys writes it is UNCONFIRMED). */
export const WITHHELD_ANI = 'sip:anonymous@anonymous.invalid';

/** One identifier the customer's channel presented: how Genesys matches it and records it. */
export interface UsedIdentifier {
  /** Identity-resolution key (contacts.ts). */
  key: string;
  /** Evidence node (people.ts). */
  node: string;
  type: ContactIdentifierType;
  value: string;
}

/** What the customer's side of an interaction looks like on the platform. */
export interface ChannelIdentity {
  addresses: Addresses;
  customerName?: string;
  /** In Genesys's resolution order for the channel. Empty for a withheld caller id. */
  used: UsedIdentifier[];
  /** Fields of the Ephemeral contact Genesys creates when nothing matches. */
  ephemeralFields: Partial<ExternalContact>;
  /** The From address of an inbound email, else null. */
  senderAddress: string | null;
}

interface ChannelContext {
  random: Random;
  params: GeneratorParams;
  org: OrgSetup;
  registry: IdentifierRegistry;
  typoNode(): string;
  /** Caller names already given to numbers (E.164 → name), so a number always shows the same one. */
  callerNames: Map<string, string>;
}

/** CNAM carries at most 15 characters, upper case. */
const cnam = (text: string) => text.toUpperCase().slice(0, 15).trim();

/**
 * The caller name US carriers deliver with a call (CNAM), which Genesys shows as the customer
 * participant's name: the subscriber of a household landline (the same for every member), the
 * company behind a switchboard, and for a personal number "WIRELESS CALLER", the number's rate
 * centre ("CHICAGO IL") or the owner's name. Stable per number. Other countries' carriers
 * rarely deliver names, and none is given for foreign numbers.
 */
function callerName(ctx: ChannelContext, person: Person, line: DrawnPhone): string | undefined {
  if (ctx.params.country !== 'US' || line.country !== 'US') return undefined;
  const known = ctx.callerNames.get(line.e164);
  if (known !== undefined) return known;
  let name: string;
  if (person.household?.landline === line) name = cnam(`${person.household.lastName} ${person.household.subscriberFirstName}`);
  else if (person.company?.switchboard === line) name = cnam(person.company.name);
  else {
    const { random } = ctx;
    const [city, state] = random.pick(localeOf('US').cities);
    name = random.weighted([
      ['WIRELESS CALLER', 5],
      [cnam(`${city.slice(0, 12)} ${state}`), 3],
      [cnam(`${person.lastName} ${person.firstName}`), 2],
    ] as const);
  }
  ctx.callerNames.set(line.e164, name);
  return name;
}

const phoneUse = (phone: DrawnPhone): Omit<UsedIdentifier, 'type' | 'value'> => ({
  key: `phone:${phone.e164}`,
  node: phoneNode(phone.e164),
});

/** The line a person calls from: a shared line sometimes, a second phone sometimes, else the mobile. */
function callingLine(random: Random, params: GeneratorParams, person: Person): DrawnPhone {
  const shared = [person.household?.landline, person.company?.switchboard].filter((p): p is DrawnPhone => !!p);
  if (shared.length > 0 && random.chance(params.sharedLineUseRate)) return random.pick(shared);
  if (person.secondPhone && random.chance(0.25)) return person.secondPhone;
  return person.mobile;
}

/**
 * How the interaction's channel presents the customer: voice ANI `tel:+E164` (DNIS the org's
 * number; reversed for callbacks), email From as the person wrote it (plus-tags, letter case),
 * SMS sender `+E164`, WhatsApp sender as digits without `+`, web messaging a per-browser cookie
 * (fresh for anonymous sessions) with sometimes an email typed into the pre-chat form.
 */
export function channelIdentity(ctx: ChannelContext, plan: PlannedInteraction): ChannelIdentity {
  const { random, params, org } = ctx;
  const person = plan.person;
  const fullName = `${person.firstName} ${person.lastName}`;
  switch (plan.channel) {
    case 'voice': {
      const orgLine = random.chance(0.25) ? org.salesLine : org.mainLine;
      if (plan.direction === 'outbound') {
        const dialed = person.secondPhone && random.chance(0.2) ? person.secondPhone : person.mobile;
        return {
          addresses: { ani: telUri(orgLine.e164), dnis: telUri(dialed.e164) },
          used: [{ ...phoneUse(dialed), type: 'Phone', value: dialed.e164 }],
          ephemeralFields: { otherPhone: systemPhoneNumber(dialed) },
          senderAddress: null,
        };
      }
      if (random.chance(params.withheldCallerIdRate)) {
        return { addresses: { ani: WITHHELD_ANI, dnis: telUri(orgLine.e164) }, used: [], ephemeralFields: {}, senderAddress: null };
      }
      const line = callingLine(random, params, person);
      const name = callerName(ctx, person, line);
      return {
        addresses: { ani: telUri(line.e164), dnis: telUri(orgLine.e164) },
        ...(name ? { customerName: name } : {}),
        used: [{ ...phoneUse(line), type: 'Phone', value: line.e164 }],
        ephemeralFields: { otherPhone: systemPhoneNumber(line) },
        senderAddress: null,
      };
    }
    case 'email': {
      const base = person.emails[1] && random.chance(0.3) ? person.emails[1] : person.emails[0]!;
      const orgAddress = random.chance(0.2) ? org.salesEmail : org.supportEmail;
      if (plan.direction === 'outbound') {
        return {
          addresses: { addressFrom: orgAddress, addressTo: base },
          used: [{ key: `email:${base}`, node: `mailbox:${mailboxOf(base)}`, type: 'Email', value: base }],
          ephemeralFields: { personalEmail: base },
          senderAddress: null,
        };
      }
      let written = person.plusTag && random.chance(0.5) ? plusTagged(base, person.plusTag) : base;
      if (random.chance(params.emailCaseVariantRate)) written = caseVariant(random, written);
      return {
        addresses: { addressFrom: written, addressTo: orgAddress },
        ...(random.chance(0.8) ? { customerName: fullName } : {}),
        used: [{ key: `email:${written.toLowerCase()}`, node: `mailbox:${mailboxOf(written)}`, type: 'Email', value: written }],
        ephemeralFields: { personalEmail: written },
        senderAddress: written,
      };
    }
    case 'sms': {
      const sender = person.mobile;
      return {
        addresses: { addressFrom: sender.e164, addressTo: org.smsNumber.e164 },
        used: [{ ...phoneUse(sender), type: 'Phone', value: sender.e164 }],
        ephemeralFields: { cellPhone: { ...systemPhoneNumber(sender), acceptsSMS: true } },
        senderAddress: null,
      };
    }
    case 'whatsapp': {
      const digits = whatsappId(person.mobile.e164);
      const displayName = person.whatsappName ?? person.firstName;
      return {
        addresses: { addressFrom: digits, addressTo: whatsappId(org.whatsappNumber.e164) },
        customerName: displayName,
        used: [{ key: `whatsapp:${digits}`, node: phoneNode(person.mobile.e164), type: 'SocialWhatsapp', value: digits }],
        ephemeralFields: { whatsAppId: { phoneNumber: systemPhoneNumber(person.mobile), displayName } },
        senderAddress: null,
      };
    }
    case 'webmessaging': {
      let cookie: string;
      if (random.chance(params.anonymousWebSessionRate)) {
        cookie = random.uuid();
        holdIdentifier(ctx.registry, cookieNode(cookie), person.key, true);
      } else {
        cookie = random.pick(person.cookies);
      }
      const used: UsedIdentifier[] = [{ key: `cookie:${cookie}`, node: cookieNode(cookie), type: 'Cookie', value: cookie }];
      const ephemeralFields: Partial<ExternalContact> = {};
      let customerName: string | undefined;
      if (random.chance(params.webFormEmailRate)) {
        let typed = person.emails[0]!;
        let node = `mailbox:${mailboxOf(typed)}`;
        if (random.chance(params.typoRate)) {
          typed = misTypeEmail(random, typed);
          // A slip that only moves a dot of a Gmail address still reaches the mailbox.
          if (mailboxOf(typed) !== mailboxOf(person.emails[0]!)) {
            node = ctx.typoNode();
            holdIdentifier(ctx.registry, node, person.key);
          }
        }
        used.push({ key: `email:${typed.toLowerCase()}`, node, type: 'Email', value: typed });
        customerName = random.chance(0.6) ? fullName : person.firstName;
        ephemeralFields.personalEmail = typed;
        ephemeralFields.firstName = person.firstName;
        if (customerName === fullName) ephemeralFields.lastName = person.lastName;
      }
      return {
        addresses: { addressTo: org.webDeploymentId },
        ...(customerName ? { customerName } : {}),
        used,
        ephemeralFields,
        senderAddress: null,
      };
    }
  }
}
