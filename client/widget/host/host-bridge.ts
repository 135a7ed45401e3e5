/**
 * The widget's side of the Genesys agent desktop: `purecloud-client-app-sdk` for toasts,
 * navigation and lifecycle hooks. The SDK reads `gcHostOrigin`/`gcTargetEnv` from the page URL
 * and throws when they are missing or unknown, so it is built inside try/catch; outside Genesys
 * every call is a no-op (`connected: false`).
 */
import ClientAppModule from 'purecloud-client-app-sdk';

/**
 * An instance of the SDK's `ClientApp`. Its typings describe a CommonJS module whose `default` is
 * the class (that is what TypeScript's NodeNext sees); the bundle uses the SDK's ES build, whose
 * default export is the class itself.
 */
type ClientApp = InstanceType<typeof ClientAppModule.default>;

/** The SDK's `ClientApp` class, whichever module shape the bundler handed over. */
export const SdkClientApp = ((ClientAppModule as unknown as { default?: unknown }).default ??
  ClientAppModule) as ClientAppConstructor;

export type ToastKind = 'success' | 'info' | 'error';

/** What the widget asks of the agent desktop. */
export interface HostBridge {
  /** False when the Client App SDK could not be set up (not inside Genesys). */
  readonly connected: boolean;
  /** Runs `listener` once when the host sends the `bootstrap` hook. */
  onBootstrap(listener: () => void): void;
  /** Tells the host the widget finished initialising (answer to `bootstrap`). */
  bootstrapped(): void;
  /** Runs `listener` each time the host shows this widget again (`focus` hook). */
  onFocus(listener: () => void): void;
  /** Runs `listener` once when the host is about to remove the widget (`stop` hook). */
  onStop(listener: () => void): void;
  /** Tells the host clean-up after `stop` is done. */
  stopped(): void;
  /** A toast in the agent desktop (`alerting.showToastPopup`); error toasts stay until closed. */
  toast(title: string, message: string, kind: ToastKind): void;
  /** Opens the interaction's details (`conversations.showInteractionDetails`). */
  showInteractionDetails(conversationId: string): void;
  /** Opens the contact's profile (`externalContacts.showExternalContactProfile`). */
  showExternalContactProfile(contactId: string): void;
}

/** The SDK's constructor, passed in so this module never constructs it at import time. */
export type ClientAppConstructor = new (config: {
  gcHostOriginQueryParam: string;
  gcTargetEnvQueryParam: string;
}) => ClientApp;

/**
 * Builds the bridge from the page's current URL (call after any sign-in redirect has restored
 * the widget's query, since the SDK parses `window.location.search`).
 */
export function createHostBridge(ClientAppCtor: ClientAppConstructor): HostBridge {
  let app: ClientApp;
  try {
    app = new ClientAppCtor({ gcHostOriginQueryParam: 'gcHostOrigin', gcTargetEnvQueryParam: 'gcTargetEnv' });
  } catch {
    return disconnectedBridge();
  }
  return {
    connected: true,
    onBootstrap: (listener) => app.lifecycle.addBootstrapListener(() => listener(), true),
    bootstrapped: () => app.lifecycle.bootstrapped(),
    onFocus: (listener) => app.lifecycle.addFocusListener(() => listener(), false),
    onStop: (listener) => app.lifecycle.addStopListener(() => listener(), true),
    stopped: () => app.lifecycle.stopped(),
    toast: (title, message, kind) => {
      if (kind === 'error') {
        app.alerting.showToastPopup(title, message, { type: 'error', timeout: 0, showCloseButton: true, markdownMessage: false });
      } else {
        app.alerting.showToastPopup(title, message, { type: kind, markdownMessage: false });
      }
    },
    showInteractionDetails: (conversationId) => app.conversations.showInteractionDetails(conversationId),
    showExternalContactProfile: (contactId) => app.externalContacts.showExternalContactProfile(contactId),
  };
}

/** A bridge that does nothing: the widget runs outside the agent desktop. */
export function disconnectedBridge(): HostBridge {
  const noop = () => undefined;
  return {
    connected: false,
    onBootstrap: noop,
    bootstrapped: noop,
    onFocus: noop,
    onStop: noop,
    stopped: noop,
    toast: noop,
    showInteractionDetails: noop,
    showExternalContactProfile: noop,
  };
}
