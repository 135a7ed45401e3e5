export { ImTimeline } from './timeline.component.js';
