/**
 * What an agent whose Genesys role may not view external contacts sees of them. Genesys itself
 * shows such an agent no contact record; the preview is read with the backend's token, so it
 * masks what the agent's own token could not read: names to initials, phones to their last four
 * digits, emails to their first character and domain, every other text to dots. Ids, types and
 * dates stay (they are not customer data, and the widget needs them to show the plan).
 */
import { holds, type AgentSession } from '../auth/index.js';
import type { ContextResponse } from '../http/index.js';
import { maskEmail, maskName, maskPhone, type MergePlan } from '../merge/index.js';

/** The permission Genesys checks before showing an agent an external contact (reference §7). */
export const CONTACT_VIEW = 'externalContacts:contact:view';

const DOTS = '••••';

/** Whether the agent's role lets them read external contacts (and so see their values unmasked). */
export function mayViewContacts(session: AgentSession): boolean {
  return holds(session.principal.permissions, CONTACT_VIEW);
}

type Mask = (text: string) => string;

/** How a contact field's texts are masked, by the field's name (`cellPhone`, `personalEmail`, `lastName`, …). */
function maskFor(field: string): Mask {
  if (/phone/i.test(field)) return maskPhone;
  if (/email/i.test(field)) return maskEmail;
  if (/name/i.test(field)) return maskName;
  return () => DOTS;
}

/** Masks every text in a field's value (a string, a phone object, an address, a list of them); numbers and booleans stay. */
export function maskFieldValue(field: string, value: unknown, mask: Mask = maskFor(field)): unknown {
  if (typeof value === 'string') return value === '' ? value : mask(value);
  if (Array.isArray(value)) return value.map((item) => maskFieldValue(field, item, mask));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskFieldValue(field, inner, mask)]));
  }
  return value;
}

/** The plan as an agent who may not view contacts sees it: contact names and field values masked, all else as planned. */
export function redactPlanContacts(plan: MergePlan): MergePlan {
  return {
    ...plan,
    contacts: plan.contacts.map((contact) => ({ ...contact, displayName: contact.displayName === null ? null : maskName(contact.displayName) })),
    valueOverride: Object.fromEntries(Object.entries(plan.valueOverride).map(([field, value]) => [field, maskFieldValue(field, value)])),
    fieldDecisions: plan.fieldDecisions.map((decision) => ({
      ...decision,
      chosen: { ...decision.chosen, value: maskFieldValue(decision.field, decision.chosen.value) },
      losing: decision.losing.map((losing) => ({ ...losing, value: maskFieldValue(decision.field, losing.value) })),
    })),
  };
}

/** The context's customer name, masked for an agent who may not view contacts. */
export function redactContextContact<T extends Pick<ContextResponse, 'customer'>>(context: T): T {
  const { displayName } = context.customer;
  return { ...context, customer: { ...context.customer, displayName: displayName === null ? null : maskName(displayName) } };
}
