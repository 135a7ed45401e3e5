export { ImProblemNotice } from './problem-notice.component.js';
