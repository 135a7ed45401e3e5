import { IDENTIFIER_NAMESPACE } from './identifiers.js';
import type { ContactInput } from './input.js';
import { normalizeEmail, normalizeMessagingId } from './normalize.js';

/**
 * The blocking key of an identifier key: phones by their last seven digits, everything else by
 * the key itself. Contacts are indexed by blocking keys computed from their raw fields without
 * parsing (`contactBlockingKeys`), so finding the holders of an identifier parses only the few
 * contacts that share its block, not every contact read (the record-linkage blocking technique).
 */
export function blockingKeyOf(key: string): string {
  return key.startsWith('phone:') ? `p:${key.replace(/\D/g, '').slice(-7)}` : key;
}

const PHONE_TAIL = /(?:ext|x|#|;)/i;

/** The last seven digits written before any extension marker (`ext`, `x`, `#`, `;`), or null when there are fewer. */
function lastSevenDigits(raw: string): string | null {
  let end = raw.length;
  const marker = raw.search(PHONE_TAIL);
  if (marker >= 0) end = marker;
  let digits = '';
  for (let i = end - 1; i >= 0 && digits.length < 7; i--) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) digits = raw[i] + digits;
  }
  return digits.length === 7 ? digits : null;
}

/**
 * Every blocking key the identifiers of a contact can have (a superset of the blocking keys of
 * `extractContactIdentifiers`), from string operations only: phone fields by the last seven
 * digits of what was written (an extension cut off), emails, messaging ids and external ids by
 * their identifier key.
 */
export function contactBlockingKeys(contact: ContactInput): string[] {
  const out = new Set<string>();
  const phone = (raw: string | undefined) => {
    if (!raw) return;
    const tail = lastSevenDigits(raw);
    if (tail !== null) out.add(`p:${tail}`);
  };
  const email = (raw: string | undefined) => {
    const value = raw ? normalizeEmail(raw) : null;
    if (value) out.add(`email:${value}`);
  };
  const messaging = (namespace: string, raw: string | undefined) => {
    const value = raw ? normalizeMessagingId(namespace, raw) : null;
    if (value) out.add(`messagingId:${value}`);
  };
  for (const field of [contact.cellPhone, contact.homePhone, contact.workPhone, contact.otherPhone, contact.whatsAppId?.phoneNumber]) {
    phone(field?.e164);
    phone(field?.userInput);
    phone(field?.display);
  }
  email(contact.personalEmail);
  email(contact.workEmail);
  email(contact.otherEmail);
  for (const id of contact.facebookId?.ids ?? []) messaging('facebook', id.scopedId);
  for (const id of contact.instagramId?.ids ?? []) messaging('instagram', id.scopedId);
  for (const id of contact.lineId?.ids ?? []) messaging('line', id.userId);
  messaging('twitter', contact.twitterId?.id);
  for (const id of contact.appleOpaqueIds ?? []) messaging('apple', id.value);
  for (const identifier of contact.identifiers ?? []) {
    const raw = identifier.value;
    if (!raw || !identifier.type) continue;
    if (identifier.type === 'Phone' || identifier.type === 'SocialWhatsapp') phone(raw);
    else if (identifier.type === 'Email') email(raw);
    else if (identifier.type === 'ExternalId') out.add(`externalId:identifier:${raw.trim()}`);
    else if (IDENTIFIER_NAMESPACE[identifier.type]) messaging(IDENTIFIER_NAMESPACE[identifier.type]!, raw);
  }
  for (const external of contact.externalIds ?? []) {
    if (external.value?.trim()) out.add(`externalId:${external.externalSource?.id ?? 'unknown'}:${external.value.trim()}`);
  }
  return [...out];
}
