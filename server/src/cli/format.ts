import type { Candidate, EngineEvent, MergePlan, MergeResult } from '../engine/index.js';
import type { Channel, FieldDecision, Reason, ValidationProblem } from '../merge/index.js';

const CHANNEL_NAMES: Readonly<Record<Channel, string>> = Object.freeze({
  voice: 'voice', chat: 'chat', webmessaging: 'web messaging', email: 'email', sms: 'SMS', whatsapp: 'WhatsApp', messaging: 'messaging',
});

/** A channel as people say it. */
export const channelName = (channel: Channel) => CHANNEL_NAMES[channel] ?? channel;

/** An instant as `2026-11-20 14:54` (UTC), or `—`. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') : iso;
}

/** A reason in words, for people (the widget localises the same codes). */
export function reasonText(reason: Reason): string {
  const what = reason.masked ? ` (${reason.masked})` : '';
  switch (reason.code) {
    case 'same_contact': return 'linked to the same customer contact';
    case 'phone_match': return `same phone number${what}`;
    case 'email_match': return `same email address${what}`;
    case 'email_variant_match': return `same mailbox, written differently${what}`;
    case 'messaging_id_match': return `same messaging id${what}`;
    case 'contact_identifier_match':
      return reason.identifierType === 'externalContactId' ? 'linked to a contact of the same customer' : `recorded on the customer's contact${what}`;
    case 'shared_identifier': return `shared by several people, not enough alone${what}`;
    case 'name_match': return `same name only, not enough alone${what}`;
    case 'time_proximity': return 'close in time';
    case 'conflicting_identifier': return 'belongs to another person';
    default: return reason.code;
  }
}

/** Renders rows as an aligned text table with a header. */
export function table(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(columns), ...rows.map(line)].join('\n');
}

/** The candidates of a conversation, selected ones marked, with their reasons in words. */
export function formatCandidates(anchorId: string, candidates: readonly Candidate[], title = 'Related interactions'): string {
  if (candidates.length === 0) return `${title} of ${anchorId}: none found.\n`;
  const rows = candidates.map((c) => [
    c.alreadyMerged ? 'merged' : c.selected ? 'yes' : 'no',
    c.score.toFixed(2),
    channelName(c.channel),
    when(c.startTime),
    c.maskedAddress ?? '—',
    c.conversationId,
    c.alreadyMerged
      ? `already merged on ${when(c.alreadyMerged.mergedAt)} by ${c.alreadyMerged.mergedBy || 'someone'}`
      : c.reasons.map(reasonText).join('; '),
  ]);
  const selected = candidates.filter((c) => c.selected).length;
  return `${title} of ${anchorId}: ${candidates.length} found, ${selected} selected.\n\n${table(['SELECTED', 'SCORE', 'CHANNEL', 'STARTED (UTC)', 'ADDRESS', 'CONVERSATION', 'WHY'], rows)}\n`;
}

/** A validation problem in words. */
export function problemText(problem: ValidationProblem): string {
  const p = problem.params;
  const subject = problem.conversationId ? `${problem.conversationId}: ` : '';
  const text = (() => {
    switch (problem.code) {
      case 'retention_expired': return `older than the org's analytics retention (${p.ageDays} days old, retention ${p.retentionDays} days)`;
      case 'purged': return 'purged from Genesys Cloud';
      case 'not_found': return 'not found (unknown, purged or not visible)';
      case 'continuity_conflict': return `belongs to another person than ${p.conflictsWith}`;
      case 'no_common_evidence': return p.evidence === 'weak' ? 'only weak evidence links it to the others (a shared line, a name)' : 'nothing links it to the others';
      case 'too_few_contacts': return 'no conversation is linked to a contact';
      case 'too_many_contacts': return `${p.count} contacts, more than the ${p.max} one merge allows`;
      case 'merge_set_too_large': return `the merged contact would hold ${p.size} contacts, more than ${p.max}`;
      case 'division_not_allowed': return `outside the divisions allowed (${p.scope})`;
      case 'conversation_active': return 'still in progress';
      case 'already_merged': return `already merged on ${when(String(p.mergedAt))}`;
      case 'no_customer': return 'has no customer participant';
      default: return problem.code;
    }
  })();
  return `${problem.severity === 'error' ? 'error' : 'warning'}: ${subject}${text}`;
}

const valueText = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    const phone = value as { e164?: string; display?: string; userInput?: string };
    if (phone.e164 || phone.display || phone.userInput) return phone.e164 ?? phone.display ?? phone.userInput ?? '';
  }
  return JSON.stringify(value);
};

function decisionRow(decision: FieldDecision): string[] {
  const losing = decision.losing.map((l) => valueText(l.value)).join(', ');
  const rule = decision.rule === 'relocated' ? `moved from ${decision.relocatedFrom}` : decision.rule.replace('_', ' ');
  return [decision.field, valueText(decision.chosen.value), rule, losing || '—'];
}

/** The plan: validity, contacts, values, associations, timeline and the exact API calls. */
export function formatPlan(plan: MergePlan): string {
  const out: string[] = [];
  out.push(`Merge plan ${plan.planHash.slice(0, 12)}: ${plan.valid ? 'valid' : 'NOT valid'}`);
  out.push(`Conversations (${plan.conversationIds.length}), current one ${plan.anchorConversationId}`);
  if (plan.problems.length > 0) out.push('', 'Problems:', ...plan.problems.map((p) => `  ${problemText(p)}`));
  out.push('', plan.mergeRequired ? `Contacts to merge into one new contact (${plan.contacts.length}):` : 'Contact kept (no merge needed):');
  out.push(table(['CONTACT', 'TYPE', 'NAME', 'MODIFIED (UTC)', 'MERGE SET'], plan.contacts.map((c) => [c.id, c.type, c.displayName ?? '—', when(c.modifyDate), String(c.mergeSetSize)])));
  if (plan.fieldDecisions.length > 0) {
    out.push('', 'Values of the merged contact:');
    out.push(table(['FIELD', 'KEPT', 'RULE', 'NOT KEPT'], plan.fieldDecisions.map(decisionRow)));
  }
  out.push('', `Conversations to associate (${plan.associations.length}):`);
  if (plan.associations.length > 0) {
    out.push(table(['CONVERSATION', 'MEDIA', 'COMMUNICATION', 'NOW LINKED TO'], plan.associations.map((a) => [a.conversationId, a.mediaType, a.communicationId, a.currentContactId ?? '—'])));
  }
  if (plan.timeline) {
    const t = plan.timeline;
    out.push('', `Session: ${when(t.sessionStart)} → ${when(t.sessionEnd)} UTC, ${t.channelSequence.map(channelName).join(' → ')}`);
    out.push(`  authoritative conversation ${t.authoritativeConversationId} (priority ${t.priorityScore}), ${t.events.length} events, ${t.deduplicatedCount} duplicates collapsed`);
  }
  out.push('', `Genesys API calls the merge will make (${plan.apiCalls.length}):`);
  for (const call of plan.apiCalls) out.push(`  ${call.method.padEnd(4)} ${call.path}  (${call.purpose.replace('_', ' ')})`);
  return `${out.join('\n')}\n`;
}

/** One line per engine event (ids only). */
export function eventText(event: EngineEvent): string {
  const ids = Object.entries(event.ids).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : v}`).join(' ');
  return `${event.action.replace(/_/g, ' ')} ${event.outcome}${event.detail ? ` (${event.detail})` : ''} ${ids}`.trimEnd();
}

/** The merge result. */
export function formatResult(result: MergeResult): string {
  const m = result.metrics;
  return [
    `Merged: ${result.conversationIds.length} conversations now belong to contact ${result.contactId}.`,
    result.mergedFromContactIds.length > 0 ? `Merged from contacts: ${result.mergedFromContactIds.join(', ')}` : 'No contact merge was needed.',
    `Session: ${when(result.timeline.sessionStart)} → ${when(result.timeline.sessionEnd)} UTC, ${result.channelSequence.map(channelName).join(' → ')}`,
    `Genesys API calls: ${m.apiCalls} (retries ${m.retries}); ${m.mergeLatencyMs} ms.`,
  ].join('\n') + '\n';
}
