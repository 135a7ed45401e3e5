export { ImWidget, WIDGET_PATH, AUTO_SIGN_IN_GUARD_MS } from './widget.component.js';
export { isConfigurationProblem, signInText } from './sign-in-text.js';
export type { SignInReason } from './sign-in-text.js';
