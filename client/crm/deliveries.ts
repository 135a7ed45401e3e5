import { ImCrmDeliveries } from './deliveries.component.js';

customElements.define('im-crm-deliveries', ImCrmDeliveries);
