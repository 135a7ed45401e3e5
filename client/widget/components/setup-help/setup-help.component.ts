import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { ContextProblem } from '../../context/index.js';
import { sharedStyles } from '../../theme/index.js';
import { setupHelpStyles } from './setup-help.styles.js';

/**
 * Shown when the widget is opened outside the Genesys agent desktop or its URL tokens are
 * missing, invalid or left as literal `{{…}}`: says what is wrong and the exact Application URL
 * to configure on the integration.
 */
@localized()
export class ImSetupHelp extends LitElement {
  static override styles = [sharedStyles, setupHelpStyles];

  /** True when the page is not inside an iframe (not in the agent desktop). */
  @property({ type: Boolean }) outsideGenesys = false;

  /** What is wrong with the URL's parameters. */
  @property({ attribute: false }) problems: ContextProblem[] = [];

  /** The URL to configure, tokens included (`<origin>/widget?gcConversationId={{gcConversationId}}&…`). */
  @property() configureUrl = '';

  private problemText(problem: ContextProblem): string {
    const param = problem.param;
    switch (problem.issue) {
      case 'missing':
        return msg(str`The parameter ${param} is missing.`, { id: 'setup.missing' });
      case 'uninterpolated':
        return msg(str`The parameter ${param} still reads {{…}}: Genesys Cloud did not fill it in, so its name is misspelt.`, {
          id: 'setup.uninterpolated',
        });
      default:
        return msg(str`The parameter ${param} has a value that is not valid.`, { id: 'setup.invalid' });
    }
  }

  override render() {
    return html`<section aria-labelledby="setup-title">
      <h2 id="setup-title">${msg('Interaction Merger is not set up here', { id: 'setup.title' })}</h2>
      ${this.outsideGenesys
        ? html`<p>${msg('This page runs as an interaction widget inside the Genesys Cloud agent desktop. Open an interaction there and select Interaction Merger.', { id: 'setup.outside' })}</p>`
        : nothing}
      ${this.problems.length > 0
        ? html`<ul class="problems">${this.problems.map((p) => html`<li>${this.problemText(p)}</li>`)}</ul>`
        : nothing}
      <p>${msg("An administrator sets the integration's Application URL to:", { id: 'setup.configure' })}</p>
      <code class="url">${this.configureUrl}</code>
      <p class="muted">${msg('Genesys Cloud replaces each {{…}} with the values of the interaction when it opens the widget. Keep clientId: it is the OAuth client the widget signs in with.', { id: 'setup.explain' })}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'im-setup-help': ImSetupHelp;
  }
}
