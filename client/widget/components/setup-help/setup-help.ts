import { ImSetupHelp } from './setup-help.component.js';

customElements.define('im-setup-help', ImSetupHelp);
