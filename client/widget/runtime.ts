/**
 * What the widget needs from the browser, as one typed object: the root element receives it, so
 * nothing reads globals or keeps module-level state, and the entry module is the only place
 * that knows the real `window`.
 */
import type { HostBridge } from './host/index.js';
import type { Localization } from './i18n/index.js';

export interface WidgetDeps {
  /** The widget's window (location, history, opener, popups, online events). */
  window: Window;
  /** Per-tab storage for the token and pending sign-ins (`sessionStorage`). */
  storage: Storage;
  /** `fetch`, already bound to its window. */
  fetch: typeof fetch;
  /** Epoch ms. */
  now(): number;
  localization: Localization;
  /** Builds the agent-desktop bridge; called once the page URL carries the widget's context. */
  createHost(): HostBridge;
  /** A new unique id (Idempotency-Key of a merge). */
  newId(): string;
}
