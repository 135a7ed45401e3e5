import { IDENTIFIER_NAMESPACE } from './identifiers.js';
import type { ContactInput } from './input.js';
import { normalizeEmail, normalizeMessagingId } from './normalize.js';

/**
 * The blocking key of an identifier key: phones by their last seven digits (the digits alone: no
 * other key is made of digits only), everything else by the key itself. Contacts are indexed by
 * blocking keys computed from their raw fields without parsing (`contactBlockingKeys`), so
 * finding the holders of an identifier parses only the few contacts that share its block, not
 * every contact read (the record-linkage blocking technique).
 */
export function blockingKeyOf(key: string): string {
  return key.startsWith('phone:') ? key.replace(/\D/g, '').slice(-7) : key;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Where an extension marker (`ext`, `x`, `#`, `;`, any case) first appears, else the length: a
 * scan of char codes (this runs for every phone field of every contact an index is built over).
 */
function extensionStart(raw: string): number {
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 0x23 /* # */ || code === 0x3b /* ; */) return i;
    const lower = code | 0x20; // a letter's lower case
    if (lower === 0x78 /* x */) return i;
    if (lower === 0x65 /* e */ && (raw.charCodeAt(i + 1) | 0x20) === 0x78 && (raw.charCodeAt(i + 2) | 0x20) === 0x74) return i;
  }
  return raw.length;
}

/** The last seven digits written before any extension marker (`ext`, `x`, `#`, `;`), or null when there are fewer. */
function lastSevenDigits(raw: string): string | null {
  const end = extensionStart(raw);
  // Nearly always the number ends in seven plain digits (E.164, most national forms): one slice.
  let plain = end >= 7;
  for (let i = end - 7; plain && i < end; i++) plain = isDigit(raw.charCodeAt(i));
  if (plain) return raw.slice(end - 7, end);
  let digits = '';
  for (let i = end - 1; i >= 0 && digits.length < 7; i--) {
    if (isDigit(raw.charCodeAt(i))) digits = raw[i] + digits;
  }
  return digits.length === 7 ? digits : null;
}

/** Adds a key unless present (a contact has a handful: a list beats a set). */
function push(out: string[], key: string): void {
  if (!out.includes(key)) out.push(key);
}

function phoneKey(out: string[], raw: string | undefined): void {
  if (!raw) return;
  const tail = lastSevenDigits(raw);
  if (tail !== null) push(out, tail);
}

function emailKey(out: string[], raw: string | undefined): void {
  const value = raw ? normalizeEmail(raw) : null;
  if (value) push(out, `email:${value}`);
}

function messagingKey(out: string[], namespace: string, raw: string | undefined): void {
  const value = raw ? normalizeMessagingId(namespace, raw) : null;
  if (value) push(out, `messagingId:${value}`);
}

function phoneFieldKeys(out: string[], field: { e164?: string; userInput?: string; display?: string } | undefined): void {
  if (!field) return;
  phoneKey(out, field.e164);
  phoneKey(out, field.userInput);
  phoneKey(out, field.display);
}

/**
 * Every blocking key the identifiers of a contact can have (a superset of the blocking keys of
 * `extractContactIdentifiers`), from string operations only: phone fields by the last seven
 * digits of what was written (an extension cut off), emails, messaging ids and external ids by
 * their identifier key. No duplicates.
 */
export function contactBlockingKeys(contact: ContactInput): string[] {
  const out: string[] = [];
  addContactBlockingKeys(out, contact);
  return out;
}

/**
 * `contactBlockingKeys` into `out` (emptied first): an index built over many contacts reuses one
 * list rather than growing a new one for each.
 */
export function addContactBlockingKeys(out: string[], contact: ContactInput): void {
  // Module-level helpers rather than closures: this runs for every contact an index is built over.
  out.length = 0;
  phoneFieldKeys(out, contact.cellPhone);
  phoneFieldKeys(out, contact.homePhone);
  phoneFieldKeys(out, contact.workPhone);
  phoneFieldKeys(out, contact.otherPhone);
  phoneFieldKeys(out, contact.whatsAppId?.phoneNumber);
  emailKey(out, contact.personalEmail);
  emailKey(out, contact.workEmail);
  emailKey(out, contact.otherEmail);
  if (contact.facebookId) for (const id of contact.facebookId.ids ?? []) messagingKey(out, 'facebook', id.scopedId);
  if (contact.instagramId) for (const id of contact.instagramId.ids ?? []) messagingKey(out, 'instagram', id.scopedId);
  if (contact.lineId) for (const id of contact.lineId.ids ?? []) messagingKey(out, 'line', id.userId);
  if (contact.twitterId) messagingKey(out, 'twitter', contact.twitterId.id);
  if (contact.appleOpaqueIds) for (const id of contact.appleOpaqueIds) messagingKey(out, 'apple', id.value);
  if (contact.identifiers) {
    for (const identifier of contact.identifiers) {
      const raw = identifier.value;
      if (!raw || !identifier.type) continue;
      if (identifier.type === 'Phone' || identifier.type === 'SocialWhatsapp') phoneKey(out, raw);
      else if (identifier.type === 'Email') emailKey(out, raw);
      else if (identifier.type === 'ExternalId') push(out, `externalId:identifier:${raw.trim()}`);
      else if (IDENTIFIER_NAMESPACE[identifier.type]) messagingKey(out, IDENTIFIER_NAMESPACE[identifier.type]!, raw);
    }
  }
  if (contact.externalIds) {
    for (const external of contact.externalIds) {
      if (external.value?.trim()) push(out, `externalId:${external.externalSource?.id ?? 'unknown'}:${external.value.trim()}`);
    }
  }
}
