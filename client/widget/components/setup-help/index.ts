export { ImSetupHelp } from './setup-help.component.js';
