import type { Random } from './random.js';

/** Lower-case ASCII form of a name for an address (`Müller` → `mueller`, `Émilie` → `emilie`). */
export function asciiName(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]/g, '');
}

/**
 * A personal mailbox for `first last` at `domain`, in one of the shapes people choose
 * (`jane.doe`, `janedoe`, `jdoe`, `jane_doe84`, …). `taken` holds the mailbox (`mailboxOf`) of
 * every address already handed out; a number is appended until the mailbox is free, so two people
 * never get Gmail dot-variants of one address (`jane.doe@` and `janedoe@gmail.com` are one
 * mailbox, and Gmail hands it to one person only).
 */
export function drawMailbox(random: Random, first: string, last: string, domain: string, taken: Set<string>): string {
  const f = asciiName(first) || 'user';
  const l = asciiName(last) || 'mail';
  const year = String(random.int(60, 99) + (random.chance(0.3) ? 1900 : 0)).slice(-2);
  const shapes = [
    `${f}.${l}`, `${f}${l}`, `${f[0]}${l}`, `${f}_${l}`, `${f}.${l}${year}`, `${f}${l}${random.int(1, 99)}`,
    `${l}.${f}`, `${f}${year}`, `${f[0]}.${l}`,
  ];
  const base = random.weighted(shapes.map((shape, i) => [shape, [30, 14, 12, 6, 10, 8, 5, 5, 10][i]!] as const));
  let address = `${base}@${domain}`;
  for (let n = 2; taken.has(mailboxOf(address)); n++) address = `${base}${n}@${domain}`;
  taken.add(mailboxOf(address));
  return address;
}

/** `local+tag@domain`. */
export function plusTagged(address: string, tag: string): string {
  const at = address.indexOf('@');
  return `${address.slice(0, at)}+${tag}@${address.slice(at + 1)}`;
}

/**
 * The same address written with other letter case, as mail clients and people do:
 * `Jane.Doe@Gmail.com`, `JANE.DOE@GMAIL.COM`, `jane.doe@Gmail.com`. Always differs from the input
 * when the input has letters.
 */
export function caseVariant(random: Random, address: string): string {
  const at = address.indexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const title = (text: string) => text.replace(/(^|[._\-+])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
  const variants = [
    `${title(local)}@${title(domain)}`,
    `${title(local)}@${domain}`,
    address.toUpperCase(),
    `${local}@${title(domain)}`,
  ].filter((variant) => variant !== address);
  return variants.length > 0 ? random.pick(variants) : address;
}

const DOMAIN_SLIPS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'gmail.com': ['gmial.com', 'gmail.con', 'gmai.com', 'gamil.com'],
  'hotmail.com': ['hotmial.com', 'hotmail.con', 'hotmal.com'],
  'outlook.com': ['outlok.com', 'outlook.con'],
  'yahoo.com': ['yaho.com', 'yahoo.con'],
});

/**
 * One human slip typing an address: a letter dropped, doubled or swapped with its neighbour in
 * the local part, or a misspelt provider (`gmial.com`). Always differs from the input.
 */
export function misTypeEmail(random: Random, address: string): string {
  const at = address.indexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const slips = DOMAIN_SLIPS[domain.toLowerCase()];
  if (slips && random.chance(0.3)) return `${local}@${random.pick(slips)}`;
  const chars = [...local];
  const i = random.int(0, Math.max(0, chars.length - 2));
  const kind = random.weighted([['drop', 4], ['double', 2], ['swap', 4]] as const);
  if (kind === 'swap' && chars.length > 1 && chars[i] !== chars[i + 1]) {
    [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
  } else if (kind === 'drop' && chars.length > 2) {
    chars.splice(i, 1);
  } else {
    chars.splice(i, 0, chars[i] ?? 'x');
  }
  const typed = `${chars.join('')}@${domain}`;
  return typed === address ? `${local}x@${domain}` : typed;
}

/** Domains of Gmail: one mailbox namespace, dots in the local part ignored. */
const GMAIL_DOMAINS: ReadonlySet<string> = new Set(['gmail.com', 'googlemail.com']);

/**
 * The mailbox an address delivers to: lower case, without a plus-tag, and for Gmail without the
 * dots of the local part and under `gmail.com` (Gmail ignores dots and treats googlemail.com as
 * gmail.com: https://support.google.com/mail/answer/7436150).
 */
export function mailboxOf(address: string): string {
  const lower = address.toLowerCase();
  const at = lower.indexOf('@');
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus >= 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}
