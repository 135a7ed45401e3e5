import { LitElement, html } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { JobProgressEvent } from '../../../../server/src/http/contract.js';
import { MERGE_STEPS, stepLabel } from '../../i18n/index.js';
import { sharedStyles } from '../../theme/index.js';
import { mergeProgressStyles } from './merge-progress.styles.js';

/**
 * A running merge: a progress bar and the steps done, under way and to come, from the server's
 * progress events. The current step is announced politely to screen readers.
 */
@localized()
export class ImMergeProgress extends LitElement {
  static override styles = [sharedStyles, mergeProgressStyles];

  /** The latest progress event; null before the first one arrives. */
  @property({ attribute: false }) progress: JobProgressEvent | null = null;

  override render() {
    const progress = this.progress;
    const total = progress?.totalSteps || MERGE_STEPS.length;
    const completed = Math.min(total, progress?.completedSteps ?? 0);
    const current = progress?.step ?? null;
    const label = stepLabel(current);
    const position = Math.min(total, completed + 1);
    return html`
      <h2>${msg('Merging…', { id: 'progress.title' })}</h2>
      <progress max=${total} .value=${completed} aria-label=${msg('Merge progress', { id: 'progress.label' })}></progress>
      <p class="status" role="status" aria-live="polite">${msg(str`Step ${position} of ${total}: ${label}`, { id: 'progress.status' })}</p>
      <ol>
        ${MERGE_STEPS.map((step, index) => {
          const state = index < completed ? 'done' : index === completed ? 'current' : 'pending';
          return html`<li class=${state} data-step=${step}>
            <span class="mark" aria-hidden="true">${state === 'done' ? '✓' : state === 'current' ? '›' : '·'}</span>
            <span>${stepLabel(step)}${state === 'done' ? html`<span class="visually-hidden"> ${msg('(done)', { id: 'progress.done' })}</span>` : ''}</span>
          </li>`;
        })}
      </ol>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'im-merge-progress': ImMergeProgress;
  }
}
