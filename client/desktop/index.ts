export { ImDesktopHarness, MAX_INSTANCES, STOP_TIMEOUT_MS } from './harness.component.js';
export type { HarnessDeps } from './harness.component.js';
export { lifecycleMessage, parseSdkMessage, widgetUrl, SDK_PROTOCOL, WIDGET_SANDBOX } from './host-protocol.js';
export type {
  DesktopConfig, DesktopInteraction, LifecycleHook, SdkMessage, WidgetUrlOptions,
} from './host-protocol.js';
