export { createAuditLog } from './log.js';
export type { AuditLog, AuditVerification, AuditQuery, PurgeResult } from './log.js';
export { SYSTEM_AUDIT_TENANT, validateAuditInput } from './entry.js';
export type {
  AuditActor,
  AuditOutcome,
  AuditInput,
  AuditEntry,
  AuditDetailValue,
  DeclaredIdentifier,
  PseudonymisedIdentifier,
} from './entry.js';
export { normaliseIdentifier } from './keys.js';
export type { IdentifierKind } from './keys.js';
export type { AuditProblem, ChainVerification } from './verify.js';
export { formatVerification } from './format.js';
export { startAuditRetention } from './retention.js';
export type { AuditRetention } from './retention.js';
