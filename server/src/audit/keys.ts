import { createHmac, hkdfSync } from 'node:crypto';

/** What kind of customer identifier a pseudonym stands for. */
export type IdentifierKind = 'phone' | 'email' | 'name' | 'messagingId';

const PREFIX: Record<IdentifierKind, string> = { phone: 'ph', email: 'em', name: 'nm', messagingId: 'mi' };

/** The two keys the audit log derives from its HMAC key: pseudonyms, and the chain's seals. */
export interface AuditKeys {
  /** Keyed pseudonym of an identifier, e.g. `ph_3q2…` (22 base64url characters, 132 bits). */
  pseudonym(kind: IdentifierKind, value: string): string;
  /** Seal of an entry hash, a chain head or an anchor (hex HMAC). */
  seal(kind: 'entry' | 'head' | 'anchor', tenantId: string, seq: number, hash: string): string;
}

/**
 * The normal form an identifier is pseudonymised in, so one person gets one pseudonym however
 * the value was written: phones keep digits and a leading `+` (`tel:`/`sip:` and `00` prefixes
 * handled; pass E.164 for joinable pseudonyms), emails are trimmed and case-folded, names are
 * NFKC, case-folded, with single spaces.
 */
export function normaliseIdentifier(kind: IdentifierKind, value: string): string {
  const text = value.normalize('NFKC').trim();
  switch (kind) {
    case 'phone': {
      const bare = text.replace(/^(tel|sip|sips):/i, '').replace(/@.*$/, '');
      const digits = bare.replace(/\D/g, '');
      if (bare.trim().startsWith('+')) return `+${digits}`;
      return digits.startsWith('00') ? `+${digits.slice(2)}` : digits;
    }
    case 'email':
      return text.replace(/^mailto:/i, '').toLowerCase();
    case 'name':
      return text.toLowerCase().replace(/\s+/g, ' ');
    case 'messagingId':
      return text;
  }
}

/** Derives the audit keys from the 32-byte audit HMAC key (HKDF-SHA-256, one label per use). */
export function deriveAuditKeys(auditKey: Buffer): AuditKeys {
  const derive = (label: string) =>
    Buffer.from(hkdfSync('sha256', auditKey, Buffer.alloc(0), `interaction-merger/audit/${label}/v1`, 32));
  const pseudonymKey = derive('pseudonym');
  const sealKey = derive('chain-seal');
  return {
    pseudonym(kind, value) {
      const mac = createHmac('sha256', pseudonymKey).update(`${kind}\0${normaliseIdentifier(kind, value)}`).digest('base64url');
      return `${PREFIX[kind]}_${mac.slice(0, 22)}`;
    },
    seal(kind, tenantId, seq, hash) {
      const subject = kind === 'entry' ? `${kind}\0${tenantId}\0${hash}` : `${kind}\0${tenantId}\0${seq}\0${hash}`;
      return createHmac('sha256', sealKey).update(subject).digest('hex');
    },
  };
}
