import {
  customerParticipants, sessionAddress, type ConversationInput, type IdentifierOwnership, type Normalizer,
} from '../merge/index.js';

/** US state and territory codes: a caller-ID name ending in one is a rate centre (`BOSTON MA`), not a subscriber. */
const US_STATE_CODES: ReadonlySet<string> = new Set([
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD',
  'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD',
  'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'PR', 'GU', 'VI', 'AS', 'MP',
]);

/** Caller-ID names (CNAM) carry at most 15 characters: a name that long may end in a cut word. */
const CNAM_MAX_LENGTH = 15;

/**
 * The subscriber a caller-ID name (the customer participant's name on an inbound call) names, or
 * null when it names no one: placeholders (`WIRELESS CALLER`, `UNKNOWN`) and rate centres
 * (`CHICAGO IL`). Carriers deliver the name of the line's subscriber, not of the caller: a
 * household's landline shows one member's name whoever calls, a switchboard the company's. A name
 * of the maximum length loses its last (possibly cut) word, so `RODRIGUEZ CHRIS` (for Christopher)
 * never reads as another person.
 */
export function callerIdSubscriber(raw: string | undefined, normalizer: Normalizer): string | null {
  const text = raw?.trim();
  if (!text) return null;
  const words = text.split(/\s+/);
  if (words.length >= 2 && US_STATE_CODES.has(words.at(-1)!.toUpperCase()) && /^[A-Za-z .'-]+$/.test(text)) return null;
  const kept = text.length >= CNAM_MAX_LENGTH && words.length > 1 ? words.slice(0, -1).join(' ') : text;
  return normalizer.name(kept) === null ? null : kept;
}

/**
 * Ownership facts from caller ID: for each inbound call's customer number, the subscriber its
 * caller-ID name names (see {@link callerIdSubscriber}). Combined with the names of the contacts
 * seen with the number, a subscriber who is someone else than the caller's contact (a household
 * member, a company) shows the number is shared, so it selects nothing on its own; a mobile whose
 * caller ID names its owner stays personal.
 */
export function callerIdOwnership(conversations: Iterable<ConversationInput>, normalizer: Normalizer): Map<string, IdentifierOwnership> {
  const names = new Map<string, Set<string>>();
  for (const conversation of conversations) {
    for (const participant of customerParticipants(conversation)) {
      for (const session of participant.sessions ?? []) {
        const media = (session.mediaType ?? '').toLowerCase();
        if ((media !== 'voice' && media !== 'callback') || (session.direction ?? 'inbound').toLowerCase() !== 'inbound') continue;
        const subscriber = callerIdSubscriber(participant.participantName, normalizer);
        const address = subscriber ? sessionAddress(session, normalizer) : null;
        if (!address || address.type !== 'phone') continue;
        const set = names.get(address.key) ?? new Set<string>();
        set.add(subscriber!);
        names.set(address.key, set);
      }
    }
  }
  return new Map([...names].map(([key, set]) => [key, { contactIds: [], names: [...set].sort() }]));
}
