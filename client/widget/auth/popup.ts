/**
 * Popup sign-in (`gcUsePopupAuth=true`): the widget iframe opens a popup from the agent's click;
 * the popup goes through the login host and lands on `<widget origin>/widget?code&state`, where
 * the widget page hands `code` and `state` to its opener by `postMessage` restricted to the
 * widget's own origin, and closes. The iframe then completes the sign-in itself.
 */
import { SignInError } from './pkce-flow.js';

/** `data.type` of the message the popup sends to its opener. */
export const AUTH_CALLBACK_MESSAGE = 'interaction-merger:auth-callback';

/** How often the opener checks whether the agent closed the popup. */
const CLOSED_POLL_MS = 500;

/** The OAuth callback parameters the popup forwards (and nothing else). */
const FORWARDED = ['code', 'state', 'error', 'error_description', 'iss'] as const;

/** A popup window opened synchronously in the click handler; navigated once the URL is ready. */
export interface SignInPopup {
  /** Sends the popup to the authorize URL and resolves with the callback parameters. */
  complete(authorizeUrl: URL): Promise<URLSearchParams>;
  /** Closes the popup (e.g. when building the URL failed). */
  close(): void;
}

/**
 * Opens a blank popup now, inside the user gesture (browsers block popups opened after an
 * `await`), to be sent to the authorize URL later.
 * @throws SignInError `popup_blocked` when the browser refused to open it.
 */
export function openSignInPopup(win: Window): SignInPopup {
  const features = 'popup=yes,width=480,height=640';
  const popup = win.open('about:blank', 'interaction-merger-sign-in', features);
  if (!popup) throw new SignInError('popup_blocked');
  return {
    close: () => popup.close(),
    complete: (authorizeUrl) =>
      new Promise<URLSearchParams>((resolve, reject) => {
        const onMessage = (event: MessageEvent) => {
          if (event.source !== popup || event.origin !== win.location.origin) return;
          const data = event.data as Record<string, unknown> | null;
          if (!data || data.type !== AUTH_CALLBACK_MESSAGE) return;
          cleanup();
          const params = new URLSearchParams();
          for (const name of FORWARDED) {
            if (typeof data[name] === 'string') params.set(name, data[name]);
          }
          resolve(params);
        };
        const timer = win.setInterval(() => {
          if (!popup.closed) return;
          cleanup();
          reject(new SignInError('popup_closed'));
        }, CLOSED_POLL_MS);
        const cleanup = () => {
          win.removeEventListener('message', onMessage);
          win.clearInterval(timer);
        };
        win.addEventListener('message', onMessage);
        popup.location.href = authorizeUrl.href;
      }),
  };
}

/**
 * In the popup, on the callback page: forwards the OAuth callback parameters to the opener
 * (same origin only) and closes the popup.
 * @returns false when there is no opener to hand the code to (the page says so instead).
 */
export function handOffToOpener(win: Window, callback: URLSearchParams): boolean {
  const opener = win.opener as Window | null;
  if (!opener || opener === win) return false;
  const message: Record<string, string> = { type: AUTH_CALLBACK_MESSAGE };
  for (const name of FORWARDED) {
    const value = callback.get(name);
    if (value !== null) message[name] = value;
  }
  opener.postMessage(message, win.location.origin);
  win.close();
  return true;
}
