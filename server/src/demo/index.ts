export { startDemoEmulator, listInteractions } from './emulator.js';
export type { DemoEmulator, DesktopInteraction } from './emulator.js';
export { createCrmReceiver } from './crm-receiver.js';
export type { CrmDelivery, CrmReceiver } from './crm-receiver.js';
export { desktopRoutes } from './desktop.js';
export type { DesktopConfig } from './desktop.js';
export { createDemoSite } from './site.js';
export type { DemoSite } from './site.js';
export { demoTenantRegistration, DEMO_ORG_ID, DEMO_WIDGET_CLIENT_ID } from './tenant.js';
