import type { AuditVerification } from './log.js';

/** A plain-text report of a verification, one line per chain and per problem. */
export function formatVerification(verification: AuditVerification): string {
  const lines: string[] = [];
  for (const chain of verification.chains) {
    const range = chain.entries > 0 ? ` (seq ${chain.firstSeq}..${chain.lastSeq})` : '';
    const purged = chain.purgedCount > 0 ? `, ${chain.purgedCount} purged (anchor at ${chain.anchorSeq})` : '';
    lines.push(`${(chain.ok ? 'OK' : 'FAIL').padEnd(4)} ${chain.tenantId}: ${chain.entries} ${chain.entries === 1 ? 'entry' : 'entries'}${range}${purged}`);
    for (const problem of chain.problems) {
      lines.push(`     ${problem.kind}${problem.seq !== null ? ` at ${problem.seq}` : ''}: ${problem.message}`);
    }
  }
  if (verification.chains.length === 0) lines.push('No audit chains.');
  lines.push(verification.ok ? 'Audit log verified.' : 'Audit log verification FAILED.');
  return `${lines.join('\n')}\n`;
}
