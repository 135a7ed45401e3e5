import { ImMergeProgress } from './merge-progress.component.js';

customElements.define('im-merge-progress', ImMergeProgress);
