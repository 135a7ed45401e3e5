export { tokenStyles } from './tokens.styles.js';
export { sharedStyles } from './shared.styles.js';
