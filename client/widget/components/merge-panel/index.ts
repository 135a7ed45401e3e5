export { ImMergePanel } from './merge-panel.component.js';
