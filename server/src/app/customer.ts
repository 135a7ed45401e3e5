import type { DeclaredIdentifier } from '../audit/index.js';
import type { CustomerIdentifier } from '../crm/index.js';
import { normalizeEmail, normalizeWhatsAppId, parsePhone, type MergePlan, type MergeResult } from '../merge/index.js';

/** The merged customer as the CRM receives it, and the same identifiers for the audit log (pseudonymised there). */
export interface MergedCustomer {
  displayName: string | null;
  identifiers: CustomerIdentifier[];
  /** Phones and emails, for `AuditInput.identifiers` (never stored in clear). */
  declared: DeclaredIdentifier[];
}

const PHONE_FIELDS = ['cellPhone', 'homePhone', 'workPhone', 'otherPhone'];
const EMAIL_FIELDS = ['personalEmail', 'workEmail', 'otherEmail'];

function phoneText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const phone = value as { e164?: unknown; display?: unknown };
    if (typeof phone.e164 === 'string' && phone.e164) return phone.e164;
    if (typeof phone.display === 'string') return phone.display;
  }
  return null;
}

/**
 * The customer of a completed merge, from its plan: the name and the phones and emails the
 * merged contact holds (the plan's chosen and relocated values, normalised: E.164, case-folded),
 * plus the canonical contact id. The plan decided these values and the merge request carried
 * them, so no read is needed.
 */
export function mergedCustomer(plan: MergePlan, result: MergeResult, defaultCountry: string): MergedCustomer {
  const identifiers: CustomerIdentifier[] = [{ type: 'externalContactId', value: result.contactId }];
  const declared: DeclaredIdentifier[] = [];
  const values = new Map<string, unknown>();
  for (const decision of plan.fieldDecisions) values.set(decision.field, decision.chosen.value);
  for (const [field, value] of Object.entries(plan.valueOverride)) if (!values.has(field)) values.set(field, value);

  for (const field of PHONE_FIELDS) {
    const text = phoneText(values.get(field));
    const parsed = text ? parsePhone(text, defaultCountry) : null;
    if (parsed) {
      identifiers.push({ type: 'phone', value: parsed.e164 });
      declared.push({ kind: 'phone', value: parsed.e164, role: 'merged' });
    }
  }
  for (const field of EMAIL_FIELDS) {
    const value = values.get(field);
    const email = typeof value === 'string' ? normalizeEmail(value) : null;
    if (email) {
      identifiers.push({ type: 'email', value: email });
      declared.push({ kind: 'email', value: email, role: 'merged' });
    }
  }
  const whatsApp = values.get('whatsAppId');
  const whatsAppNumber = whatsApp && typeof whatsApp === 'object' ? (whatsApp as { phoneNumber?: unknown }).phoneNumber : whatsApp;
  const whatsAppText = phoneText(whatsAppNumber);
  const whatsAppId = whatsAppText ? normalizeWhatsAppId(whatsAppText) : null;
  if (whatsAppId) {
    identifiers.push({ type: 'messagingId', value: `whatsapp:${whatsAppId}` });
    declared.push({ kind: 'messagingId', value: `whatsapp:${whatsAppId}`, role: 'merged' });
  }

  const name = ['firstName', 'middleName', 'lastName']
    .map((field) => values.get(field))
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .join(' ')
    .trim();
  const displayName = name || (plan.contacts.find((contact) => contact.displayName)?.displayName ?? null);
  if (displayName) declared.push({ kind: 'name', value: displayName, role: 'merged' });
  return { displayName, identifiers, declared };
}
