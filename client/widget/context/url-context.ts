/**
 * The widget's context comes only from URL tokens that Genesys interpolates into the integration
 * URL (reference genesys-client-app.md §1.4); there is no SDK call that returns it. This module
 * turns a query string into a validated context, or into the list of what is wrong with it and
 * the exact query string that would fix it.
 */

/** `theme` URL parameter: forces a colour scheme; absent means follow `prefers-color-scheme`. */
export type ThemePreference = 'light' | 'dark' | null;

/** Everything the widget knows about where it runs. */
export interface WidgetContext {
  /** `gcConversationId`: the interaction the widget is bound to. */
  conversationId: string;
  /** `gcHostOrigin`: origin of the Genesys UI (or of the local desktop harness). */
  hostOrigin: string;
  /** `gcTargetEnv`: Genesys environment name, e.g. `prod`, `prod-euw1`. */
  targetEnv: string;
  /** `gcLangTag`, lower-cased, e.g. `en-us`; `en-us` when absent or not interpolated. */
  langTag: string;
  /** `gcUsePopupAuth=true`: sign in through a popup instead of redirecting the iframe. */
  usePopupAuth: boolean;
  /** `clientId`: the widget's public OAuth client id (PKCE). */
  clientId: string;
  theme: ThemePreference;
}

/** The parameters the widget reads; the first four are required. */
export const CONTEXT_PARAMS = [
  'gcConversationId',
  'gcHostOrigin',
  'gcTargetEnv',
  'clientId',
  'gcLangTag',
  'gcUsePopupAuth',
  'theme',
] as const;

export type ContextParam = (typeof CONTEXT_PARAMS)[number];

/** What is wrong with one parameter. */
export interface ContextProblem {
  param: ContextParam;
  issue: 'missing' | 'uninterpolated' | 'invalid';
}

export type ContextResult =
  | { kind: 'ready'; context: WidgetContext; query: string }
  | {
      kind: 'misconfigured';
      /** True when the page is the top window, i.e. not inside the Genesys agent desktop. */
      outsideGenesys: boolean;
      problems: ContextProblem[];
      /** The query string the integration URL should carry (tokens left for Genesys to fill). */
      suggestedQuery: string;
    };

const UNINTERPOLATED = /\{\{.*\}\}/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const ENV = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const LANG = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/;

/**
 * Parses and validates the widget's query string.
 * Required: `gcConversationId`, `gcHostOrigin` (an https origin, or http on localhost/127.0.0.1),
 * `gcTargetEnv`, `clientId`. Optional tokens (`gcLangTag`, `gcUsePopupAuth`) fall back to
 * defaults when absent or left as literal `{{…}}`, since Genesys may not fill them everywhere.
 * @param search `location.search` (with or without the leading `?`).
 * @param inFrame `window.top !== window.self`.
 */
export function parseWidgetContext(search: string, inFrame: boolean): ContextResult {
  const params = new URLSearchParams(search);
  const problems: ContextProblem[] = [];
  const required = (param: ContextParam, valid: (value: string) => boolean): string => {
    const value = params.get(param)?.trim() ?? '';
    if (value === '') problems.push({ param, issue: 'missing' });
    else if (UNINTERPOLATED.test(value)) problems.push({ param, issue: 'uninterpolated' });
    else if (!valid(value)) problems.push({ param, issue: 'invalid' });
    return value;
  };
  const conversationId = required('gcConversationId', (v) => ID.test(v));
  const hostOrigin = required('gcHostOrigin', isHostOrigin);
  const targetEnv = required('gcTargetEnv', (v) => ENV.test(v));
  const clientId = required('clientId', (v) => ID.test(v));

  const rawLang = (params.get('gcLangTag') ?? '').trim().toLowerCase().replace(/_/g, '-');
  const langTag = LANG.test(rawLang) ? rawLang : 'en-us';
  const usePopupAuth = (params.get('gcUsePopupAuth') ?? '').trim().toLowerCase() === 'true';
  const rawTheme = params.get('theme');
  const theme: ThemePreference = rawTheme === 'light' || rawTheme === 'dark' ? rawTheme : null;

  if (problems.length > 0 || !inFrame) {
    return {
      kind: 'misconfigured',
      outsideGenesys: !inFrame,
      problems,
      suggestedQuery: suggestedQuery(problems.some((p) => p.param === 'clientId') ? null : clientId),
    };
  }
  return {
    kind: 'ready',
    context: {
      conversationId,
      hostOrigin: new URL(hostOrigin).origin,
      targetEnv,
      langTag,
      usePopupAuth,
      clientId,
      theme,
    },
    query: params.toString(),
  };
}

/**
 * The query string an admin puts in the integration URL: every Genesys token left as `{{…}}` for
 * Genesys to fill, and the widget's OAuth client id (`clientId`) filled in when known.
 */
export function suggestedQuery(clientId: string | null): string {
  return [
    'gcConversationId={{gcConversationId}}',
    'gcHostOrigin={{gcHostOrigin}}',
    'gcTargetEnv={{gcTargetEnv}}',
    'gcLangTag={{gcLangTag}}',
    'gcUsePopupAuth={{gcUsePopupAuth}}',
    `clientId=${clientId ?? '<widget OAuth client id>'}`,
  ].join('&');
}

function isHostOrigin(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.origin === 'null' || url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** `localhost` and `127.0.0.1`: the hosts the Client App SDK accepts as a local host app. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1';
}
