import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  lifecycleMessage, parseSdkMessage, widgetUrl, WIDGET_SANDBOX,
  type DesktopConfig, type DesktopInteraction, type LifecycleHook, type SdkMessage,
} from './host-protocol.js';
import { harnessStyles } from './harness.styles.js';

/** Genesys runs at most this many interaction-widget instances at once. */
export const MAX_INSTANCES = 10;
/** How long the host waits for `stopped` after sending `stop` before removing the iframe. */
export const STOP_TIMEOUT_MS = 5000;

interface Instance {
  conversationId: string;
  src: string;
  loaded: boolean;
  bootstrapped: boolean;
}

interface Toast {
  key: number;
  title: string;
  message: string;
  type: 'info' | 'success' | 'error';
  sticky: boolean;
}

interface LogEntry {
  key: number;
  at: string;
  conversationId: string;
  text: string;
}

/** What the harness fetches from the server (demo-only endpoints). */
export interface HarnessDeps {
  fetch: typeof fetch;
  window: Window;
}

/**
 * A stand-in for the Genesys agent desktop: lists the demo interactions and shows, for the active
 * one, the widget in an iframe on another origin with the interaction-widget URL tokens and
 * sandbox. It speaks the Client App SDK's postMessage protocol: sends the lifecycle hooks
 * (bootstrap on load, blur and focus when switching, stop when ending), shows toasts and logs
 * navigation requests. One iframe per opened interaction, as Genesys does (up to 10).
 */
export class ImDesktopHarness extends LitElement {
  static override styles = harnessStyles;

  /** Browser capabilities (set by the entry module before connecting). */
  @property({ attribute: false }) deps: HarnessDeps | null = null;

  @state() private config: DesktopConfig | null = null;
  @state() private interactions: DesktopInteraction[] = [];
  @state() private loadError: string | null = null;
  @state() private instances: Instance[] = [];
  @state() private active: string | null = null;
  @state() private toasts: Toast[] = [];
  @state() private log: LogEntry[] = [];
  @state() private langTag = 'en-us';
  @state() private usePopupAuth = false;
  @state() private theme: 'light' | 'dark' | null = null;
  @state() private width = 360;

  private counter = 0;
  private readonly stopWaiters = new Map<string, () => void>();
  private readonly handleMessage = (event: MessageEvent) => this.onMessage(event);

  override connectedCallback(): void {
    super.connectedCallback();
    this.deps?.window.addEventListener('message', this.handleMessage);
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.deps?.window.removeEventListener('message', this.handleMessage);
  }

  private async load(): Promise<void> {
    const deps = this.deps;
    if (!deps) return;
    try {
      const [config, interactions] = await Promise.all([
        deps.fetch('/desktop/api/config').then((r) => this.json<DesktopConfig>(r)),
        deps.fetch('/desktop/api/interactions').then((r) => this.json<DesktopInteraction[]>(r)),
      ]);
      const params = new URLSearchParams(deps.window.location.search);
      this.config = config;
      this.interactions = interactions;
      this.langTag = params.get('lang') ?? config.langTag ?? 'en-us';
      this.usePopupAuth = params.get('popup') === 'true';
      const theme = params.get('theme');
      this.theme = theme === 'light' || theme === 'dark' ? theme : null;
      const width = Number(params.get('width'));
      if ([300, 360, 480].includes(width)) this.width = width;
      const open = params.get('open');
      if (open && interactions.some((i) => i.conversationId === open)) this.openInteraction(open);
    } catch (error) {
      this.loadError = error instanceof Error ? error.message : String(error);
    }
  }

  private async json<T>(response: Response): Promise<T> {
    if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
    return (await response.json()) as T;
  }

  private addLog(conversationId: string, text: string): void {
    const entry = { key: ++this.counter, at: new Date().toISOString().slice(11, 19), conversationId, text };
    this.log = [entry, ...this.log].slice(0, 200);
  }

  private frameFor(conversationId: string): HTMLIFrameElement | null {
    return this.renderRoot.querySelector<HTMLIFrameElement>(`iframe[data-conversation-id="${CSS.escape(conversationId)}"]`);
  }

  private sendHook(conversationId: string, hook: LifecycleHook): void {
    const frame = this.frameFor(conversationId);
    if (!frame?.contentWindow || !this.config) return;
    frame.contentWindow.postMessage(lifecycleMessage(hook), this.config.widgetOrigin);
    this.addLog(conversationId, `→ ${hook}`);
  }

  private widgetSrc(conversationId: string): string {
    return widgetUrl(this.config!, this.deps!.window.location.origin, conversationId, {
      langTag: this.langTag,
      usePopupAuth: this.usePopupAuth,
      theme: this.theme,
    });
  }

  private openInteraction(conversationId: string): void {
    const previous = this.active;
    if (previous === conversationId) return;
    if (previous && this.instances.find((i) => i.conversationId === previous)?.loaded) this.sendHook(previous, 'blur');
    const existing = this.instances.find((i) => i.conversationId === conversationId);
    if (existing) {
      if (existing.loaded) this.sendHook(conversationId, 'focus');
    } else {
      if (this.instances.length >= MAX_INSTANCES) void this.endInteraction(this.instances[0]!.conversationId);
      this.instances = [...this.instances, { conversationId, src: this.widgetSrc(conversationId), loaded: false, bootstrapped: false }];
    }
    this.active = conversationId;
  }

  private handleFrameLoad(conversationId: string): void {
    // Each document the iframe loads (including after a sign-in redirect) gets its bootstrap hook.
    this.instances = this.instances.map((i) => (i.conversationId === conversationId ? { ...i, loaded: true } : i));
    this.sendHook(conversationId, 'bootstrap');
  }

  private async endInteraction(conversationId: string): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, STOP_TIMEOUT_MS);
      this.stopWaiters.set(conversationId, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.sendHook(conversationId, 'stop');
    await stopped;
    this.stopWaiters.delete(conversationId);
    this.instances = this.instances.filter((i) => i.conversationId !== conversationId);
    if (this.active === conversationId) this.active = this.instances.at(-1)?.conversationId ?? null;
    this.addLog(conversationId, 'removed');
  }

  private reloadAll(): void {
    this.instances = this.instances.map((i) => ({ ...i, src: this.widgetSrc(i.conversationId), loaded: false, bootstrapped: false }));
  }

  private onMessage(event: MessageEvent): void {
    if (!this.config || event.origin !== this.config.widgetOrigin) return;
    const instance = this.instances.find((i) => this.frameFor(i.conversationId)?.contentWindow === event.source);
    const message = parseSdkMessage(event.data);
    if (!instance || !message) return;
    this.handleSdkMessage(instance.conversationId, message);
  }

  private handleSdkMessage(conversationId: string, message: SdkMessage): void {
    switch (message.kind) {
      case 'toast': {
        const toast = { key: ++this.counter, title: message.title, message: message.message, type: message.type, sticky: message.timeoutSeconds === 0 };
        this.toasts = [...this.toasts, toast];
        if (!toast.sticky) setTimeout(() => this.dismissToast(toast.key), message.timeoutSeconds * 1000);
        this.addLog(conversationId, `← showToast (${message.type}): ${message.title}`);
        break;
      }
      case 'lifecycle':
        if (message.action === 'bootstrapped') {
          this.instances = this.instances.map((i) => (i.conversationId === conversationId ? { ...i, bootstrapped: true } : i));
        } else {
          this.stopWaiters.get(conversationId)?.();
        }
        this.addLog(conversationId, `← ${message.action}`);
        break;
      default:
        this.addLog(conversationId, `← ${message.action} ${JSON.stringify(message.details)}`);
    }
  }

  private dismissToast(key: number): void {
    this.toasts = this.toasts.filter((t) => t.key !== key);
  }

  private renderSettings() {
    return html`<form class="settings" @submit=${(e: Event) => e.preventDefault()}>
      <label>Language
        <select @change=${(e: Event) => { this.langTag = (e.target as HTMLSelectElement).value; this.reloadAll(); }}>
          ${['en-us', 'es-es', 'fr-fr', 'de-de'].map((tag) => html`<option value=${tag} ?selected=${tag === this.langTag}>${tag}</option>`)}
        </select></label>
      <label>Theme
        <select @change=${(e: Event) => { const v = (e.target as HTMLSelectElement).value; this.theme = v === 'light' || v === 'dark' ? v : null; this.reloadAll(); }}>
          ${[['', 'system'], ['light', 'light'], ['dark', 'dark']].map(([v, l]) => html`<option value=${v!} ?selected=${(this.theme ?? '') === v}>${l}</option>`)}
        </select></label>
      <label>Panel width
        <select @change=${(e: Event) => (this.width = Number((e.target as HTMLSelectElement).value))}>
          ${[300, 360, 480].map((w) => html`<option value=${w} ?selected=${w === this.width}>${w} px</option>`)}
        </select></label>
      <label class="check"><input type="checkbox" .checked=${this.usePopupAuth}
        @change=${(e: Event) => { this.usePopupAuth = (e.target as HTMLInputElement).checked; this.reloadAll(); }} /> Popup sign-in</label>
    </form>`;
  }

  override render() {
    if (this.loadError) return html`<p class="error" role="alert">Could not load the demo desktop: ${this.loadError}</p>`;
    const active = this.interactions.find((i) => i.conversationId === this.active);
    return html`
      <header><h1>Agent desktop <span class="muted">(local harness)</span></h1>${this.renderSettings()}</header>
      <div class="layout">
        <nav aria-label="Interactions">
          <ul class="interactions">
            ${this.interactions.map((i) => html`<li>
              <button class=${i.conversationId === this.active ? 'active' : ''} aria-pressed=${i.conversationId === this.active}
                data-conversation-id=${i.conversationId} @click=${() => this.openInteraction(i.conversationId)}>
                <strong>${i.customerLabel}</strong>
                <span class="muted">${i.messageType ?? i.mediaType} · ${new Date(i.startTime).toLocaleString()}</span>
              </button></li>`)}
          </ul>
        </nav>
        <section class="workspace" aria-label="Interaction workspace">
          ${active
            ? html`<div class="workspace-head"><h2>${active.customerLabel}</h2>
                <button class="end" @click=${() => void this.endInteraction(active.conversationId)}>End interaction</button></div>`
            : html`<p class="muted">Select an interaction to open the widget beside it.</p>`}
          <div class="panel">
            ${this.instances.map((i) => html`<iframe title="Interaction Merger" class=${i.conversationId === this.active ? '' : 'hidden'}
              data-conversation-id=${i.conversationId} src=${i.src} sandbox=${WIDGET_SANDBOX} width=${this.width}
              @load=${() => this.handleFrameLoad(i.conversationId)}></iframe>`)}
          </div>
        </section>
        <aside aria-label="Host activity">
          <h2>Toasts</h2>
          <ul class="toasts" aria-live="polite">
            ${this.toasts.map((t) => html`<li class="toast ${t.type}"><strong>${t.title}</strong> ${t.message}
              ${t.sticky ? html`<button @click=${() => this.dismissToast(t.key)}>Close</button>` : nothing}</li>`)}
          </ul>
          <h2>Events</h2>
          <ol class="log">${this.log.map((e) => html`<li><span class="muted">${e.at}</span> ${e.text}</li>`)}</ol>
        </aside>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'im-desktop-harness': ImDesktopHarness;
  }
}
