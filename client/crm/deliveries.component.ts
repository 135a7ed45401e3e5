import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { deliveriesStyles } from './deliveries.styles.js';

/** `GET /crm/api/deliveries` item: one webhook the built-in CRM receiver got. */
export interface CrmDelivery {
  webhookId: string;
  receivedAt: string;
  type: string;
  /** Whether its Standard Webhooks signature verified against the configured secret. */
  verified: boolean;
  payload: unknown;
}

/** How often the page asks for new deliveries. */
export const POLL_INTERVAL_MS = 2000;

export interface DeliveriesDeps {
  fetch: typeof fetch;
}

/**
 * The built-in CRM receiver page (demo mode): every webhook received, newest first, and whether
 * its signature verified; each payload can be expanded. Polls the server.
 */
export class ImCrmDeliveries extends LitElement {
  static override styles = deliveriesStyles;

  /** Browser capabilities (set by the entry module before connecting). */
  @property({ attribute: false }) deps: DeliveriesDeps | null = null;

  @state() private deliveries: CrmDelivery[] = [];
  @state() private error: string | null = null;
  @state() private loaded = false;

  private timer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.poll();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    if (!this.deps || !this.isConnected) return;
    try {
      const response = await this.deps.fetch('/crm/api/deliveries', { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const deliveries = (await response.json()) as CrmDelivery[];
      this.deliveries = [...deliveries].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.loaded = true;
    if (this.isConnected) this.timer = setTimeout(() => void this.poll(), POLL_INTERVAL_MS);
  }

  private renderDelivery(delivery: CrmDelivery) {
    return html`<li class="delivery" data-webhook-id=${delivery.webhookId} data-verified=${String(delivery.verified)}>
      <details>
        <summary>
          <span class="type">${delivery.type}</span>
          <span class="badge ${delivery.verified ? 'ok' : 'bad'}">${delivery.verified ? '✓ Signature verified' : '✗ Signature NOT verified'}</span>
          <span class="meta">${new Date(delivery.receivedAt).toLocaleString()} · ${delivery.webhookId}</span>
        </summary>
        <pre>${JSON.stringify(delivery.payload, null, 2)}</pre>
      </details>
    </li>`;
  }

  override render() {
    const verified = this.deliveries.filter((d) => d.verified).length;
    return html`
      <header><h1>CRM receiver <span class="sub">(demo)</span></h1></header>
      <main>
        ${this.error ? html`<p class="notice" role="alert">Could not read the deliveries: ${this.error}. Retrying…</p>` : nothing}
        <p class="summary" role="status">
          ${this.loaded
            ? `${this.deliveries.length} webhook${this.deliveries.length === 1 ? '' : 's'} received, ${verified} with a verified signature.`
            : 'Loading…'}
        </p>
        ${this.deliveries.length === 0 && this.loaded
          ? html`<p class="empty">No webhook yet. Merge interactions in the agent desktop to send one.</p>`
          : html`<ol class="deliveries">${this.deliveries.map((d) => this.renderDelivery(d))}</ol>`}
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'im-crm-deliveries': ImCrmDeliveries;
  }
}
