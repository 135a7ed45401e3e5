export { createHostBridge, disconnectedBridge, SdkClientApp } from './host-bridge.js';
export type { ClientAppConstructor, HostBridge, ToastKind } from './host-bridge.js';
