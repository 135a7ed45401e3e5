import { createHash } from 'node:crypto';

/** RFC 7636 §4.1: 43–128 characters of `[A-Za-z0-9-._~]`. */
export function isValidCodeVerifier(verifier: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(verifier);
}

/** RFC 7636 §4.2 S256: base64url(SHA-256(verifier)) without padding. */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
