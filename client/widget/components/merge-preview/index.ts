export { ImMergePreview, formatFieldValue } from './merge-preview.component.js';
