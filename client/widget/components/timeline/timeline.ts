import { ImTimeline } from './timeline.component.js';

customElements.define('im-timeline', ImTimeline);
