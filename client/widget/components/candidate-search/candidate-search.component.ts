import { LitElement, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { localized, msg, str } from '@lit/localize';
import type { Candidate } from '../../../../server/src/http/contract.js';
import type { ApiClient } from '../../api/index.js';
import { emit } from '../../events.js';
import { channelLabel, formatDateTime, formatPercent } from '../../i18n/index.js';
import { sharedStyles } from '../../theme/index.js';
import { channelIcon } from '../channel-icon.js';
import { candidateSearchStyles } from './candidate-search.styles.js';

/** Shorter queries are not sent. */
export const MIN_QUERY_LENGTH = 2;
/** The backend's limit on `q`. */
export const MAX_QUERY_LENGTH = 200;

/**
 * A search for an interaction the suggestions missed (`GET /api/v1/candidates/search`); each
 * result can be added to the selection.
 *
 * @fires im-candidate-add - the agent added a found interaction
 */
@localized()
export class ImCandidateSearch extends LitElement {
  static override styles = [sharedStyles, candidateSearchStyles];

  private readonly searchTask = new Task(this, {
    autoRun: false,
    task: async ([q]: readonly [string], { signal }) => this.api!.searchCandidates(this.conversationId, q, signal),
    args: () => [this.query] as const,
  });

  @query('input[type=search]') private input!: HTMLInputElement;

  /** The backend client. */
  @property({ attribute: false }) api: ApiClient | null = null;

  /** The current interaction (the search is relative to it). */
  @property() conversationId = '';

  /** Conversation ids already listed, offered as "already in the list" instead of "Add". */
  @property({ attribute: false }) listed: ReadonlySet<string> = new Set();

  @state() private tooShort = false;
  /** The last query searched (a retry repeats it). */
  private query = '';

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const q = this.input.value.trim();
    this.tooShort = q.length < MIN_QUERY_LENGTH;
    if (this.tooShort) return;
    this.query = q;
    void this.searchTask.run();
  }

  private handleAdd(candidate: Candidate): void {
    emit(this, 'im-candidate-add', { candidate });
  }

  private renderResult(candidate: Candidate) {
    const title = `${channelLabel(candidate.channel)} · ${formatDateTime(candidate.startTime)}`;
    const score = formatPercent(candidate.score);
    let action;
    if (candidate.alreadyMerged) action = html`<span class="muted">${msg('Already merged', { id: 'candidates.mergedTitle' })}</span>`;
    else if (this.listed.has(candidate.conversationId)) action = html`<span class="muted">${msg('In the list', { id: 'search.listed' })}</span>`;
    else {
      action = html`<button class="btn btn-secondary" aria-label=${msg(str`Add ${title}`, { id: 'search.addLabel' })}
        @click=${() => this.handleAdd(candidate)}>${msg('Add', { id: 'search.add' })}</button>`;
    }
    return html`<li data-conversation-id=${candidate.conversationId}>
      ${channelIcon(candidate.channel)}
      <span class="main">
        <span class="title">${title}</span>
        <span class="muted">${candidate.maskedAddress ?? ''} · ${msg(str`Match ${score}`, { id: 'candidates.score' })}</span>
      </span>
      ${action}
    </li>`;
  }

  override render() {
    return html`
      <form role="search" @submit=${this.handleSubmit} novalidate>
        <div class="field">
          <label for="q">${msg('Find an interaction the suggestions missed', { id: 'search.label' })}</label>
          <input id="q" type="search" name="q" autocomplete="off" maxlength=${MAX_QUERY_LENGTH} aria-describedby="q-hint"
            placeholder=${msg('Phone number, email address or messaging id', { id: 'search.placeholder' })} />
        </div>
        <button class="btn btn-secondary" type="submit">${msg('Search', { id: 'search.submit' })}</button>
      </form>
      <p id="q-hint" class="muted hint" aria-live="polite">
        ${this.tooShort ? msg(str`Type at least ${MIN_QUERY_LENGTH} characters.`, { id: 'search.tooShort' }) : nothing}
      </p>
      ${this.searchTask.render({
        pending: () => html`<p class="muted" role="status">${msg('Searching…', { id: 'search.pending' })}</p>`,
        complete: (response) =>
          response.candidates.length === 0
            ? html`<p class="muted" role="status">${msg('No interaction found.', { id: 'search.none' })}</p>`
            : html`<ul class="results" aria-label=${msg('Search results', { id: 'search.results' })}>
                ${response.candidates.map((c) => this.renderResult(c))}
              </ul>`,
        error: (error) => html`<im-problem-notice .error=${error} @im-retry=${() => void this.searchTask.run()}></im-problem-notice>`,
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'im-candidate-search': ImCandidateSearch;
  }
}
