export { ImConfirmDialog } from './confirm-dialog.component.js';
