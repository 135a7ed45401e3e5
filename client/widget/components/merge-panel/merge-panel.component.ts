import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { localized, msg, str } from '@lit/localize';
import type { Candidate, Job, JobProgressEvent, MergeRequest } from '../../../../server/src/http/contract.js';
import { ApiError, type ApiClient } from '../../api/index.js';
import { emit } from '../../events.js';
import type { HostBridge } from '../../host/index.js';
import { channelLabel, formatDateTime } from '../../i18n/index.js';
import { sharedStyles } from '../../theme/index.js';
import { mergePanelStyles } from './merge-panel.styles.js';
import { currentInteraction, mergeFailed, mergeSucceeded, missingMergePermission } from './merge-panel.views.js';

type View = 'select' | 'preview' | 'merging';

interface MergeAttempt {
  request: MergeRequest;
  idempotencyKey: string;
}

/**
 * The signed-in workflow for one interaction: the current interaction, the auto-selected related
 * interactions (adjustable, plus search), the preview, the irreversible-merge confirmation, the
 * merge with live progress, and the outcome with a toast and links into the agent desktop.
 * Every failure is shown by `im-problem-notice` with its way forward; when the interaction itself
 * is forbidden to the agent (no app permission, or not visible to them), that notice is all
 * the panel shows.
 *
 * @fires im-panel-ready - the first candidates are shown (or failed to load)
 * @fires im-sign-in-request - bubbled from a notice after a 401
 */
@localized()
export class ImMergePanel extends LitElement {
  static override styles = [sharedStyles, mergePanelStyles];

  private readonly contextTask = new Task(this, {
    task: async ([conversationId]: readonly [string, number], { signal }) =>
      this.api!.context(conversationId, this.linked(signal)),
    args: () => [this.conversationId, this.refreshCount] as const,
  });

  private readonly candidatesTask = new Task(this, {
    task: async ([conversationId]: readonly [string, number], { signal }) =>
      (await this.api!.candidates(conversationId, this.linked(signal))).candidates,
    args: () => [this.conversationId, this.refreshCount] as const,
  });

  private readonly previewTask = new Task(this, {
    autoRun: false,
    task: async ([conversationIds]: readonly [string[]], { signal }) => this.api!.preview(conversationIds, this.linked(signal)),
    args: () => [this.previewIds] as const,
  });

  private readonly mergeTask = new Task(this, {
    autoRun: false,
    task: async ([attempt]: readonly [MergeAttempt | null], { signal }) =>
      this.runMerge(attempt!.request, attempt!.idempotencyKey, this.linked(signal)),
    args: () => [this.attempt] as const,
  });

  /** The backend client (with the agent's token). */
  @property({ attribute: false }) api: ApiClient | null = null;

  /** The agent desktop (toasts, navigation). */
  @property({ attribute: false }) host: HostBridge | null = null;

  /** The interaction the widget is bound to (`gcConversationId`). */
  @property() conversationId = '';

  /** A new unique `Idempotency-Key` for each confirmed merge. */
  @property({ attribute: false }) newIdempotencyKey: () => string = () => crypto.randomUUID();

  /** Aborted when the host stops the widget: every call in flight is cancelled. */
  @property({ attribute: false }) stopSignal: AbortSignal | null = null;

  @state() private view: View = 'select';
  @state() private refreshCount = 0;
  /** The agent's own ticks and unticks, which win over the auto-selection (also across refreshes). */
  @state() private choices: ReadonlyMap<string, boolean> = new Map();
  /** Interactions added from search. */
  @state() private added: Candidate[] = [];
  @state() private confirmOpen = false;
  @state() private progress: JobProgressEvent | null = null;
  @state() private planChanged = false;
  /** What the next preview covers (the current interaction first). */
  private previewIds: string[] = [];
  /** The confirmed merge: retried with the same `Idempotency-Key` until it is answered. */
  private attempt: MergeAttempt | null = null;

  protected override firstUpdated(): void {
    const ready = () => void this.updateComplete.then(() => emit(this, 'im-panel-ready'));
    this.candidatesTask.taskComplete.then(ready, ready);
  }

  /** Reloads the interaction and its candidates (the host's `focus` hook), unless a merge is under way. */
  refresh(): void {
    if (this.view === 'select') this.refreshCount++;
  }

  private linked(signal: AbortSignal): AbortSignal {
    return this.stopSignal ? AbortSignal.any([signal, this.stopSignal]) : signal;
  }

  private get allCandidates(): Candidate[] {
    const listed = this.candidatesTask.value ?? [];
    const ids = new Set(listed.map((c) => c.conversationId));
    return [...listed, ...this.added.filter((c) => !ids.has(c.conversationId))];
  }

  private get selectedIds(): Set<string> {
    const ids = new Set<string>();
    for (const candidate of this.allCandidates) {
      if (candidate.alreadyMerged || candidate.conversationId === this.conversationId) continue;
      if (this.choices.get(candidate.conversationId) ?? candidate.selected) ids.add(candidate.conversationId);
    }
    return ids;
  }

  private describe = (conversationId: string): string | null => {
    const context = this.contextTask.value;
    if (context && conversationId === context.conversation.conversationId) {
      return `${channelLabel(context.conversation.channel)} · ${formatDateTime(context.conversation.startTime)}`;
    }
    const candidate = this.allCandidates.find((c) => c.conversationId === conversationId);
    return candidate ? `${channelLabel(candidate.channel)} · ${formatDateTime(candidate.startTime)}` : null;
  };

  private async runMerge(request: MergeRequest, key: string, signal: AbortSignal): Promise<Job> {
    this.progress = null;
    const job = await this.api!.startMerge(request, key, signal);
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    for await (const event of this.api!.mergeEvents(job.id, signal)) {
      if (event.type === 'progress') this.progress = event.progress;
      else return event.job;
    }
    return this.api!.job(job.id, signal);
  }

  private handleSelectionChange(event: CustomEvent<{ conversationId: string; selected: boolean }>): void {
    this.choices = new Map(this.choices).set(event.detail.conversationId, event.detail.selected);
  }

  private handleCandidateAdd(event: CustomEvent<{ candidate: Candidate }>): void {
    const { candidate } = event.detail;
    if (!this.allCandidates.some((c) => c.conversationId === candidate.conversationId)) this.added = [...this.added, candidate];
    this.choices = new Map(this.choices).set(candidate.conversationId, true);
  }

  private handleReview(): void {
    this.view = 'preview';
    this.previewIds = [this.conversationId, ...this.selectedIds];
    void this.previewTask.run();
  }

  private handleBack(): void {
    this.view = 'select';
    this.planChanged = false;
  }

  private async handleConfirm(): Promise<void> {
    const plan = this.previewTask.value;
    this.confirmOpen = false;
    if (!plan) return;
    this.view = 'merging';
    // One key per confirmed merge, reused by every retry of that same merge.
    this.attempt = {
      request: { conversationIds: plan.conversationIds, planHash: plan.planHash },
      idempotencyKey: this.newIdempotencyKey(),
    };
    await this.startMerge();
  }

  private async startMerge(): Promise<void> {
    await this.mergeTask.run();
    if (this.mergeTask.status === TaskStatus.ERROR) {
      const error = this.mergeTask.error;
      if (error instanceof ApiError && error.failure.kind === 'plan_changed') {
        this.planChanged = true;
        this.view = 'preview';
        void this.previewTask.run();
      }
      return;
    }
    const job = this.mergeTask.value;
    if (job?.status === 'succeeded') {
      const n = job.result?.conversationIds.length ?? job.conversationIds.length;
      this.host?.toast(
        msg('Interactions merged', { id: 'toast.title' }),
        msg(str`${n} interactions are now one customer session.`, { id: 'panel.successText' }),
        'success',
      );
    }
  }

  private handleDone(): void {
    this.view = 'select';
    this.choices = new Map();
    this.added = [];
    this.refreshCount++;
  }

  private renderSelect() {
    const selected = this.selectedIds;
    const listed = new Set(this.allCandidates.map((c) => c.conversationId));
    const list = (busy: boolean) => html`<im-candidate-list .candidates=${this.allCandidates} .selected=${selected}
      aria-busy=${busy ? 'true' : 'false'} @im-selection-change=${this.handleSelectionChange}></im-candidate-list>`;
    return html`
      ${this.candidatesTask.render({
        // A refresh (focus hook) keeps the list on screen while it reloads.
        pending: () => (this.candidatesTask.value ? list(true) : html`<p class="muted" role="status">${msg('Looking for related interactions…', { id: 'panel.loadingCandidates' })}</p>`),
        complete: () => list(false),
        error: (error) => html`<im-problem-notice .error=${error} @im-retry=${() => void this.candidatesTask.run()}></im-problem-notice>`,
      })}
      <im-candidate-search .api=${this.api} conversationId=${this.conversationId} .listed=${listed}
        @im-candidate-add=${this.handleCandidateAdd}></im-candidate-search>
      <div class="actions sticky">
        <button class="btn btn-primary review" ?disabled=${selected.size === 0} @click=${this.handleReview}>
          ${msg(str`Preview merge (${selected.size + 1} interactions)`, { id: 'panel.review' })}
        </button>
      </div>
    `;
  }

  private renderPreview() {
    const permissions = this.contextTask.value?.permissions;
    const canMerge = permissions?.canMerge ?? false;
    return html`
      <h2>${msg('Merge preview', { id: 'panel.previewTitle' })}</h2>
      ${this.planChanged
        ? html`<p class="notice info plan-changed" role="status">${msg('The interactions changed since your last preview. This is the refreshed preview: check it before merging.', { id: 'panel.planChanged' })}</p>`
        : nothing}
      ${this.previewTask.render({
        pending: () => html`<p class="muted" role="status">${msg('Preparing the preview…', { id: 'panel.loadingPreview' })}</p>`,
        complete: (plan) => html`
          <im-merge-preview .plan=${plan} .describe=${this.describe}></im-merge-preview>
          ${canMerge ? nothing : missingMergePermission(permissions?.missing ?? [])}
          <div class="actions sticky">
            <button class="btn btn-secondary" @click=${this.handleBack}>${msg('Back', { id: 'panel.back' })}</button>
            <button class="btn btn-primary merge" ?disabled=${!plan.valid || !canMerge} @click=${() => (this.confirmOpen = true)}>
              ${msg('Merge…', { id: 'panel.merge' })}</button>
          </div>
          <im-confirm-dialog ?open=${this.confirmOpen} interactions=${plan.conversationIds.length}
            contacts=${plan.mergeRequired ? plan.contacts.length : 0}
            @im-merge-confirm=${this.handleConfirm} @im-merge-cancel=${() => (this.confirmOpen = false)}></im-confirm-dialog>
        `,
        error: (error) => html`<im-problem-notice .error=${error} @im-retry=${() => void this.previewTask.run()}></im-problem-notice>
          <div class="actions"><button class="btn btn-secondary" @click=${this.handleBack}>${msg('Back', { id: 'panel.back' })}</button></div>`,
      })}
    `;
  }

  private renderMerging() {
    return this.mergeTask.render({
      pending: () => html`<im-merge-progress .progress=${this.progress}></im-merge-progress>`,
      complete: (job) =>
        job.status === 'succeeded'
          ? mergeSucceeded(job, {
              showInteraction: () => this.host?.showInteractionDetails(this.conversationId),
              showContact: (contactId) => this.host?.showExternalContactProfile(contactId),
              done: () => this.handleDone(),
            })
          : mergeFailed(job, () => this.handleReview()),
      error: (error) => html`<im-merge-progress .progress=${this.progress}></im-merge-progress>
        <im-problem-notice .error=${error} @im-retry=${() => void this.startMerge()}></im-problem-notice>`,
    });
  }

  override render() {
    const contextError = this.contextTask.status === TaskStatus.ERROR ? this.contextTask.error : null;
    if (contextError instanceof ApiError && contextError.failure.kind === 'forbidden') {
      // Without the app's permission, or sight of this interaction, nothing below could work:
      // one notice says why, instead of a search and buttons that can only fail.
      return html`<im-problem-notice .error=${contextError}></im-problem-notice>`;
    }
    const context = this.contextTask.render({
      pending: () => {
        const previous = this.contextTask.value;
        return previous ? currentInteraction(previous) : html`<p class="muted" role="status">${msg('Loading this interaction…', { id: 'panel.loadingContext' })}</p>`;
      },
      complete: (value) => currentInteraction(value),
      error: (error) => html`<im-problem-notice .error=${error} @im-retry=${() => void this.contextTask.run()}></im-problem-notice>`,
    });
    const body = this.view === 'select' ? this.renderSelect() : this.view === 'preview' ? this.renderPreview() : this.renderMerging();
    return html`${context}${body}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'im-merge-panel': ImMergePanel;
  }
}
