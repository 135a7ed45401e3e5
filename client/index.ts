/**
 * The browser client: the widget (`client/widget`, served at `/widget`), the desktop harness
 * (`client/desktop`, `/desktop`, demo only) and the CRM receiver page (`client/crm`, `/crm`,
 * demo only). Vite builds the three pages into `dist/client` (see `vite.config.ts`).
 */
export { ImWidget, WIDGET_PATH, CANDIDATES_VISIBLE_MARK } from './widget/index.js';
export type { WidgetDeps } from './widget/index.js';
export { ImDesktopHarness, WIDGET_SANDBOX } from './desktop/index.js';
export type { DesktopConfig, DesktopInteraction } from './desktop/index.js';
export { ImCrmDeliveries } from './crm/index.js';
export type { CrmDelivery } from './crm/index.js';
