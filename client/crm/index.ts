export { ImCrmDeliveries, POLL_INTERVAL_MS } from './deliveries.component.js';
export type { CrmDelivery, DeliveriesDeps } from './deliveries.component.js';
