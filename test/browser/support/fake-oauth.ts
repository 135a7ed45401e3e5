/**
 * A fake Genesys login host for browser tests: `/oauth/authorize` and `/oauth/token` with real
 * PKCE (S256) verification, on its own origin. Authorisation is granted at once (or refused),
 * as a signed-in Genesys session would; every request is recorded for assertions.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';

export interface AuthorizeRecord {
  query: Record<string, string>;
}

export interface TokenRecord {
  form: Record<string, string>;
  /** Whether `code_verifier` hashed to the code's `code_challenge`. */
  pkceVerified: boolean;
  /** Any `Authorization` header sent to the login host (the agent's token must never be). */
  authorization: string | null;
  status: number;
}

export interface FakeOAuth {
  origin: string;
  /** `grant` answers with a code, `deny` with `error=access_denied`. */
  mode: 'grant' | 'deny';
  /** `expires_in` of issued tokens, seconds. */
  tokenLifetimeSeconds: number;
  readonly authorizeRequests: AuthorizeRecord[];
  readonly tokenRequests: TokenRecord[];
  close(): Promise<void>;
}

export interface FakeOAuthOptions {
  clientId: string;
  /** Redirect URIs registered on the client (exact match, as Genesys does). */
  redirectUris: () => string[];
  /** Called with each issued access token and its expiry (epoch ms), so the backend accepts it. */
  onToken(token: string, expiresAt: number): void;
}

const base64url = (buffer: Buffer) => buffer.toString('base64url');

/** Starts the fake login host on 127.0.0.1, port 0. */
export async function startFakeOAuth(options: FakeOAuthOptions): Promise<FakeOAuth> {
  const codes = new Map<string, { challenge: string; redirectUri: string; clientId: string }>();
  const app = express();
  const state: Omit<FakeOAuth, 'origin' | 'close'> = {
    mode: 'grant',
    tokenLifetimeSeconds: 3600,
    authorizeRequests: [],
    tokenRequests: [],
  };

  app.get('/oauth/authorize', (req, res) => {
    const query = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v)]));
    state.authorizeRequests.push({ query });
    const redirectUri = query.redirect_uri ?? '';
    if (query.client_id !== options.clientId || !options.redirectUris().includes(redirectUri)) {
      res.status(400).type('text').send('invalid client_id or redirect_uri');
      return;
    }
    const target = new URL(redirectUri);
    if (query.response_type !== 'code' || query.code_challenge_method !== 'S256' || !query.code_challenge) {
      target.searchParams.set('error', 'invalid_request');
    } else if (state.mode === 'deny') {
      target.searchParams.set('error', 'access_denied');
    } else {
      const code = base64url(randomBytes(18));
      codes.set(code, { challenge: query.code_challenge, redirectUri, clientId: query.client_id });
      target.searchParams.set('code', code);
    }
    if (query.state !== undefined) target.searchParams.set('state', query.state);
    res.redirect(302, target.href);
  });

  app.options('/oauth/token', (req, res) => {
    res.set({
      'access-control-allow-origin': req.get('origin') ?? '*',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type, accept',
    });
    res.status(204).end();
  });

  app.post('/oauth/token', express.urlencoded({ extended: false }), (req, res) => {
    res.set('access-control-allow-origin', req.get('origin') ?? '*');
    const form = req.body as Record<string, string>;
    const grant = form.code ? codes.get(form.code) : undefined;
    if (form.code) codes.delete(form.code);
    const pkceVerified =
      !!grant && !!form.code_verifier && base64url(createHash('sha256').update(form.code_verifier).digest()) === grant.challenge;
    const ok =
      form.grant_type === 'authorization_code' && !!grant && pkceVerified &&
      form.redirect_uri === grant.redirectUri && form.client_id === grant.clientId;
    const record: TokenRecord = { form, pkceVerified, authorization: req.get('authorization') ?? null, status: ok ? 200 : 400 };
    state.tokenRequests.push(record);
    if (!ok) {
      res.status(400).json({ error: 'invalid_grant', error_description: 'code, verifier, client or redirect_uri mismatch' });
      return;
    }
    const token = `agent-token-${base64url(randomBytes(12))}`;
    options.onToken(token, Date.now() + state.tokenLifetimeSeconds * 1000);
    res.json({ access_token: token, token_type: 'bearer', expires_in: state.tokenLifetimeSeconds });
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(state, {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  });
}
