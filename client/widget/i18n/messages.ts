/**
 * Localised wording for the codes the backend sends (reasons, validation problems, merge steps,
 * channels). The backend sends codes and parameters, never sentences, so the widget words them.
 */
import { msg, str } from '@lit/localize';
import type { Channel, MergeStep, Reason, ValidationProblem } from '../../../server/src/http/contract.js';

type IdentifierType = NonNullable<Reason['identifierType']>;

/** The channel's name (`Voice`, `Email`, …). */
export function channelLabel(channel: Channel): string {
  switch (channel) {
    case 'voice': return msg('Voice', { id: 'channel.voice' });
    case 'chat': return msg('Chat', { id: 'channel.chat' });
    case 'webmessaging': return msg('Web messaging', { id: 'channel.webmessaging' });
    case 'email': return msg('Email', { id: 'channel.email' });
    case 'sms': return msg('SMS', { id: 'channel.sms' });
    case 'whatsapp': return msg('WhatsApp', { id: 'channel.whatsapp' });
    default: return msg('Messaging', { id: 'channel.messaging' });
  }
}

function identifierLabel(type: IdentifierType | null): string {
  switch (type) {
    case 'phone': return msg('phone number', { id: 'identifier.phone' });
    case 'email': return msg('email address', { id: 'identifier.email' });
    case 'messagingId': return msg('messaging account', { id: 'identifier.messagingId' });
    case 'externalContactId': return msg('contact record', { id: 'identifier.externalContactId' });
    case 'name': return msg('name', { id: 'identifier.name' });
    default: return msg('identifier', { id: 'identifier.other' });
  }
}

/** Why a candidate was picked, in plain words (with the masked identifier when there is one). */
export function reasonText(reason: Reason): string {
  const masked = reason.masked ?? '';
  const what = identifierLabel(reason.identifierType);
  switch (reason.code) {
    case 'same_contact':
      return msg('Linked to the same customer contact', { id: 'reason.same_contact' });
    case 'phone_match':
      return msg(str`Same phone number ${masked}`, { id: 'reason.phone_match' });
    case 'email_match':
      return msg(str`Same email address ${masked}`, { id: 'reason.email_match' });
    case 'email_variant_match':
      return msg(str`Same mailbox ${masked} (written differently)`, { id: 'reason.email_variant_match' });
    case 'messaging_id_match':
      return msg(str`Same messaging account ${masked}`, { id: 'reason.messaging_id_match' });
    case 'contact_identifier_match':
      // The linked contact itself (no identifier to show) is another contact of the same customer.
      if (reason.identifierType === 'externalContactId') return msg('Linked to another contact of this customer', { id: 'reason.linked_contact' });
      return msg(str`The ${what} ${masked} is on the customer's contact`, { id: 'reason.contact_identifier_match' });
    case 'shared_identifier':
      if (reason.identifierType === 'externalContactId') {
        return msg('Linked to a contact several customers share: not enough on its own', { id: 'reason.shared_contact' });
      }
      return msg(str`Shared ${what} ${masked}: used by several customers, not enough on its own`, {
        id: 'reason.shared_identifier',
      });
    case 'name_match':
      return msg('Same name only: not enough on its own', { id: 'reason.name_match' });
    case 'time_proximity':
      return msg('Close in time to this interaction', { id: 'reason.time_proximity' });
    case 'conflicting_identifier':
      if (reason.identifierType === 'externalContactId') return msg("Linked to another person's contact", { id: 'reason.conflicting_contact' });
      return msg(str`A different ${what} ${masked} belongs to another person`, { id: 'reason.conflicting_identifier' });
    default:
      return msg('Other evidence', { id: 'reason.other' });
  }
}

function numberParam(problem: ValidationProblem, ...names: string[]): string {
  for (const name of names) {
    const value = problem.params[name];
    if (value !== undefined && value !== null && value !== '') return String(value);
  }
  return '?';
}

/**
 * A validation problem in plain words. `which` names the interaction concerned (e.g. "Email,
 * 12 Mar 2026, 14:05") when the problem is about one; the sentence is then prefixed with it.
 * Parameters read: `retention_expired` {retentionDays | days}; `too_few_contacts` {min};
 * `too_many_contacts` {count, max}; `merge_set_too_large` {size | count, max}.
 */
export function problemText(problem: ValidationProblem, which: string | null): string {
  const text = problemSentence(problem);
  return which ? msg(str`${which}: ${text}`, { id: 'problem.withInteraction' }) : text;
}

function problemSentence(problem: ValidationProblem): string {
  switch (problem.code) {
    case 'retention_expired': {
      const days = numberParam(problem, 'retentionDays', 'days');
      return msg(str`Older than the analytics retention of ${days} days, so it can no longer be merged.`, {
        id: 'problem.retention_expired',
      });
    }
    case 'purged':
      return msg('Deleted from Genesys Cloud, so it can no longer be merged.', { id: 'problem.purged' });
    case 'not_found':
      return msg('Not found in Genesys Cloud.', { id: 'problem.not_found' });
    case 'continuity_conflict':
      return msg('A phone number or email address conflicts: these interactions seem to belong to different people.', {
        id: 'problem.continuity_conflict',
      });
    case 'no_common_evidence':
      // A warning when only weak evidence links it (a shared line, a name): the agent may know better.
      if (problem.params['evidence'] === 'weak') {
        return msg('Only a shared phone line or a name links it to this customer. Merge it only if you know it is the same person.', {
          id: 'problem.no_common_evidence_weak',
        });
      }
      return msg('Nothing links it to this customer. Remove it, or add an interaction that connects them.', {
        id: 'problem.no_common_evidence',
      });
    case 'too_few_contacts': {
      const min = numberParam(problem, 'min');
      return msg(str`A merge needs at least ${min} different contacts. Select another interaction of this customer.`, {
        id: 'problem.too_few_contacts',
      });
    }
    case 'too_many_contacts': {
      const count = numberParam(problem, 'count');
      const max = numberParam(problem, 'max');
      return msg(str`${count} contacts selected; Genesys Cloud merges at most ${max} at a time.`, {
        id: 'problem.too_many_contacts',
      });
    }
    case 'merge_set_too_large': {
      const size = numberParam(problem, 'size', 'count');
      const max = numberParam(problem, 'max');
      return msg(str`The merged contact would combine ${size} contacts; the limit is ${max}.`, {
        id: 'problem.merge_set_too_large',
      });
    }
    case 'division_not_allowed':
      return msg('In a division you are not allowed to merge.', { id: 'problem.division_not_allowed' });
    case 'conversation_active':
      return msg('Still in progress. Merge it once it has ended.', { id: 'problem.conversation_active' });
    case 'already_merged':
      return msg('Already part of this merged session.', { id: 'problem.already_merged' });
    case 'no_customer':
      return msg('No customer contact to merge.', { id: 'problem.no_customer' });
    default:
      return msg('This selection cannot be merged.', { id: 'problem.other' });
  }
}

/** What the merge is doing at this step. */
export function stepLabel(step: MergeStep | null): string {
  switch (step) {
    case 'validate': return msg('Checking the interactions', { id: 'step.validate' });
    case 'merge_contacts': return msg('Merging the contacts', { id: 'step.merge_contacts' });
    case 'associate': return msg('Linking the interactions', { id: 'step.associate' });
    case 'confirm': return msg('Confirming with Genesys Cloud', { id: 'step.confirm' });
    case 'reconcile': return msg('Building the session timeline', { id: 'step.reconcile' });
    case 'record': return msg('Recording the merge', { id: 'step.record' });
    default: return msg('Waiting to start', { id: 'step.queued' });
  }
}

/** The merge steps in order (for the progress list). */
export const MERGE_STEPS: readonly MergeStep[] = ['validate', 'merge_contacts', 'associate', 'confirm', 'reconcile', 'record'];

/** A contact field's name for the preview (`firstName` → `First name`; unknown fields as sent). */
export function fieldLabel(field: string): string {
  switch (field) {
    case 'firstName': return msg('First name', { id: 'field.firstName' });
    case 'middleName': return msg('Middle name', { id: 'field.middleName' });
    case 'lastName': return msg('Last name', { id: 'field.lastName' });
    case 'title': return msg('Title', { id: 'field.title' });
    case 'workPhone': return msg('Work phone', { id: 'field.workPhone' });
    case 'cellPhone': return msg('Mobile phone', { id: 'field.cellPhone' });
    case 'homePhone': return msg('Home phone', { id: 'field.homePhone' });
    case 'otherPhone': return msg('Other phone', { id: 'field.otherPhone' });
    case 'workEmail': return msg('Work email', { id: 'field.workEmail' });
    case 'personalEmail': return msg('Personal email', { id: 'field.personalEmail' });
    case 'otherEmail': return msg('Other email', { id: 'field.otherEmail' });
    case 'address': return msg('Address', { id: 'field.address' });
    case 'externalOrganization': return msg('Organization', { id: 'field.externalOrganization' });
    default: return field;
  }
}
