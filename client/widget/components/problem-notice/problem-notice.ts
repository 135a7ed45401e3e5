import { ImProblemNotice } from './problem-notice.component.js';

customElements.define('im-problem-notice', ImProblemNotice);
