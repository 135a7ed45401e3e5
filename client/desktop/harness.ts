import { ImDesktopHarness } from './harness.component.js';

customElements.define('im-desktop-harness', ImDesktopHarness);
