import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { createApiClient, ApiError, type ApiClient } from '../../api/index.js';
import {
  beginSignIn, completeSignIn, createTokenStore, decodeState, handOffToOpener, isSignInCallback,
  openSignInPopup, resolveLoginBaseUrl, SignInError, type LoginHostResult, type TokenStore,
} from '../../auth/index.js';
import { parseWidgetContext, suggestedQuery, type ContextProblem, type WidgetContext } from '../../context/index.js';
import type { HostBridge } from '../../host/index.js';
import { localeForLangTag } from '../../i18n/index.js';
import type { WidgetDeps } from '../../runtime.js';
import { sharedStyles, tokenStyles } from '../../theme/index.js';
import type { ImMergePanel } from '../merge-panel/merge-panel.component.js';
import { isConfigurationProblem, signInText, type SignInReason } from './sign-in-text.js';
import { widgetStyles } from './widget.styles.js';

type Phase =
  | { kind: 'starting' }
  | { kind: 'handed-off' }
  /** A sign-in popup whose widget is gone (closed, or the browser cut the opener link). */
  | { kind: 'popup-orphaned' }
  | { kind: 'misconfigured'; outsideGenesys: boolean; problems: ContextProblem[]; configureUrl: string }
  | { kind: 'signing-in' }
  | { kind: 'sign-in-needed'; reason: SignInReason }
  | { kind: 'ready' }
  | { kind: 'stopped' };

/** The path the widget is served at; `<origin>/widget` is the registered OAuth redirect URI. */
export const WIDGET_PATH = '/widget';
/** An automatic redirect sign-in is not retried within this time (no redirect loops). */
export const AUTO_SIGN_IN_GUARD_MS = 2 * 60_000;
const AUTO_SIGN_IN_KEY = 'interaction-merger.auto-sign-in-at';

/**
 * The Interaction Merger widget. Reads its context from the URL tokens, talks to the agent
 * desktop through the Client App SDK (bootstrap, focus, stop), signs the agent in with PKCE
 * (redirect, or a popup with `gcUsePopupAuth=true`) and then shows the merge panel. Opened
 * outside Genesys, or with tokens not filled in, it explains how to configure its URL.
 *
 * @cssproperty --gse-semantic-* - Spark design tokens, light or dark (see theme/tokens.styles.ts)
 */
@localized()
export class ImWidget extends LitElement {
  static override styles = [tokenStyles, sharedStyles, widgetStyles];

  /** Browser capabilities; set once before the element is connected. */
  @property({ attribute: false }) deps: WidgetDeps | null = null;

  /** `light` or `dark` forces a colour scheme (from the `theme` URL parameter). */
  @property({ reflect: true }) theme: 'light' | 'dark' | null = null;

  @state() private phase: Phase = { kind: 'starting' };

  private context: WidgetContext | null = null;
  private contextQuery = '';
  private host: HostBridge | null = null;
  private tokens: TokenStore | null = null;
  private api: ApiClient | null = null;
  private readonly stop = new AbortController();
  private bootstrapRequested = false;
  private bootstrappedSent = false;
  private panelReady = false;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.phase.kind === 'starting' && this.deps) void this.start(this.deps);
  }

  private async start(deps: WidgetDeps): Promise<void> {
    const win = deps.window;
    const params = new URLSearchParams(win.location.search);
    let callback: URLSearchParams | null = null;
    if (isSignInCallback(params)) {
      const state = decodeState(params.get('state'));
      if (state?.popup) {
        this.phase = { kind: handOffToOpener(win, params) ? 'handed-off' : 'popup-orphaned' };
        return;
      }
      // Put the widget's own query back (the SDK and a page reload both read it), dropping the code.
      if (state) win.history.replaceState(null, '', `${win.location.pathname}?${state.query}`);
      callback = params;
    }
    const rawParams = new URLSearchParams(win.location.search);
    const rawTheme = rawParams.get('theme');
    this.theme = rawTheme === 'light' || rawTheme === 'dark' ? rawTheme : null;
    const parsed = parseWidgetContext(win.location.search, win.top !== win.self);
    await this.applyLocale(deps, rawParams.get('gcLangTag'));
    if (parsed.kind === 'misconfigured') {
      const configureUrl = `${win.location.origin}${WIDGET_PATH}?${parsed.suggestedQuery}`;
      this.phase = { kind: 'misconfigured', outsideGenesys: parsed.outsideGenesys, problems: parsed.problems, configureUrl };
      return;
    }
    const context = (this.context = parsed.context);
    this.contextQuery = parsed.query;
    this.host = deps.createHost();
    this.host.onBootstrap(() => {
      this.bootstrapRequested = true;
      this.maybeBootstrapped();
    });
    this.host.onFocus(() => this.renderRoot.querySelector<ImMergePanel>('im-merge-panel')?.refresh());
    this.host.onStop(() => void this.handleStop());
    this.tokens = createTokenStore(deps.storage, context.clientId, deps.now);
    this.api = createApiClient({
      baseUrl: win.location.origin,
      fetch: deps.fetch,
      now: deps.now,
      getToken: () => this.tokens?.get()?.accessToken ?? null,
      onUnauthorized: () => this.handleAuthLost(),
    });

    if (callback) {
      this.phase = { kind: 'signing-in' };
      try {
        this.tokens.set(await completeSignIn(this.signInDeps(deps), callback));
        deps.storage.removeItem(AUTO_SIGN_IN_KEY);
        this.phase = { kind: 'ready' };
      } catch (error) {
        this.setSignInNeeded(error instanceof SignInError ? error.reason : 'exchange_failed');
      }
      return;
    }
    if (this.tokens.get()) {
      this.phase = { kind: 'ready' };
      return;
    }
    if (!context.usePopupAuth && this.autoSignInAllowed(deps)) {
      deps.storage.setItem(AUTO_SIGN_IN_KEY, String(deps.now()));
      await this.signIn();
      return;
    }
    this.setSignInNeeded('first');
  }

  private async applyLocale(deps: WidgetDeps, langTag: string | null): Promise<void> {
    const locale = localeForLangTag(langTag);
    deps.window.document.documentElement.lang = locale;
    try {
      await deps.localization.setLocale(locale);
    } catch {
      // The locale's chunk did not load (offline): English stays.
      deps.window.document.documentElement.lang = 'en';
    }
  }

  private signInDeps(deps: WidgetDeps) {
    return { storage: deps.storage, now: deps.now, fetch: deps.fetch };
  }

  private autoSignInAllowed(deps: WidgetDeps): boolean {
    const last = Number(deps.storage.getItem(AUTO_SIGN_IN_KEY));
    return !(last > 0 && deps.now() - last < AUTO_SIGN_IN_GUARD_MS);
  }

  private async resolveLogin(): Promise<LoginHostResult> {
    try {
      return resolveLoginBaseUrl(this.context!, await this.api!.authConfig(this.stop.signal));
    } catch (error) {
      const derived = resolveLoginBaseUrl(this.context!, null);
      if (derived.ok || !(error instanceof ApiError)) return derived;
      throw error;
    }
  }

  /**
   * Signs the agent in. Called from a click (popup mode needs the gesture: the popup opens before
   * the first `await`) or automatically on first load in redirect mode.
   */
  private async signIn(): Promise<void> {
    const deps = this.deps!;
    const context = this.context!;
    let popup: ReturnType<typeof openSignInPopup> | null = null;
    try {
      if (context.usePopupAuth) popup = openSignInPopup(deps.window);
      this.phase = { kind: 'signing-in' };
      const login = await this.resolveLogin();
      if (!login.ok) {
        popup?.close();
        this.setSignInNeeded(login.reason);
        return;
      }
      const authorizeUrl = await beginSignIn(this.signInDeps(deps), {
        loginBaseUrl: login.loginBaseUrl,
        clientId: context.clientId,
        redirectUri: `${deps.window.location.origin}${WIDGET_PATH}`,
        contextQuery: this.contextQuery,
        popup: popup !== null,
      });
      if (!popup) {
        deps.window.location.assign(authorizeUrl.href);
        return;
      }
      const callback = await popup.complete(authorizeUrl);
      this.tokens!.set(await completeSignIn(this.signInDeps(deps), callback));
      this.phase = { kind: 'ready' };
    } catch (error) {
      popup?.close();
      this.setSignInNeeded(error instanceof SignInError ? error.reason : 'offline');
    }
  }

  private setSignInNeeded(reason: SignInReason): void {
    this.phase = { kind: 'sign-in-needed', reason };
    this.maybeBootstrapped();
  }

  private handleAuthLost(): void {
    this.tokens?.clear();
    if (this.phase.kind === 'ready') this.setSignInNeeded('expired');
  }

  private handleSignInClick(): void {
    void this.signIn();
  }

  private handlePanelReady(): void {
    this.panelReady = true;
    this.maybeBootstrapped();
  }

  /** Answers the host's `bootstrap` once the first screen is settled (candidates or a sign-in prompt). */
  private maybeBootstrapped(): void {
    const settled = this.phase.kind === 'sign-in-needed' || (this.phase.kind === 'ready' && this.panelReady);
    if (!this.bootstrapRequested || this.bootstrappedSent || !settled) return;
    this.bootstrappedSent = true;
    this.host?.bootstrapped();
  }

  private async handleStop(): Promise<void> {
    this.stop.abort();
    this.phase = { kind: 'stopped' };
    await this.updateComplete;
    this.host?.stopped();
  }

  override render() {
    const phase = this.phase;
    switch (phase.kind) {
      case 'starting':
        return html`<p class="muted" role="status">${msg('Loading…', { id: 'widget.loading' })}</p>`;
      case 'handed-off':
        return html`<p role="status">${msg('You are signed in. You can close this window.', { id: 'widget.handedOff' })}</p>`;
      case 'popup-orphaned':
        return html`<p role="status">${msg('The widget that asked you to sign in is no longer open. Close this window and sign in again from the widget.', { id: 'widget.popupOrphaned' })}</p>`;
      case 'misconfigured':
        return html`<im-setup-help ?outsideGenesys=${phase.outsideGenesys} .problems=${phase.problems}
          configureUrl=${phase.configureUrl}></im-setup-help>`;
      case 'signing-in':
        return html`<p class="muted" role="status">${msg('Signing you in to Genesys Cloud…', { id: 'widget.signingIn' })}</p>`;
      case 'sign-in-needed':
        return html`<section class="sign-in" aria-labelledby="sign-in-title">
          <h2 id="sign-in-title">${msg('Sign in to Genesys Cloud', { id: 'widget.signInTitle' })}</h2>
          <p class="reason" data-reason=${phase.reason}>${signInText(phase.reason)}</p>
          ${isConfigurationProblem(phase.reason)
            ? html`<p class="muted"><code>${suggestedQuery(this.context?.clientId ?? null)}</code></p>`
            : html`<div class="actions"><button class="btn btn-primary" @click=${this.handleSignInClick}>
                ${msg('Sign in', { id: 'widget.signIn' })}</button></div>`}
        </section>`;
      case 'ready':
        return html`<im-merge-panel .api=${this.api} .host=${this.host} conversationId=${this.context!.conversationId}
          .newIdempotencyKey=${this.deps!.newId} .stopSignal=${this.stop.signal}
          @im-panel-ready=${this.handlePanelReady} @im-sign-in-request=${this.handleSignInClick}></im-merge-panel>`;
      default:
        return nothing;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'im-widget': ImWidget;
  }
}
