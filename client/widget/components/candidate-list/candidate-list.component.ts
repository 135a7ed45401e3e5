import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { Candidate } from '../../../../server/src/http/contract.js';
import { emit } from '../../events.js';
import { channelLabel, formatDateTime, formatPercent, reasonText } from '../../i18n/index.js';
import { sharedStyles } from '../../theme/index.js';
import { channelIcon } from '../channel-icon.js';
import { candidateListStyles } from './candidate-list.styles.js';

/** Performance mark set once per page when the first candidates are on screen (bench). */
export const CANDIDATES_VISIBLE_MARK = 'im-candidates-visible';

/**
 * The related interactions: each with its channel, time, masked address, score and the reasons
 * it was picked, ticked when selected (native checkboxes: Tab to move, Space to toggle).
 * Interactions already merged are listed apart, with when and by whom, and cannot be ticked.
 *
 * @fires im-selection-change - the agent ticked or unticked a candidate
 * @csspart item - one candidate's card
 */
@localized()
export class ImCandidateList extends LitElement {
  static override styles = [sharedStyles, candidateListStyles];

  /** The candidates to show, best first. */
  @property({ attribute: false }) candidates: Candidate[] = [];

  /** Conversation ids currently selected. */
  @property({ attribute: false }) selected: ReadonlySet<string> = new Set();

  /** Disables the checkboxes (while a preview or merge runs). */
  @property({ type: Boolean }) disabled = false;

  protected override firstUpdated(): void {
    if (performance.getEntriesByName(CANDIDATES_VISIBLE_MARK).length === 0) performance.mark(CANDIDATES_VISIBLE_MARK);
  }

  private handleChange(event: Event, conversationId: string): void {
    emit(this, 'im-selection-change', { conversationId, selected: (event.target as HTMLInputElement).checked });
  }

  private renderCandidate(candidate: Candidate) {
    const id = candidate.conversationId;
    const isSelected = this.selected.has(id);
    const score = formatPercent(candidate.score);
    return html`<li class="item ${isSelected ? 'selected' : ''}" part="item" data-conversation-id=${id}>
      <label class="row">
        <input
          type="checkbox"
          .checked=${isSelected}
          ?disabled=${this.disabled}
          aria-describedby=${candidate.reasons.length > 0 ? `reasons-${id}` : nothing}
          @change=${(event: Event) => this.handleChange(event, id)}
        />
        ${channelIcon(candidate.channel)}
        <span class="main">
          <span class="title">${channelLabel(candidate.channel)} · ${formatDateTime(candidate.startTime)}</span>
          ${candidate.maskedAddress ? html`<span class="muted address">${candidate.maskedAddress}</span>` : nothing}
        </span>
        <span class="score">${msg(str`Match ${score}`, { id: 'candidates.score' })}</span>
      </label>
      ${candidate.reasons.length > 0
        ? html`<ul class="reasons" id="reasons-${id}">
            ${candidate.reasons.map((reason) => html`<li class=${reason.weight < 0 ? 'negative' : ''}>${reasonText(reason)}</li>`)}
          </ul>`
        : nothing}
    </li>`;
  }

  private renderMerged(candidate: Candidate) {
    const merged = candidate.alreadyMerged!;
    const when = formatDateTime(merged.mergedAt);
    const who = merged.mergedBy;
    return html`<li class="item merged" part="item" data-conversation-id=${candidate.conversationId}>
      <div class="row">
        ${channelIcon(candidate.channel)}
        <span class="main">
          <span class="title">${channelLabel(candidate.channel)} · ${formatDateTime(candidate.startTime)}</span>
          ${candidate.maskedAddress ? html`<span class="muted address">${candidate.maskedAddress}</span>` : nothing}
          <span class="merged-note">${msg(str`Already merged on ${when} by ${who}`, { id: 'candidates.mergedNote' })}</span>
        </span>
      </div>
    </li>`;
  }

  override render() {
    const open = this.candidates.filter((c) => !c.alreadyMerged);
    const merged = this.candidates.filter((c) => c.alreadyMerged);
    const count = open.length;
    return html`
      <section aria-labelledby="suggested-title">
        <h3 id="suggested-title">${msg(str`Related interactions (${count})`, { id: 'candidates.title' })}</h3>
        ${count === 0
          ? html`<p class="muted empty">${msg('No related interactions found. Search below to add one.', { id: 'candidates.empty' })}</p>`
          : html`<ul class="list suggested">${open.map((c) => this.renderCandidate(c))}</ul>`}
      </section>
      ${merged.length > 0
        ? html`<section aria-labelledby="merged-title">
            <h3 id="merged-title">${msg('Already merged', { id: 'candidates.mergedTitle' })}</h3>
            <ul class="list merged-list">${merged.map((c) => this.renderMerged(c))}</ul>
          </section>`
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'im-candidate-list': ImCandidateList;
  }
}
