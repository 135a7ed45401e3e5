import { ImWidget } from './widget.component.js';

customElements.define('im-widget', ImWidget);
