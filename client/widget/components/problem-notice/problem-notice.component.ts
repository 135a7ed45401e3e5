import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { ApiError, type ApiFailure } from '../../api/index.js';
import { emit } from '../../events.js';
import { sharedStyles } from '../../theme/index.js';
import { problemNoticeStyles } from './problem-notice.styles.js';

/** How often the 429 countdown redraws. */
const TICK_MS = 1000;

/**
 * Explains a failed call in plain words, with the way forward: sign in again (401), the missing
 * permissions (403), a refresh (409), a countdown then an automatic retry (429, and 503 when the
 * service could not reach Genesys Cloud), a retry when the connection is back (offline), or a
 * retry with the support reference (other errors).
 *
 * @fires im-retry - the agent asked to retry, the 429 wait is over, or the browser came back online
 * @fires im-sign-in-request - the agent asked to sign in again after a 401
 */
@localized()
export class ImProblemNotice extends LitElement {
  static override styles = [sharedStyles, problemNoticeStyles];

  /** The failure to explain: an `ApiError`, or anything thrown (shown as an unexpected error). */
  @property({ attribute: false }) error: unknown = null;

  @state() private remainingSeconds = 0;

  private deadline = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly handleOnline = () => emit(this, 'im-retry');

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.handleOnline);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.handleOnline);
    this.stopCountdown();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('error')) return;
    this.stopCountdown();
    const failure = this.failure;
    if (failure.kind === 'rate_limited' || failure.kind === 'unavailable') {
      this.deadline = Date.now() + failure.retryAfterSeconds * 1000;
      this.remainingSeconds = failure.retryAfterSeconds;
      this.timer = setInterval(() => this.handleTick(), TICK_MS);
    }
  }

  private get failure(): ApiFailure {
    if (this.error instanceof ApiError) return this.error.failure;
    return { kind: 'http', status: 0, code: 'unexpected', message: String(this.error), correlationId: null };
  }

  private stopCountdown(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private handleTick(): void {
    const left = Math.max(0, Math.ceil((this.deadline - Date.now()) / 1000));
    this.remainingSeconds = left;
    if (left === 0) {
      this.stopCountdown();
      emit(this, 'im-retry');
    }
  }

  private handleRetry(): void {
    emit(this, 'im-retry');
  }

  private handleSignIn(): void {
    emit(this, 'im-sign-in-request');
  }

  private retryButton(label = msg('Try again', { id: 'notice.retry' })): TemplateResult {
    return html`<div class="actions"><button class="btn btn-secondary" @click=${this.handleRetry}>${label}</button></div>`;
  }

  private httpText(failure: Extract<ApiFailure, { kind: 'http' }>): string {
    if (failure.status === 404) return msg('Not found: the interaction may have been deleted.', { id: 'notice.notFound' });
    if (failure.status === 400) return msg('The service refused the request. Reload the widget and try again.', { id: 'notice.badRequest' });
    return msg('Something went wrong on our side.', { id: 'notice.serverError' });
  }

  override render() {
    const failure = this.failure;
    switch (failure.kind) {
      case 'unauthorized':
        return html`<div class="notice error" role="alert">
          <p>${msg('Your Genesys Cloud sign-in has ended.', { id: 'notice.unauthorized' })}</p>
          <div class="actions">
            <button class="btn btn-primary" @click=${this.handleSignIn}>${msg('Sign in again', { id: 'notice.signInAgain' })}</button>
          </div>
        </div>`;
      case 'forbidden':
        if (failure.code === 'conversation_not_visible') {
          return html`<div class="notice error" role="alert">
            <p>${msg('You cannot see every interaction this needs: some are in a division or queue your role does not cover. Remove them, or ask your administrator for access.', { id: 'notice.notVisible' })}</p>
          </div>`;
        }
        return html`<div class="notice error" role="alert">
          <p>${msg('Your Genesys Cloud role does not allow this.', { id: 'notice.forbidden' })}</p>
          ${failure.missing.length > 0
            ? html`<p>${msg('Ask your administrator to add these permissions to your role:', { id: 'notice.forbiddenAsk' })}</p>
                <ul class="missing">${failure.missing.map((permission) => html`<li><code>${permission}</code></li>`)}</ul>`
            : html`<p>${msg('Ask your administrator which permission your role is missing.', { id: 'notice.forbiddenUnknown' })}</p>`}
        </div>`;
      case 'plan_changed':
        return html`<div class="notice info" role="status">
          <p>${msg('The interactions changed since the preview.', { id: 'notice.planChanged' })}</p>
          ${this.retryButton(msg('Refresh the preview', { id: 'notice.refreshPreview' }))}
        </div>`;
      case 'rate_limited':
      case 'unavailable': {
        const seconds = this.remainingSeconds;
        return html`<div class="notice warning" role="status" data-kind=${failure.kind}>
          <p>${failure.kind === 'rate_limited'
              ? msg('Genesys Cloud is busy right now.', { id: 'notice.rateLimited' })
              : msg('Genesys Cloud is not answering right now.', { id: 'notice.unavailable' })}
            <span class="countdown">${msg(str`Trying again in ${seconds} s.`, { id: 'notice.retryIn' })}</span></p>
        </div>`;
      }
      case 'offline':
        return html`<div class="notice warning" role="alert">
          <p>${msg('You seem to be offline, or the Interaction Merger service cannot be reached. It will try again when the connection is back.', { id: 'notice.offline' })}</p>
          ${this.retryButton(msg('Retry now', { id: 'notice.retryNow' }))}
        </div>`;
      default: {
        const reference = failure.correlationId;
        return html`<div class="notice error" role="alert">
          <p>${this.httpText(failure)}</p>
          ${reference ? html`<p class="reference">${msg(str`Reference for support: ${reference}`, { id: 'notice.reference' })}</p>` : nothing}
          ${failure.status === 404 || failure.status === 400 ? nothing : this.retryButton()}
        </div>`;
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'im-problem-notice': ImProblemNotice;
  }
}
