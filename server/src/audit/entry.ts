import { z } from 'zod';
import { AppError } from '../errors/index.js';
import type { IdentifierKind } from './keys.js';

/** Who acted: an agent or admin (Genesys user id), a service (OAuth client id) or the system itself. */
export interface AuditActor {
  type: 'agent' | 'admin' | 'service' | 'system';
  id: string;
}

/** The result of the audited action. */
export type AuditOutcome = 'success' | 'failure' | 'denied' | 'info';

/** A customer identifier the caller declares by kind; only its keyed pseudonym is stored. */
export interface DeclaredIdentifier {
  kind: IdentifierKind;
  value: string;
  /** What it is in this entry, as a code (e.g. `anchor`, `kept`). */
  role?: string;
}

/** Scalars allowed in `details`: numbers, booleans, null and short codes (no spaces, `@` or `+`). */
export type AuditDetailValue = string | number | boolean | null | Array<string | number>;

/** What a caller records. Free fields accept ids and codes only: identifiers go in `identifiers`. */
export interface AuditInput {
  /** The tenant (Genesys org id), or `SYSTEM_AUDIT_TENANT` for actions outside any tenant. */
  tenantId: string;
  actor: AuditActor;
  /** Dotted lower-case code, e.g. `merge.requested`, `genesys.contacts_merged`, `webhook.dead`. */
  action: string;
  outcome: AuditOutcome;
  correlationId?: string | null;
  /** Opaque record ids (jobId, conversationIds, contactIds, eventId…). */
  ids?: Record<string, string | string[]>;
  identifiers?: DeclaredIdentifier[];
  details?: Record<string, AuditDetailValue>;
  /** Epoch ms; default: the clock's now. */
  at?: number;
}

/** A pseudonymised identifier as stored. */
export interface PseudonymisedIdentifier {
  kind: IdentifierKind;
  role: string | null;
  pseudonym: string;
}

/** A stored entry, as the admin API shows it. */
export interface AuditEntry {
  tenantId: string;
  seq: number;
  id: string;
  /** ISO 8601. */
  at: string;
  actor: AuditActor;
  action: string;
  outcome: AuditOutcome;
  correlationId: string | null;
  ids: Record<string, string | string[]>;
  identifiers: PseudonymisedIdentifier[];
  details: Record<string, AuditDetailValue>;
  prevHash: string;
  hash: string;
}

/** The chain of actions outside any tenant (e.g. key rotation). */
export const SYSTEM_AUDIT_TENANT = '_system';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
const CODE = /^[A-Za-z0-9_.:/-]{0,100}$/;
const KEY = /^[a-z][A-Za-z0-9]{0,40}$/;
/** Detail keys that would invite a raw identifier; use `identifiers` instead. */
const IDENTIFIER_KEY = /(phone|email|e_?mail|name|address|ani|dnis|msisdn|mobile|contactinfo)$/i;

/** A value that reads like a phone number: 7 or more digits, once separators are removed. */
function looksLikePhone(value: string): boolean {
  return /^\+?[\d\s().-]{7,}$/.test(value) && value.replace(/\D/g, '').length >= 7;
}

const idValue = z
  .string()
  .regex(ID, 'must be an opaque id (letters, digits, . _ : -)')
  .refine((value) => !looksLikePhone(value), 'looks like a phone number: declare it in identifiers');

const detailString = z
  .string()
  .regex(CODE, 'must be a code without spaces, @ or + (declare identifiers in identifiers)')
  .refine((value) => !looksLikePhone(value), 'looks like a phone number: declare it in identifiers');

const detailValue = z.union([
  detailString,
  z.number().finite(),
  z.boolean(),
  z.null(),
  z.array(z.union([detailString, z.number().finite()])).max(100),
]);

/** The zod schema every audit input passes (see `validateAuditInput`). */
export const auditInputSchema = z
  .object({
    tenantId: z.string().refine((value) => value === SYSTEM_AUDIT_TENANT || ID.test(value), 'must be an opaque id'),
    actor: z
      .object({ type: z.enum(['agent', 'admin', 'service', 'system']), id: idValue })
      .strict(),
    action: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'must be a dotted lower-case code like merge.requested'),
    outcome: z.enum(['success', 'failure', 'denied', 'info']),
    correlationId: z.string().regex(ID, 'must be an opaque id').nullable().optional(),
    ids: z
      .record(z.string().regex(KEY, 'must be a camelCase key'), z.union([idValue, z.array(idValue).max(200)]))
      .optional(),
    identifiers: z
      .array(
        z
          .object({
            kind: z.enum(['phone', 'email', 'name', 'messagingId']),
            value: z.string().min(1).max(320),
            role: z.string().regex(/^[a-z][a-z0-9_]{0,40}$/, 'must be a lower-case code').optional(),
          })
          .strict(),
      )
      .max(100)
      .optional(),
    details: z
      .record(
        z
          .string()
          .regex(KEY, 'must be a camelCase key')
          .refine((key) => !IDENTIFIER_KEY.test(key), 'names an identifier: declare it in identifiers'),
        detailValue,
      )
      .optional(),
    at: z.number().int().nonnegative().optional(),
  })
  .strict();

/** Validates an audit input; AppError 400 `audit_entry_invalid` naming the field otherwise. */
export function validateAuditInput(input: AuditInput): AuditInput {
  const result = auditInputSchema.safeParse(input);
  if (result.success) return result.data as AuditInput;
  const issue = result.error.issues[0]!;
  // A key that failed validation may itself be an identifier: it is not repeated in the message.
  const safe = (part: PropertyKey) => (typeof part === 'number' || KEY.test(String(part)) ? String(part) : '<key>');
  const field = issue.path.map(safe).join('.') || '(entry)';
  const message =
    issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map(safe).join(', ')}` : issue.message;
  throw new AppError('audit_entry_invalid', 400, `Audit entry rejected: ${field}: ${message}`, {
    details: { field },
  });
}
