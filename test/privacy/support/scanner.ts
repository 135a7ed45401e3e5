/**
 * Finds personal data of a dataset (phone numbers in every form, emails, names) and secrets in
 * text: logs, audit rows, metrics, the client bundle. Phone numbers are matched by their digits,
 * so `(617) 555-0142`, `617.555.0142`, `+1 617 555 0142` and `tel:+16175550142` all count.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Dataset } from '../../../emulator/src/index.js';

/** One thing that must not appear, and the forms it is looked for in. */
export interface Needle {
  kind: 'phone' | 'email' | 'name' | 'secret';
  /** What it is, for the report (never the value itself for secrets). */
  label: string;
  /** Exact substrings (case-insensitive for emails and names). */
  literals: string[];
  /** Phones: digit strings a run of digits (separators dropped) must not equal or contain. */
  digits?: string[];
  /** Names: matched as whole words only. */
  words?: boolean;
}

/** One finding: which needle, where, and a little context (the value masked). */
export interface Finding {
  kind: Needle['kind'];
  label: string;
  source: string;
  context: string;
}

const MIN_NAME_LENGTH = 4;

/** The needles of one phone number as written anywhere in a dataset. */
export function phoneNeedle(raw: string, defaultCountry: CountryCode, label = raw): Needle | null {
  const text = raw.replace(/^tel:/i, '').trim();
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  const literals = new Set<string>([text]);
  const digits = new Set<string>();
  const own = text.replace(/\D/g, '');
  if (own.length >= 7) digits.add(own);
  if (parsed) {
    literals.add(parsed.number);
    literals.add(parsed.formatNational());
    literals.add(parsed.formatInternational());
    digits.add(parsed.number.replace(/\D/g, ''));
    if (String(parsed.nationalNumber).length >= 7) digits.add(String(parsed.nationalNumber));
  }
  if (digits.size === 0) return null;
  return { kind: 'phone', label, literals: [...literals].filter((l) => l.length >= 7), digits: [...digits] };
}

function nameNeedles(parts: Array<string | undefined>, label: string, alone: boolean): Needle[] {
  const present = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim());
  const needles: Needle[] = [];
  if (present.length > 1) needles.push({ kind: 'name', label, literals: [present.join(' ')], words: true });
  if (alone) {
    for (const part of present) if (part.length >= MIN_NAME_LENGTH) needles.push({ kind: 'name', label: `${label} (${part.length} letters)`, literals: [part], words: true });
  }
  return needles;
}

const isEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

/**
 * Every phone number, email and name of `dataset`'s customers (contacts and the customer side of
 * conversations) and of its users (full names and emails: their single names are common words).
 */
export function datasetNeedles(dataset: Dataset): Needle[] {
  const country = (dataset.org.defaultCountry ?? 'US') as CountryCode;
  const needles: Needle[] = [];
  const seen = new Set<string>();
  const add = (needle: Needle | null) => {
    if (!needle) return;
    const key = `${needle.kind}:${needle.literals.join('|').toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    needles.push(needle);
  };
  const addValue = (value: string, label: string) => {
    const bare = value.replace(/^(tel|mailto|sms|whatsapp):/i, '').trim();
    if (isEmail(bare)) add({ kind: 'email', label, literals: [bare] });
    else if (/^\+?[\d\s().-]{7,}$/.test(bare)) add(phoneNeedle(bare, country, label));
  };

  for (const contact of dataset.externalContacts as unknown as Array<Record<string, unknown>>) {
    const label = `contact ${String(contact.id)}`;
    for (const needle of nameNeedles([contact.firstName as string, contact.middleName as string, contact.lastName as string], label, true)) add(needle);
    for (const [key, value] of Object.entries(contact)) {
      if (/phone/i.test(key) && value && typeof value === 'object') {
        for (const form of Object.values(value as Record<string, unknown>)) if (typeof form === 'string') add(phoneNeedle(form, country, `${label} ${key}`));
      }
      if (/email/i.test(key) && typeof value === 'string') add({ kind: 'email', label: `${label} ${key}`, literals: [value] });
    }
    for (const identifier of (contact.identifiers ?? []) as Array<{ type?: string; value?: string }>) {
      if (identifier.value) addValue(identifier.value, `${label} identifier ${identifier.type ?? ''}`);
    }
    for (const profile of ['whatsAppId', 'lineId', 'facebookId', 'twitterId', 'instagramId', 'appleOpaqueId'] as const) {
      const entry = contact[profile] as Record<string, unknown> | undefined;
      for (const [key, value] of Object.entries(entry ?? {})) {
        if (typeof value !== 'string') continue;
        if (key === 'displayName') for (const needle of nameNeedles(value.split(/\s+/), `${label} ${profile}`, true)) add(needle);
        else addValue(value, `${label} ${profile}`);
      }
      const phone = (entry?.phoneNumber ?? null) as Record<string, unknown> | null;
      for (const value of Object.values(phone ?? {})) if (typeof value === 'string') add(phoneNeedle(value, country, `${label} ${profile}`));
    }
  }
  for (const conversation of dataset.conversations as unknown as Array<{ conversationId: string; participants: Array<Record<string, unknown>> }>) {
    for (const participant of conversation.participants) {
      if (participant.purpose !== 'customer' && participant.purpose !== 'external') continue;
      const label = `conversation ${conversation.conversationId} customer`;
      if (typeof participant.participantName === 'string') {
        for (const needle of nameNeedles(participant.participantName.split(/\s+/), label, true)) add(needle);
      }
      for (const session of (participant.sessions ?? []) as Array<Record<string, unknown>>) {
        for (const key of ['ani', 'addressFrom', 'addressOther', 'remoteNameDisplayable']) {
          const value = session[key];
          if (typeof value === 'string' && value !== '') addValue(value, `${label} ${key}`);
        }
      }
    }
  }
  for (const user of dataset.users) {
    for (const needle of nameNeedles(user.name.split(/\s+/), `user ${user.id}`, false)) add(needle);
    add({ kind: 'email', label: `user ${user.id} email`, literals: [user.email] });
  }
  return needles;
}

/** A secret that must not appear (the label says which one; the value is never reported). */
export function secretNeedle(label: string, value: string): Needle {
  return { kind: 'secret', label, literals: [value] };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Compiled {
  needle: Needle;
  pattern: RegExp | null;
  digits: Set<string>;
}

/** Scans texts for needles; build once, scan many sources. */
export function createScanner(needles: readonly Needle[]) {
  const compiled: Compiled[] = needles.map((needle) => {
    const alternatives = needle.literals.filter((l) => l.length > 0).map(escapeRegExp);
    const body = alternatives.join('|');
    const flags = needle.kind === 'secret' ? 'g' : 'gi';
    const pattern = body === '' ? null : new RegExp(needle.words ? `(?<![\\p{L}\\p{N}_])(?:${body})(?![\\p{L}\\p{N}_])` : `(?:${body})`, `${flags}u`);
    return { needle, pattern, digits: new Set(needle.digits ?? []) };
  });
  const phones = compiled.filter((c) => c.digits.size > 0);
  // Digit runs with the separators people write phone numbers with.
  const digitRun = /\+?\d[\d ().\-/]{5,24}\d/g;

  const mask = (text: string, from: number, to: number) =>
    `${text.slice(Math.max(0, from - 40), from)}«${'•'.repeat(Math.min(12, to - from))}»${text.slice(to, to + 40)}`.replace(/\s+/g, ' ');

  return {
    /** Every needle found in `text` (at most one finding per needle and source). */
    scan(source: string, text: string): Finding[] {
      const findings: Finding[] = [];
      for (const { needle, pattern } of compiled) {
        if (!pattern) continue;
        pattern.lastIndex = 0;
        const match = pattern.exec(text);
        if (match) findings.push({ kind: needle.kind, label: needle.label, source, context: mask(text, match.index, match.index + match[0].length) });
      }
      if (phones.length > 0) {
        const reported = new Set(findings.map((f) => f.label));
        for (const run of text.matchAll(digitRun)) {
          const digits = run[0].replace(/\D/g, '');
          for (const { needle, digits: forms } of phones) {
            if (reported.has(needle.label)) continue;
            if ([...forms].some((form) => digits === form || (form.length >= 10 && digits.includes(form)))) {
              reported.add(needle.label);
              findings.push({ kind: 'phone', label: needle.label, source, context: mask(text, run.index, run.index + run[0].length) });
            }
          }
        }
      }
      return findings;
    },
  };
}
