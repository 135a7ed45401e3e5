import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GenesysError, toGenesysError } from './errors.js';
import type { SdkClient } from './target.js';

/** How the admin signs in. */
export type SignIn =
  | { kind: 'client-credentials'; clientId: string; clientSecret: string }
  | {
      kind: 'pkce';
      clientId: string;
      /** The client's registered loopback redirect URI, e.g. `http://127.0.0.1:17863/callback`. */
      redirectUri: string;
      /** Listen on this port instead of the redirect URI's (0: any free port; needs a server that matches loopback redirects on any port, RFC 8252 §7.3). */
      port?: number;
      /** Pre-selects the account on the login page (the emulator signs that user in at once). */
      loginHint?: string;
    };

/** What a PKCE sign-in needs from its surroundings. */
export interface PkceEnvironment {
  /** The login host, e.g. `https://login.mypurecloud.com`. */
  loginBaseUrl: string;
  /** Shows the admin the URL to open in a browser. */
  showUrl(url: string): void;
  /** Gives up after this long without a redirect (real time: a person is signing in). */
  timeoutMs: number;
}

const PAGE = (title: string, text: string) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;margin:3rem"><h1>${title}</h1><p>${text}</p></body></html>`;

/** Signs `sdk` in with the client-credentials grant (reference genesys-api.md §1.2); resolves to the access token. */
export async function signInWithClientCredentials(sdk: SdkClient, clientId: string, clientSecret: string): Promise<string> {
  try {
    return (await sdk.loginClientCredentialsGrant(clientId, clientSecret)).accessToken;
  } catch (raw) {
    const error = toGenesysError('sign in with the client credentials', raw);
    if (error.status === 400 || error.status === 401) {
      throw new GenesysError(error.operation, error.status, 'bad.credentials', 'Genesys Cloud refused the client id or secret');
    }
    throw error;
  }
}

/**
 * Signs `sdk` in with the authorization code grant and PKCE S256 (reference §1.3): listens on the
 * loopback redirect URI, shows the authorize URL, waits for the browser to come back with `code`
 * and the `state` it was given, and exchanges the code with the SDK's `authorizePKCEGrant`;
 * resolves to the access token. The listener is closed whatever happens.
 */
export async function signInWithPkce(sdk: SdkClient, signIn: Extract<SignIn, { kind: 'pkce' }>, env: PkceEnvironment): Promise<string> {
  const registered = new URL(signIn.redirectUri);
  const verifier = sdk.generatePKCECodeVerifier(128);
  const challenge = await sdk.computePKCECodeChallenge(verifier);
  const state = randomBytes(16).toString('base64url');

  let settle!: { resolve: (code: string) => void; reject: (error: Error) => void };
  const codePromise = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', registered.origin);
    if (url.pathname !== registered.pathname) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const error = url.searchParams.get('error');
    if (url.searchParams.get('state') !== state) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Sign-in failed', 'The answer does not belong to this sign-in. Start again from the terminal.'));
      return;
    }
    if (error) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Sign-in failed', 'Genesys Cloud refused the sign-in; the terminal says why.'));
      settle.reject(new GenesysError('sign in', 400, error, url.searchParams.get('error_description') ?? error));
      return;
    }
    const code = url.searchParams.get('code');
    if (!code) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Sign-in failed', 'No authorization code came back.'));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE('Signed in', 'You can close this window and go back to the terminal.'));
    settle.resolve(code);
  });
  const port = signIn.port ?? Number(registered.port || 80);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new Error(error.code === 'EADDRINUSE' ? `port ${port} is in use: free it or pass --callback-port` : error.message)));
      server.listen(port, registered.hostname, () => resolve());
    });
    const actualPort = (server.address() as AddressInfo).port;
    const redirectUri = `${registered.protocol}//${registered.hostname}:${actualPort}${registered.pathname}`;
    const authorize = new URL('/oauth/authorize', env.loginBaseUrl);
    authorize.search = new URLSearchParams({
      client_id: signIn.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
      ...(signIn.loginHint ? { login_hint: signIn.loginHint } : {}),
    }).toString();
    env.showUrl(authorize.toString());
    const timer = setTimeout(() => settle.reject(new Error(`no sign-in within ${Math.round(env.timeoutMs / 1000)} s`)), env.timeoutMs);
    let code: string;
    try {
      code = await codePromise;
    } finally {
      clearTimeout(timer);
    }
    try {
      return (await sdk.authorizePKCEGrant(signIn.clientId, verifier, code, redirectUri)).accessToken;
    } catch (raw) {
      throw toGenesysError('exchange the sign-in code', raw);
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
