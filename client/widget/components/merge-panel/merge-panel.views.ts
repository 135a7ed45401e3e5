/**
 * Stateless pieces of the merge panel's views: the current interaction, the merged-session
 * banner, the missing-permission note and the success screen.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { ContextResponse, Job } from '../../../../server/src/http/contract.js';
import { channelLabel, formatDateTime, formatList } from '../../i18n/index.js';
import { channelIcon } from '../channel-icon.js';

/** The interaction the widget is bound to, its customer, and its merged-session status. */
export function currentInteraction(context: ContextResponse): TemplateResult {
  const { conversation, customer, alreadyMerged } = context;
  const when = alreadyMerged ? formatDateTime(alreadyMerged.mergedAt) : '';
  const who = alreadyMerged?.mergedBy ?? '';
  return html`<section class="current" aria-labelledby="current-title">
    <h2 id="current-title">${msg('This interaction', { id: 'panel.currentTitle' })}</h2>
    <div class="current-row">
      ${channelIcon(conversation.channel)}
      <span class="main">
        <span class="title">${channelLabel(conversation.channel)} · ${formatDateTime(conversation.startTime)}</span>
        <span class="muted">${[customer.displayName, conversation.maskedAddress].filter(Boolean).join(' · ')}</span>
      </span>
    </div>
    ${alreadyMerged
      ? html`<p class="notice info merged-banner" role="status">
          ${msg(str`Already part of a merged session: merged on ${when} by ${who}.`, { id: 'panel.currentMerged' })}
        </p>`
      : nothing}
  </section>`;
}

/** Why the Merge button is disabled for this agent, naming the permissions to ask for. */
export function missingMergePermission(missing: string[]): TemplateResult {
  return html`<div class="notice warning no-merge-permission" role="status">
    <p>${msg('You can preview, but your Genesys Cloud role does not allow merging.', { id: 'panel.noMerge' })}</p>
    ${missing.length > 0
      ? html`<p>${msg('Ask your administrator to add:', { id: 'panel.noMergeAsk' })}</p>
          <ul class="missing">${missing.map((permission) => html`<li><code>${permission}</code></li>`)}</ul>`
      : nothing}
  </div>`;
}

export interface SuccessActions {
  showInteraction(): void;
  showContact(contactId: string): void;
  done(): void;
}

/** The merge finished: what happened, and links into the agent desktop. */
export function mergeSucceeded(job: Job, actions: SuccessActions): TemplateResult {
  const result = job.result;
  const n = result?.conversationIds.length ?? job.conversationIds.length;
  const channels = result ? formatList([...new Set(result.channelSequence)].map(channelLabel)) : '';
  return html`<section class="success" aria-labelledby="success-title">
    <div class="notice success" role="status">
      <h2 id="success-title">${msg('Merged', { id: 'panel.successTitle' })}</h2>
      <p>${msg(str`${n} interactions are now one customer session.`, { id: 'panel.successText' })}
        ${channels ? msg(str`Channels: ${channels}.`, { id: 'panel.successChannels' }) : nothing}</p>
    </div>
    <div class="actions">
      <button class="btn-link" @click=${actions.showInteraction}>${msg('Open the interaction details', { id: 'panel.openInteraction' })}</button>
      ${result
        ? html`<button class="btn-link" @click=${() => actions.showContact(result.contactId)}>
            ${msg('Open the merged contact', { id: 'panel.openContact' })}</button>`
        : nothing}
    </div>
    <div class="actions">
      <button class="btn btn-secondary" @click=${actions.done}>${msg('Done', { id: 'panel.done' })}</button>
    </div>
  </section>`;
}

/** The merge job ended in failure: the server's reason and a way back to the preview. */
export function mergeFailed(job: Job, back: () => void): TemplateResult {
  const reference = job.error?.correlationId ?? job.id;
  return html`<div class="notice error merge-failed" role="alert">
    <p>${msg('The merge did not complete. Preview again to see where things stand, then retry.', { id: 'panel.failed' })}</p>
    <p class="muted">${msg(str`Reference for support: ${reference}`, { id: 'notice.reference' })}</p>
    <div class="actions"><button class="btn btn-secondary" @click=${back}>${msg('Back to the preview', { id: 'panel.backToPreview' })}</button></div>
  </div>`;
}
