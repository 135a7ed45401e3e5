import { hasPermission, inDivision, type Principal } from '../auth/index.js';
import type { AnalyticsConversation, ExternalContact } from '../dataset/index.js';
import type { EmulatorBehaviour } from '../config/index.js';
import { ApiError, notAuthorized, notFound } from '../http/index.js';

const FULL_DETAIL = 'analytics:conversationDetail:view';

/** A conversation with no division is visible to all; otherwise one of its divisions must be granted. */
export function conversationInDivisions(principal: Principal, record: AnalyticsConversation): boolean {
  return record.divisionIds.length === 0 || record.divisionIds.some((id) => inDivision(principal, id));
}

/**
 * Analytics visibility: divisions, and for a user holding only
 * `analytics:agentConversationDetail:view`, the conversations they took part in (option
 * `agentConversationDetailScope`).
 */
export function analyticsVisible(principal: Principal, record: AnalyticsConversation, behaviour: EmulatorBehaviour): boolean {
  if (!conversationInDivisions(principal, record)) return false;
  if (behaviour.agentConversationDetailScope === 'all' || principal.kind !== 'user' || hasPermission(principal, FULL_DETAIL)) return true;
  return record.participants.some((participant) => participant.userId === principal.userId);
}

/** A contact is visible when its division is granted. */
export function contactVisible(principal: Principal, contact: ExternalContact): boolean {
  return inDivision(principal, contact.division.id);
}

/** The error for a single GET of an entity the caller may not see (option `outOfDivisionStatus`). */
export function hiddenEntity(behaviour: EmulatorBehaviour, entityName: string, id: string): ApiError {
  return behaviour.outOfDivisionStatus === 404 ? notFound(entityName, id) : notAuthorized(entityName, id);
}
