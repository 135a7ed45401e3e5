import { LitElement, html, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { emit } from '../../events.js';
import { sharedStyles } from '../../theme/index.js';
import { confirmDialogStyles } from './confirm-dialog.styles.js';

/**
 * The last step before an irreversible merge: a modal dialog that says the merge cannot be
 * undone. Focus starts on "Cancel"; Escape cancels.
 *
 * @fires im-merge-confirm - the agent confirmed
 * @fires im-merge-cancel - the agent cancelled (button or Escape)
 */
@localized()
export class ImConfirmDialog extends LitElement {
  static override styles = [sharedStyles, confirmDialogStyles];

  @query('dialog') private dialog!: HTMLDialogElement;

  /** Shows the dialog (modal) while true. */
  @property({ type: Boolean }) open = false;

  /** How many interactions will be merged. */
  @property({ type: Number }) interactions = 0;

  /** How many contacts will be replaced by the merged one (0 when no contact merge is needed). */
  @property({ type: Number }) contacts = 0;

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) this.dialog.showModal();
    if (!this.open && this.dialog.open) this.dialog.close();
  }

  private handleCancel(event?: Event): void {
    event?.preventDefault();
    emit(this, 'im-merge-cancel');
  }

  private handleConfirm(): void {
    emit(this, 'im-merge-confirm');
  }

  override render() {
    const n = this.interactions;
    const k = this.contacts;
    return html`<dialog aria-labelledby="confirm-title" aria-describedby="confirm-text" @cancel=${this.handleCancel}>
      <h2 id="confirm-title">${msg(str`Merge ${n} interactions?`, { id: 'confirm.title' })}</h2>
      <p id="confirm-text">
        <strong>${msg('A merge cannot be undone.', { id: 'confirm.irreversible' })}</strong>
        ${k > 1
          ? msg(str`Genesys Cloud replaces the ${k} contacts with one new merged contact, and the interactions stay linked to it.`, { id: 'confirm.contacts' })
          : msg('The interactions stay linked as one customer session.', { id: 'confirm.noContacts' })}
      </p>
      <div class="actions">
        <button class="btn btn-secondary" autofocus @click=${() => this.handleCancel()}>${msg('Cancel', { id: 'confirm.cancel' })}</button>
        <button class="btn btn-danger" @click=${this.handleConfirm}>${msg('Merge permanently', { id: 'confirm.merge' })}</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'im-confirm-dialog': ImConfirmDialog;
  }
}
