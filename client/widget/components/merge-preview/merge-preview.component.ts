import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { FieldDecision, MergePlan, PlannedContact, ValidationProblem } from '../../../../server/src/http/contract.js';
import { fieldLabel, problemText } from '../../i18n/index.js';
import { sharedStyles } from '../../theme/index.js';
import { mergePreviewStyles } from './merge-preview.styles.js';

/** A contact field value as text (phone and email objects by their display form). */
export function formatFieldValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(formatFieldValue).join(', ');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of ['display', 'e164', 'address', 'value', 'name']) {
      if (typeof record[key] === 'string' && record[key] !== '') return record[key] as string;
    }
    const parts = ['address1', 'address2', 'city', 'state', 'postalCode', 'countryCode']
      .map((key) => record[key])
      .filter((part): part is string => typeof part === 'string' && part !== '');
    if (parts.length > 0) return parts.join(', ');
  }
  return JSON.stringify(value);
}

/**
 * A contact with no name, by what it is: Genesys creates an ephemeral (temporary) contact for a
 * customer it does not know yet, which is what the agent usually sees merged into a named one.
 */
function unnamedContact(contact: PlannedContact): string {
  return contact.type === 'Ephemeral'
    ? msg('Unnamed temporary contact', { id: 'preview.unnamedEphemeral' })
    : msg('Unnamed contact', { id: 'preview.unnamed' });
}

/**
 * The merge plan before the agent commits: validation problems in plain words, the merged
 * contact with the value kept for each field and the values that lose, and the reconciled
 * session timeline.
 */
@localized()
export class ImMergePreview extends LitElement {
  static override styles = [sharedStyles, mergePreviewStyles];

  /** The plan from `POST /api/v1/merges/preview`. */
  @property({ attribute: false }) plan: MergePlan | null = null;

  /** Names an interaction for problem messages (channel and time), or null when unknown. */
  @property({ attribute: false }) describe: (conversationId: string) => string | null = () => null;

  private renderProblems(problems: ValidationProblem[], severity: 'error' | 'warning') {
    if (problems.length === 0) return nothing;
    const title =
      severity === 'error'
        ? msg('This merge cannot go ahead:', { id: 'preview.errorsTitle' })
        : msg('Check before merging:', { id: 'preview.warningsTitle' });
    return html`<div class="notice ${severity}" role=${severity === 'error' ? 'alert' : 'status'}>
      <p><strong>${title}</strong></p>
      <ul class="problems">
        ${problems.map((p) => html`<li data-code=${p.code}>${problemText(p, p.conversationId ? this.describe(p.conversationId) : null)}</li>`)}
      </ul>
    </div>`;
  }

  private renderField(decision: FieldDecision) {
    return html`<dt>${fieldLabel(decision.field)}</dt>
      <dd>
        <span class="chosen">${formatFieldValue(decision.chosen.value)}</span>
        ${decision.losing.length > 0
          ? html`<span class="losing">${msg('Not kept:', { id: 'preview.notKept' })}
              ${decision.losing.map((l, i) => html`${i > 0 ? ', ' : ''}<s>${formatFieldValue(l.value)}</s>`)}</span>`
          : nothing}
      </dd>`;
  }

  override render() {
    const plan = this.plan;
    if (!plan) return nothing;
    const errors = plan.problems.filter((p) => p.severity === 'error');
    const warnings = plan.problems.filter((p) => p.severity !== 'error');
    const count = plan.contacts.length;
    return html`
      ${this.renderProblems(errors, 'error')} ${this.renderProblems(warnings, 'warning')}
      <section aria-labelledby="contact-title">
        <h3 id="contact-title">${msg('Merged contact', { id: 'preview.contactTitle' })}</h3>
        ${plan.mergeRequired
          ? html`<p>${msg(str`${count} contacts become one new contact:`, { id: 'preview.contactsMerge' })}</p>
              <ul class="contacts">
                ${plan.contacts.map((c) => html`<li>${c.displayName ?? unnamedContact(c)}</li>`)}
              </ul>`
          : html`<p>${msg('These interactions already share one contact; the merge links them into one session.', { id: 'preview.noContactMerge' })}</p>`}
        ${plan.fieldDecisions.length > 0
          ? html`<dl class="fields">${plan.fieldDecisions.map((d) => this.renderField(d))}</dl>`
          : nothing}
      </section>
      <section aria-labelledby="timeline-title">
        <h3 id="timeline-title">${msg('Session timeline', { id: 'preview.timelineTitle' })}</h3>
        <im-timeline .timeline=${plan.timeline}></im-timeline>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'im-merge-preview': ImMergePreview;
  }
}
