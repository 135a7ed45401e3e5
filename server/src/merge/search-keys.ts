import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ExtractedIdentifier, IdentifierSource } from './identifiers.js';
import type { Person } from './person.js';

/** One exact-match filter value for the analytics details query (reference §2.2 segmentFilters). */
export interface SearchKey {
  dimension: 'ani' | 'dnis' | 'addressFrom' | 'addressTo' | 'externalContactId';
  /** The value exactly as Genesys stores it. */
  value: string;
  /** Optional narrowing (a clause `mediaType` / `messageType`); the value alone is unambiguous. */
  mediaType?: string;
  messageType?: string;
}

/**
 * The stored forms to query for an identifier, because the details query matches filter values
 * exactly as stored: voice `ani`/`dnis` as `tel:+E164`, SMS `addressFrom`/`addressTo` as `+E164`,
 * WhatsApp as bare digits, messaging ids as the channel wrote them, emails as written. The raw
 * form a session address was read in is queried too when it differs, and so are an email's
 * as-written form wherever it was read and its mailbox under the tenant's rules (`mailbox`).
 *
 * Emails: besides the lower-case form, the letter-case forms mail clients and people commonly
 * produce are queried (`emailCaseForms`). Other case and plus-tag variants cannot be predicted,
 * so an email search finds only the forms listed here. The engine copes by also querying
 * `externalContactId` for every contact that holds the email (found by
 * `identifierlookup/contacts` and from the anchor's linked contacts): Genesys links each email
 * conversation to its contact whatever the case, so the contact ids reach the variants.
 * Names (weak) and externalIds are never searched: `[]`.
 */
export function searchKeysFor(
  identifier: Pick<ExtractedIdentifier, 'type' | 'value'> & { raw?: string; source?: IdentifierSource; mailbox?: string },
): SearchKey[] {
  const keys: SearchKey[] = [];
  const push = (key: SearchKey) => {
    if (!keys.some((k) => k.dimension === key.dimension && k.value === key.value)) keys.push(key);
  };
  switch (identifier.type) {
    case 'phone': {
      const digits = identifier.value.replace(/^\+/, '');
      push({ dimension: 'ani', value: `tel:${identifier.value}` });
      push({ dimension: 'dnis', value: `tel:${identifier.value}` });
      push({ dimension: 'addressFrom', value: identifier.value, mediaType: 'message', messageType: 'sms' });
      push({ dimension: 'addressTo', value: identifier.value, mediaType: 'message', messageType: 'sms' });
      push({ dimension: 'addressFrom', value: digits, mediaType: 'message', messageType: 'whatsapp' });
      push({ dimension: 'addressTo', value: digits, mediaType: 'message', messageType: 'whatsapp' });
      // A session address stored in another form (`tel:+1 555…`, `sip:…`): query it as stored.
      if (identifier.source === 'session' && identifier.raw && !/^(?:tel:)?\+?\d+$/.test(identifier.raw.trim())) {
        push({ dimension: 'ani', value: identifier.raw.trim() });
        push({ dimension: 'addressFrom', value: identifier.raw.trim() });
      }
      break;
    }
    case 'email':
      for (const form of emailCaseForms(identifier.value)) {
        push({ dimension: 'addressFrom', value: form, mediaType: 'email' });
        push({ dimension: 'addressTo', value: form, mediaType: 'email' });
      }
      // The untagged mailbox (`jane@…` for `jane+shop@…`) is the variant customers write most.
      if (identifier.mailbox && identifier.mailbox !== identifier.value) {
        push({ dimension: 'addressFrom', value: identifier.mailbox, mediaType: 'email' });
        push({ dimension: 'addressTo', value: identifier.mailbox, mediaType: 'email' });
      }
      if (identifier.raw && identifier.raw.trim() !== identifier.value) {
        push({ dimension: 'addressFrom', value: identifier.raw.trim(), mediaType: 'email' });
        push({ dimension: 'addressTo', value: identifier.raw.trim(), mediaType: 'email' });
      }
      break;
    case 'messagingId': {
      const colon = identifier.value.indexOf(':');
      const namespace = identifier.value.slice(0, colon);
      const id = identifier.value.slice(colon + 1);
      const messageType = namespace === 'cookie' ? 'webmessaging' : namespace;
      push({ dimension: 'addressFrom', value: id, mediaType: 'message', messageType });
      push({ dimension: 'addressTo', value: id, mediaType: 'message', messageType });
      break;
    }
    case 'externalContactId':
      push({ dimension: 'externalContactId', value: identifier.value });
      break;
    default:
      return [];
  }
  return keys;
}

/**
 * Everything to search for a person (see `IdentityIndex.personOf`): the stored forms of every
 * personal identifier reached (emails also as written on sessions and contacts), and
 * `externalContactId` for every contact reached. The engine
 * grows the person from the anchor with the contacts it has read (the anchor's linked contacts
 * and `identifierlookup/contacts` answers), searches these keys, reads the new contacts the
 * results link to, and may repeat once: each round reaches one more contact hop.
 */
export function searchKeysForPerson(person: Pick<Person, 'keys' | 'contacts' | 'ownContacts' | 'mailboxes' | 'writtenForms'>): SearchKey[] {
  const out = new Map<string, SearchKey>();
  const mailboxOf = new Map<string, string>();
  for (const [mailbox, key] of person.mailboxes) mailboxOf.set(key, mailbox);
  for (const key of [...person.keys].sort()) {
    const colon = key.indexOf(':');
    const type = key.slice(0, colon) as ExtractedIdentifier['type'];
    const value = key.slice(colon + 1);
    const mailbox = mailboxOf.get(key);
    const forms = [undefined, ...(person.writtenForms.get(key) ?? [])];
    for (const raw of forms) {
      for (const searchKey of searchKeysFor({ type, value, ...(mailbox ? { mailbox } : {}), ...(raw ? { raw } : {}) })) {
        out.set(`${searchKey.dimension}|${searchKey.value}`, searchKey);
      }
    }
  }
  for (const id of [...new Set([...person.ownContacts, ...person.contacts])].sort()) {
    out.set(`externalContactId|${id}`, { dimension: 'externalContactId', value: id });
  }
  return [...out.values()];
}

/**
 * The letter-case forms an address is commonly written in: all lower case, all upper case, and
 * words capitalised in the local part and/or the domain (`Jane.Doe@Gmail.Com`,
 * `Jane.Doe@gmail.com`, `jane.doe@Gmail.Com`), as mail clients and autocapitalising keyboards
 * write them. Takes a normalised (lower-case) address; the first form is the address itself.
 */
export function emailCaseForms(email: string): string[] {
  const at = email.lastIndexOf('@');
  if (at <= 0) return [email];
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const title = (text: string) => text.replace(/(^|[._\-+])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
  return [...new Set([email, email.toUpperCase(), `${title(local)}@${title(domain)}`, `${title(local)}@${domain}`, `${local}@${title(domain)}`])];
}

/**
 * The contact keyword search (`GET …/externalcontacts/contacts?q=`, reference §3.2) that finds
 * the contacts an exact lookup cannot, for an identifier key, or null:
 * - a phone (`phone:+E164`): its national significant number. Agents type numbers in national
 *   format and a contact may keep them without `e164`, where the identifier lookup (E.164 only)
 *   never finds them; the digits do, whatever the punctuation around them.
 * - an email, when plus-tags are stripped (`stripPlusTags`): the untagged local part, which begins
 *   the address itself and its tagged variants (`jane+shop@…`), whatever contact records them: the
 *   analytics query matches addresses exactly (a tag cannot be guessed) and the identifier lookup
 *   answers with one holder only.
 * How the platform tokenises keywords is UNCONFIRMED (the emulator matches prefixes and digits).
 */
export function contactQueryFor(key: string, rules: { stripPlusTags: boolean }): string | null {
  const colon = key.indexOf(':');
  const type = key.slice(0, colon);
  const value = key.slice(colon + 1);
  if (type === 'phone') {
    const national = parsePhoneNumberFromString(value)?.nationalNumber;
    return national && national.length >= 6 ? String(national) : null;
  }
  if (type === 'email' && rules.stripPlusTags) {
    const at = value.lastIndexOf('@');
    const local = at > 0 ? value.slice(0, at).split('+')[0]! : '';
    return local.length >= 3 ? local : null;
  }
  return null;
}

/** Longest undotted local part whose dot variants are searched (each variant is two predicates). */
const MAX_DOT_VARIANT_LOCAL = 24;

/**
 * For an address at a domain that ignores dots (`ignoreDotsDomains`, e.g. gmail.com), the stored
 * forms one dot away from its mailbox: the undotted local part and every way of putting one dot
 * in it (`flaurent` → `f.laurent`, `fl.aurent`, …), as sender and recipient. People and agents
 * drop, add or move a dot; the details query matches addresses exactly, and the mailbox (one
 * person's: the provider never hands a dot variant to someone else) cannot be searched as such.
 * Lower case only; `[]` for other domains or a longer local part.
 */
export function dotVariantKeys(email: string, ignoreDotsDomains: readonly string[]): SearchKey[] {
  const at = email.lastIndexOf('@');
  if (at <= 0) return [];
  const domain = email.slice(at + 1).toLowerCase();
  if (!ignoreDotsDomains.some((d) => d.toLowerCase() === domain)) return [];
  const local = email.slice(0, at).toLowerCase().split('+')[0]!.replace(/\./g, '');
  if (local.length < 2 || local.length > MAX_DOT_VARIANT_LOCAL) return [];
  const forms = [local];
  for (let i = 1; i < local.length; i++) forms.push(`${local.slice(0, i)}.${local.slice(i)}`);
  return forms.flatMap((form) => [
    { dimension: 'addressFrom' as const, value: `${form}@${domain}`, mediaType: 'email' },
    { dimension: 'addressTo' as const, value: `${form}@${domain}`, mediaType: 'email' },
  ]);
}
