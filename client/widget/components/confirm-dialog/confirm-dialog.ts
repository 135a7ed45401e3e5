import { ImConfirmDialog } from './confirm-dialog.component.js';

customElements.define('im-confirm-dialog', ImConfirmDialog);
