import cors from 'cors';
import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorClock } from '../config/index.js';
import type { OAuthClient } from '../dataset/index.js';
import type { OrgDirectory } from '../state/index.js';
import { renderLoginPage, renderMessagePage } from './login-page.js';
import { isValidCodeVerifier, s256Challenge } from './pkce.js';
import type { TokenStore } from './tokens.js';

/** What the login host's routes read and write. */
export interface OAuthDeps {
  org: OrgDirectory;
  tokens: TokenStore;
  clock: EmulatorClock;
  /** RFC 8252 §7.3: a registered loopback redirect URI matches on any port. */
  loopbackRedirectAnyPort: boolean;
  authorizationCodeTtlMs: number;
}

/** Token lifetime of a client: `accessTokenValiditySeconds`, default 86400 (reference §1.2). */
export function tokenLifetimeSeconds(client: OAuthClient): number {
  return client.accessTokenValiditySeconds ?? 86_400;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Whether `requested` is one of the client's registered redirect URIs (exact, or loopback on any port). */
export function redirectUriAllowed(registered: readonly string[], requested: string, loopbackAnyPort: boolean): boolean {
  if (registered.includes(requested)) return true;
  const wanted = parseUrl(requested);
  if (!loopbackAnyPort || !wanted || wanted.protocol !== 'http:' || !LOOPBACK_HOSTS.has(wanted.hostname)) return false;
  return registered.some((uri) => {
    const candidate = parseUrl(uri);
    return candidate !== undefined && candidate.protocol === wanted.protocol && candidate.hostname === wanted.hostname
      && candidate.pathname === wanted.pathname && candidate.search === wanted.search;
  });
}

/** OAuth-style error body (reference §1.2: `error`, `error_description`; `description` as the platform also sends it). */
function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).set('cache-control', 'no-store').json({ error, description, error_description: description });
}

function basicCredentials(req: Request): { id: string; secret: string } | undefined {
  const match = req.get('authorization')?.match(/^basic\s+(\S+)\s*$/i);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const unescape = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
}

function stringParams(source: unknown): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries((source ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') params[key] = value;
  }
  return params;
}

const AUTHORIZE_PARAMS = ['client_id', 'redirect_uri', 'response_type', 'state', 'code_challenge', 'code_challenge_method', 'login_hint', 'prompt', 'org', 'provider', 'target'];

/**
 * The login host's routes: `POST /oauth/token` (client_credentials with Basic auth;
 * authorization_code with PKCE S256), `GET|POST /oauth/authorize` (`response_type=code` with PKCE,
 * or `token`) with a login page listing the dataset's users, and `GET /logout` (reference §1.2–1.3).
 */
export function createOAuthRouter(deps: OAuthDeps): Router {
  const router = express.Router();
  const { org, tokens, clock } = deps;

  router.options('/oauth/token', cors());
  router.post('/oauth/token', cors(), express.urlencoded({ extended: false }), (req, res) => {
    res.locals.template = '/oauth/token';
    const form = stringParams(req.body);
    const basic = basicCredentials(req);
    const clientId = basic?.id ?? form.client_id;
    const secret = basic?.secret ?? form.client_secret;
    const grantType = form.grant_type;
    if (!grantType) return oauthError(res, 400, 'invalid_request', 'grant_type is required');
    const client = clientId === undefined ? undefined : org.client(clientId);
    if (!client) {
      res.set('www-authenticate', 'Basic realm="oauth"');
      return oauthError(res, 401, 'invalid_client', 'authentication failed');
    }
    if (client.secret !== undefined && secret !== client.secret) {
      res.set('www-authenticate', 'Basic realm="oauth"');
      return oauthError(res, 401, 'invalid_client', 'authentication failed');
    }
    const issue = (userId?: string) => {
      const record = tokens.mint({ clientId: client.id, grant: client.authorizedGrantType, lifetimeSeconds: tokenLifetimeSeconds(client), ...(userId ? { userId } : {}) });
      res.set('cache-control', 'no-store').json({ access_token: record.token, token_type: 'bearer', expires_in: tokenLifetimeSeconds(client) });
    };

    if (grantType === 'client_credentials') {
      if (client.authorizedGrantType !== 'CLIENT-CREDENTIALS') {
        return oauthError(res, 400, 'unauthorized_client', `client ${client.id} is not a client-credentials client`);
      }
      return issue();
    }
    if (grantType === 'authorization_code') {
      if (client.authorizedGrantType !== 'CODE') return oauthError(res, 400, 'unauthorized_client', `client ${client.id} is not a code-grant client`);
      const code = form.code === undefined ? undefined : tokens.redeemCode(form.code);
      if (!code || code.clientId !== client.id) return oauthError(res, 400, 'invalid_grant', 'the authorization code is invalid, expired or already used');
      if (form.redirect_uri !== code.redirectUri) return oauthError(res, 400, 'invalid_grant', 'redirect_uri does not match the authorization request');
      if (code.codeChallenge !== undefined) {
        const verifier = form.code_verifier;
        if (verifier === undefined || !isValidCodeVerifier(verifier) || s256Challenge(verifier) !== code.codeChallenge) {
          return oauthError(res, 400, 'invalid_grant', 'code_verifier does not match the code_challenge');
        }
      }
      return issue(code.userId);
    }
    return oauthError(res, 400, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);
  });

  const authorize = (res: Response, params: Record<string, string>, chosenUser: string | undefined) => {
    res.locals.template = '/oauth/authorize';
    const client = params.client_id === undefined ? undefined : org.client(params.client_id);
    if (!client) return res.status(400).type('html').send(renderMessagePage('Sign-in error', `Unknown client_id "${params.client_id ?? ''}".`));
    const redirectUri = params.redirect_uri;
    if (!redirectUri || !redirectUriAllowed(client.registeredRedirectUri, redirectUri, deps.loopbackRedirectAnyPort)) {
      return res.status(400).type('html').send(renderMessagePage('Sign-in error', `redirect_uri "${redirectUri ?? ''}" is not registered for ${client.name}.`));
    }
    const responseType = params.response_type;
    const inFragment = responseType === 'token';
    const redirect = (values: Record<string, string>) => {
      const url = new URL(redirectUri);
      const all = { ...values, ...(params.state === undefined ? {} : { state: params.state }) };
      if (inFragment) url.hash = new URLSearchParams(all).toString();
      else for (const [key, value] of Object.entries(all)) url.searchParams.set(key, value);
      res.redirect(302, url.toString());
    };
    const fail = (error: string, description: string) => redirect({ error, error_description: description });

    if (responseType !== 'code' && responseType !== 'token') return fail('unsupported_response_type', 'response_type must be code or token');
    if (responseType === 'code' && client.authorizedGrantType !== 'CODE') return fail('unauthorized_client', 'this client may not use the code grant');
    if (responseType === 'token' && client.authorizedGrantType !== 'TOKEN') return fail('unauthorized_client', 'this client may not use the implicit grant');
    const challenge = params.code_challenge;
    if (responseType === 'code') {
      if (challenge === undefined && client.secret === undefined) return fail('invalid_request', 'PKCE is required for public clients: send code_challenge with code_challenge_method=S256');
      if (challenge !== undefined && params.code_challenge_method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
      if (challenge !== undefined && !/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('invalid_request', 'code_challenge is not a base64url SHA-256 digest');
    }

    const hinted = params.prompt === 'login' || params.login_hint === undefined ? undefined : org.findUser(params.login_hint);
    const user = chosenUser === undefined ? hinted : org.findUser(chosenUser);
    if (!user) {
      const carried = Object.fromEntries(AUTHORIZE_PARAMS.filter((k) => params[k] !== undefined && k !== 'prompt').map((k) => [k, params[k]!]));
      const notice = chosenUser !== undefined ? `No user "${chosenUser}".` : params.login_hint !== undefined && params.prompt !== 'login' ? `No user matches login_hint "${params.login_hint}".` : undefined;
      return res
        .status(200)
        .type('html')
        .send(renderLoginPage({ orgName: org.org.name, clientName: client.name, users: org.users, params: carried, ...(notice ? { notice } : {}) }));
    }
    if (responseType === 'code') {
      const code = tokens.issueCode({
        clientId: client.id,
        userId: user.id,
        redirectUri,
        expiresAt: clock.now() + deps.authorizationCodeTtlMs,
        ...(challenge === undefined ? {} : { codeChallenge: challenge }),
      });
      return redirect({ code });
    }
    const record = tokens.mint({ clientId: client.id, userId: user.id, grant: 'TOKEN', lifetimeSeconds: tokenLifetimeSeconds(client) });
    return redirect({ access_token: record.token, expires_in: String(tokenLifetimeSeconds(client)), token_type: 'bearer' });
  };

  router.get('/oauth/authorize', (req, res) => authorize(res, stringParams(req.query), undefined));
  router.post('/oauth/authorize', express.urlencoded({ extended: false }), (req, res) => {
    const params = stringParams(req.body);
    authorize(res, params, params.user ?? '');
  });
  router.get('/logout', (req, res) => {
    res.locals.template = '/logout';
    const params = stringParams(req.query);
    const client = params.client_id === undefined ? undefined : org.client(params.client_id);
    if (client && params.redirect_uri && redirectUriAllowed(client.registeredRedirectUri, params.redirect_uri, deps.loopbackRedirectAnyPort)) {
      return res.redirect(302, params.redirect_uri);
    }
    return res.status(200).type('html').send(renderMessagePage('Signed out', 'You are signed out of the emulated org.'));
  });
  return router;
}
