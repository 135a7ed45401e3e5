import { ImMergePanel } from './merge-panel.component.js';

customElements.define('im-merge-panel', ImMergePanel);
