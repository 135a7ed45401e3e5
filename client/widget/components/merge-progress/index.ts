export { ImMergeProgress } from './merge-progress.component.js';
