/**
 * The agent-desktop side of the Client App SDK's postMessage protocol (reference
 * genesys-client-app.md §1.6), enough for a local host: the widget URL with its tokens filled
 * in, lifecycle hooks to send, and the SDK's messages classified.
 */

/** `protocol` of every message the SDK sends to its host. */
export const SDK_PROTOCOL = 'purecloud-client-apps';

export type LifecycleHook = 'bootstrap' | 'focus' | 'blur' | 'stop';

/** The sandbox Genesys applies to interaction widgets (the sample integrations' default). */
export const WIDGET_SANDBOX =
  'allow-forms allow-modals allow-popups allow-presentation allow-same-origin allow-scripts allow-downloads';

/** `GET /desktop/api/config` */
export interface DesktopConfig {
  /** Origin serving the widget (must differ from the harness's, as in Genesys). */
  widgetOrigin: string;
  /** The widget's OAuth client id, passed as `clientId`. */
  widgetClientId: string;
  /** The origin the server expects the harness on (informational; the page's own origin is used). */
  hostOrigin: string;
  /** Default `gcLangTag`. */
  langTag: string;
}

/** `GET /desktop/api/interactions` item. */
export interface DesktopInteraction {
  conversationId: string;
  mediaType: string;
  messageType: string | null;
  startTime: string;
  customerLabel: string;
}

/** What the harness lets the tester vary. */
export interface WidgetUrlOptions {
  langTag: string;
  usePopupAuth: boolean;
  theme: 'light' | 'dark' | null;
}

/** A lifecycle hook message, as the Genesys host sends it to the app's iframe. */
export function lifecycleMessage(hook: LifecycleHook): { purecloudEventType: 'appLifecycleHook'; hook: LifecycleHook } {
  return { purecloudEventType: 'appLifecycleHook', hook };
}

/**
 * The widget's URL with the interaction-widget tokens filled in, as Genesys would:
 * `gcHostOrigin` is this page's origin, `gcTargetEnv=prod` (the SDK accepts a localhost host).
 */
export function widgetUrl(
  config: Pick<DesktopConfig, 'widgetOrigin' | 'widgetClientId'>,
  hostOrigin: string,
  conversationId: string,
  options: WidgetUrlOptions,
): string {
  const url = new URL('/widget', config.widgetOrigin);
  url.searchParams.set('gcConversationId', conversationId);
  url.searchParams.set('gcHostOrigin', hostOrigin);
  url.searchParams.set('gcTargetEnv', 'prod');
  url.searchParams.set('gcLangTag', options.langTag);
  url.searchParams.set('gcUsePopupAuth', String(options.usePopupAuth));
  url.searchParams.set('clientId', config.widgetClientId);
  if (options.theme) url.searchParams.set('theme', options.theme);
  return url.href;
}

/** A message from the app, classified for display. */
export type SdkMessage =
  | { kind: 'toast'; title: string; message: string; type: 'info' | 'success' | 'error'; timeoutSeconds: number; id: string | null }
  | { kind: 'lifecycle'; action: 'bootstrapped' | 'stopped' }
  | { kind: 'navigation'; action: string; details: Record<string, unknown> }
  | { kind: 'other'; action: string; details: Record<string, unknown> };

const NAVIGATION = new Set([
  'showInteractionDetails', 'showMyInteractionDetails', 'showMyEvaluationDetails', 'showProfile', 'showGroup',
  'showExternalContactProfile', 'showExternalOrganizationProfile', 'openWindow', 'showResourceCenterArtifact',
  'showHelp', 'hideHelp',
]);
const ENVELOPE = new Set(['action', 'protocol', 'protocolAgentName', 'protocolAgentVersion']);

/** Classifies `event.data` of a message from the app; null when it is not an SDK message. */
export function parseSdkMessage(data: unknown): SdkMessage | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const record = data as Record<string, unknown>;
  if (record.protocol !== SDK_PROTOCOL || typeof record.action !== 'string') return null;
  const action = record.action;
  const details = Object.fromEntries(Object.entries(record).filter(([key]) => !ENVELOPE.has(key)));
  if (action === 'showToast') {
    const type = record.type === 'success' || record.type === 'error' ? record.type : 'info';
    return {
      kind: 'toast',
      title: String(record.title ?? ''),
      message: String(record.message ?? ''),
      type,
      timeoutSeconds: typeof record.timeout === 'number' ? record.timeout : 7,
      id: typeof record.id === 'string' ? record.id : null,
    };
  }
  if (action === 'bootstrapped' || action === 'stopped') return { kind: 'lifecycle', action };
  if (NAVIGATION.has(action)) return { kind: 'navigation', action, details };
  return { kind: 'other', action, details };
}
