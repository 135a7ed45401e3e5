/**
 * What the sign-in screen says for each reason the agent has to sign in (again).
 */
import { msg } from '@lit/localize';
import type { SignInFailure } from '../../auth/index.js';

/** Why the widget asks the agent to sign in. */
export type SignInReason =
  | 'first'
  | 'expired'
  | 'offline'
  | SignInFailure
  /** Configuration problems: no button, the admin must fix the URL or the server. */
  | 'no_login_host'
  | 'unknown_host'
  | 'env_mismatch';

/** True when signing in again cannot help (the configuration must change). */
export function isConfigurationProblem(reason: SignInReason): boolean {
  return reason === 'no_login_host' || reason === 'unknown_host' || reason === 'env_mismatch';
}

/** The explanation shown above the Sign in button. */
export function signInText(reason: SignInReason): string {
  switch (reason) {
    case 'first':
      return msg("Sign in with your Genesys Cloud account to see this customer's related interactions.", { id: 'signin.first' });
    case 'expired':
      return msg('Your Genesys Cloud sign-in has ended. Sign in again to continue.', { id: 'signin.expired' });
    case 'offline':
      return msg('The sign-in service could not be reached. Check your connection, then try again.', { id: 'signin.offline' });
    case 'invalid_state':
      return msg('The sign-in could not be verified: it expired or was started in another window. Try again.', { id: 'signin.invalidState' });
    case 'denied':
      return msg('The sign-in was cancelled or refused.', { id: 'signin.denied' });
    case 'exchange_failed':
      return msg("Genesys Cloud did not accept the sign-in. Try again; if it keeps failing, ask your administrator to check that the widget's OAuth client allows this address as its redirect URI.", { id: 'signin.exchangeFailed' });
    case 'popup_blocked':
      return msg('Your browser blocked the sign-in window. Allow pop-ups for Genesys Cloud, then try again.', { id: 'signin.popupBlocked' });
    case 'popup_closed':
      return msg('The sign-in window was closed before you finished.', { id: 'signin.popupClosed' });
    case 'no_login_host':
      return msg('This widget runs on a local host and the service named no Genesys Cloud login address, so it cannot sign you in. Ask your administrator to check the service configuration.', { id: 'signin.noLoginHost' });
    case 'unknown_host':
      return msg('gcHostOrigin is not a Genesys Cloud address, so the widget cannot tell where to sign you in. Ask your administrator to check the integration URL.', { id: 'signin.unknownHost' });
    default:
      return msg('gcHostOrigin and gcTargetEnv name different Genesys Cloud regions. Ask your administrator to check the integration URL.', { id: 'signin.envMismatch' });
  }
}
