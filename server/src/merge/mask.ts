import type { IdentifierType } from './types.js';

const DOTS = '••••';

/** A phone for an agent list: `•••• 4567` (the last four digits only). */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 0 ? DOTS : `${DOTS} ${digits.slice(-4)}`;
}

/** An email for an agent list: `j•••@example.com` (the first character and the domain). */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return DOTS;
  return `${email[0]}•••${email.slice(at)}`;
}

/**
 * A messaging id for an agent list: the channel and the last four characters,
 * `facebook ••••7890`; ids of four characters or fewer are fully masked.
 */
export function maskMessagingId(value: string): string {
  const colon = value.indexOf(':');
  const namespace = colon > 0 ? value.slice(0, colon) : '';
  const id = colon > 0 ? value.slice(colon + 1) : value;
  const tail = id.length > 4 ? id.slice(-4) : '';
  return namespace ? `${namespace} ${DOTS}${tail}` : `${DOTS}${tail}`;
}

/** A name for an agent list: initials, `J. D.`. */
export function maskName(name: string): string {
  const initials = name.split(/\s+/).filter(Boolean).map((part) => `${[...part][0]!.toUpperCase()}.`);
  return initials.length === 0 ? DOTS : initials.join(' ');
}

/**
 * The display mask of a normalised identifier by type (see `ExtractedIdentifier.value`).
 * Contact ids are not customer data and are shown as they are.
 */
export function maskIdentifier(type: IdentifierType, value: string): string {
  switch (type) {
    case 'phone': return maskPhone(value);
    case 'email': return maskEmail(value);
    case 'messagingId': return maskMessagingId(value);
    case 'name': return maskName(value);
    case 'externalContactId': return value;
  }
}
