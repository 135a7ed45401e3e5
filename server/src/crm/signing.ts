import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { AppError } from '../errors/index.js';

/** The Standard Webhooks headers of one attempt. */
export type WebhookHeaders = {
  /** The event id: the same on every attempt, the receiver's idempotency key. */
  'webhook-id': string;
  /** Unix seconds of this attempt (not of the event), so retries pass freshness checks. */
  'webhook-timestamp': string;
  /** Space-separated `v1,<base64 HMAC-SHA256>` signatures. */
  'webhook-signature': string;
};

const SECRET_PREFIX = 'whsec_';
/** Standard Webhooks: at least 24 random bytes, at most 64. */
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;
/** The reference libraries' tolerance for `webhook-timestamp`. */
export const WEBHOOK_TOLERANCE_MS = 5 * 60_000;

/**
 * Checks a Standard Webhooks symmetric secret: `whsec_` + base64 of 24–64 bytes. Throws an
 * `AppError` 400 naming the field (`secret`) otherwise. Never includes the secret in the message.
 */
export function assertWebhookSecret(secret: string): void {
  const body = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : null;
  const invalid = (why: string) =>
    new AppError('bad_request', 400, `secret: ${why}`, { details: { field: 'secret' } });
  if (body === null) throw invalid('must start with whsec_');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 !== 0) throw invalid('must be base64 after whsec_');
  const bytes = Buffer.from(body, 'base64').length;
  if (bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) {
    throw invalid(`must hold ${MIN_SECRET_BYTES}–${MAX_SECRET_BYTES} bytes, not ${bytes}`);
  }
}

/** A new random secret: `whsec_` + base64 of 32 bytes. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/**
 * Signs one attempt with `standardwebhooks`: HMAC-SHA256 over `${id}.${unixSeconds}.${payload}`
 * keyed with the decoded secret. `at` is the attempt time (epoch ms); `payload` the exact bytes sent.
 */
export function signWebhook(input: { id: string; payload: string; secret: string; at: number }): WebhookHeaders {
  assertWebhookSecret(input.secret);
  const timestamp = new Date(Math.floor(input.at / 1000) * 1000);
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(timestamp.getTime() / 1000),
    'webhook-signature': new Webhook(input.secret).sign(input.id, timestamp, input.payload),
  };
}

/** The verdict of `verifyWebhook`: the id and timestamp when genuine, else why not. */
export type WebhookVerification =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'too_old' | 'too_new' | 'bad_signature' };

/**
 * Verifies a received webhook as a receiver should (the demo CRM receiver uses it): required
 * headers present, timestamp within `toleranceMs` of `now` (an injected clock, unlike the
 * library's own `verify`), and one `v1` signature matching in constant time.
 */
export function verifyWebhook(input: {
  payload: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  secret: string;
  now: number;
  toleranceMs?: number;
}): WebhookVerification {
  const header = (name: string) => {
    const entry = Object.entries(input.headers).find(([key, value]) => key.toLowerCase() === name && value !== undefined)?.[1];
    return Array.isArray(entry) ? entry.join(' ') : entry;
  };
  const id = header('webhook-id');
  const timestampText = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !timestampText || !signatures) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: 'bad_timestamp' };
  const timestamp = Number(timestampText) * 1000;
  const tolerance = input.toleranceMs ?? WEBHOOK_TOLERANCE_MS;
  if (input.now - timestamp > tolerance) return { ok: false, reason: 'too_old' };
  if (timestamp - input.now > tolerance) return { ok: false, reason: 'too_new' };
  const expected = Buffer.from(
    new Webhook(input.secret).sign(id, new Date(timestamp), input.payload).slice('v1,'.length),
  );
  const matches = signatures.split(' ').some((versioned) => {
    const [version, signature] = versioned.split(',', 2);
    if (version !== 'v1' || !signature) return false;
    const candidate = Buffer.from(signature);
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
  return matches ? { ok: true, id, timestamp } : { ok: false, reason: 'bad_signature' };
}
