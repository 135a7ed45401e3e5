import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * An independent Standard Webhooks verifier, written from the spec with node:crypto only:
 * `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)), key = base64-decoded secret
 * after `whsec_`; the signature header is a space-separated list.
 */
export function verifyBySpec(secret: string, headers: Record<string, string | string[] | undefined>, body: string): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(`v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`);
  return signatures.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
