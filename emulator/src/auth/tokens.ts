import { randomBytes } from 'node:crypto';
import type { OAuthGrantType } from '../dataset/index.js';
import type { EmulatorClock } from '../config/index.js';

/** An issued access token. */
export interface TokenRecord {
  token: string;
  clientId: string;
  /** Set for user tokens (CODE/TOKEN grants and minted test tokens). */
  userId?: string;
  grant: OAuthGrantType;
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

/** A pending authorization code (single use). */
export interface AuthorizationCode {
  clientId: string;
  userId: string;
  redirectUri: string;
  /** PKCE S256 challenge, when the authorize request carried one. */
  codeChallenge?: string;
  expiresAt: number;
}

/** Token state of a bearer token at a given instant. */
export type TokenCheck = { status: 'ok'; record: TokenRecord } | { status: 'invalid' } | { status: 'expired' };

/** Access tokens and authorization codes of one emulator; opaque random strings, times on the injected clock. */
export interface TokenStore {
  mint(input: { clientId: string; userId?: string; grant: OAuthGrantType; lifetimeSeconds: number }): TokenRecord;
  check(token: string): TokenCheck;
  /** Makes the token invalid at once (`DELETE /api/v2/tokens/me`). */
  revoke(token: string): void;
  issueCode(code: AuthorizationCode): string;
  /** Returns and forgets the code; undefined when unknown, used or expired. */
  redeemCode(code: string): AuthorizationCode | undefined;
}

/** Creates an empty store reading time from `clock`. */
export function createTokenStore(clock: EmulatorClock): TokenStore {
  const tokens = new Map<string, TokenRecord>();
  const codes = new Map<string, AuthorizationCode>();
  return {
    mint: ({ clientId, userId, grant, lifetimeSeconds }) => {
      const now = clock.now();
      const record: TokenRecord = {
        token: randomBytes(32).toString('base64url'),
        clientId,
        grant,
        issuedAt: now,
        expiresAt: now + lifetimeSeconds * 1000,
        revoked: false,
        ...(userId === undefined ? {} : { userId }),
      };
      tokens.set(record.token, record);
      return record;
    },
    check: (token) => {
      const record = tokens.get(token);
      if (!record || record.revoked) return { status: 'invalid' };
      if (clock.now() >= record.expiresAt) return { status: 'expired' };
      return { status: 'ok', record };
    },
    revoke: (token) => {
      const record = tokens.get(token);
      if (record) record.revoked = true;
    },
    issueCode: (code) => {
      const value = randomBytes(24).toString('base64url');
      codes.set(value, code);
      return value;
    },
    redeemCode: (value) => {
      const code = codes.get(value);
      codes.delete(value);
      return code && clock.now() < code.expiresAt ? code : undefined;
    },
  };
}
