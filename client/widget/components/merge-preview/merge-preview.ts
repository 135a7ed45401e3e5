import { ImMergePreview } from './merge-preview.component.js';

customElements.define('im-merge-preview', ImMergePreview);
