import { describe, expect, it } from 'vitest';
import {
  assertWebhookSecret, generateWebhookSecret, signWebhook, verifyWebhook,
} from '../../server/src/crm/index.js';
import { verifyBySpec } from './support/verifier.js';

// The Standard Webhooks spec's own example secret.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const AT = Date.parse('2026-11-26T10:00:00.750Z');

describe('webhook signing', () => {
  it('when an attempt is signed, then an independent verifier written from the spec accepts it', () => {
    const payload = JSON.stringify({ type: 'interaction.merged', data: { note: 'ünïcödé ✓' } });
    const headers = signWebhook({ id: 'msg_1', payload, secret: SECRET, at: AT });
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(AT / 1000)));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verifyBySpec(SECRET, { ...headers }, payload)).toBe(true);
    expect(verifyBySpec(SECRET, { ...headers }, `${payload} `)).toBe(false);
    expect(verifyBySpec(generateWebhookSecret(), { ...headers }, payload)).toBe(false);
  });

  it('when the same event is signed at two attempt times, then the id stays and timestamp and signature change', () => {
    const first = signWebhook({ id: 'msg_1', payload: '{}', secret: SECRET, at: AT });
    const later = signWebhook({ id: 'msg_1', payload: '{}', secret: SECRET, at: AT + 5_000 });
    expect(later['webhook-id']).toBe(first['webhook-id']);
    expect(Number(later['webhook-timestamp']) - Number(first['webhook-timestamp'])).toBe(5);
    expect(later['webhook-signature']).not.toBe(first['webhook-signature']);
  });

  it('when a receiver verifies, then a fresh genuine message passes and tampering, a wrong secret or a stale timestamp fail', () => {
    const payload = '{"id":"msg_1"}';
    const headers = signWebhook({ id: 'msg_1', payload, secret: SECRET, at: AT });
    const check = (over: Partial<Parameters<typeof verifyWebhook>[0]>) =>
      verifyWebhook({ payload, headers, secret: SECRET, now: AT, ...over });
    expect(check({})).toEqual({ ok: true, id: 'msg_1', timestamp: Math.floor(AT / 1000) * 1000 });
    expect(check({ payload: '{"id":"msg_2"}' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check({ secret: generateWebhookSecret() })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check({ now: AT + 6 * 60_000 })).toEqual({ ok: false, reason: 'too_old' });
    expect(check({ now: AT - 6 * 60_000 })).toEqual({ ok: false, reason: 'too_new' });
    expect(check({ headers: { ...headers, 'webhook-id': 'msg_other' } })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check({ headers: { 'webhook-id': 'msg_1' } })).toEqual({ ok: false, reason: 'missing_headers' });
    expect(check({ headers: { ...headers, 'webhook-timestamp': '12a' } })).toEqual({ ok: false, reason: 'bad_timestamp' });
    const rotated = `v1,${Buffer.alloc(32).toString('base64')} ${headers['webhook-signature']}`;
    expect(check({ headers: { ...headers, 'Webhook-Signature': rotated, 'webhook-signature': undefined } }).ok).toBe(true);
  });

  it('when a secret is not whsec_ + base64 of 24–64 bytes, then it is refused naming the field, without echoing it', () => {
    for (const bad of ['', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_', 'whsec_not base64!', `whsec_${Buffer.alloc(16).toString('base64')}`, `whsec_${Buffer.alloc(65).toString('base64')}`]) {
      let caught: unknown;
      try {
        assertWebhookSecret(bad);
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ status: 400, details: { field: 'secret' } });
      if (bad.length > 8) expect((caught as Error).message).not.toContain(bad);
    }
    expect(() => assertWebhookSecret(SECRET)).not.toThrow();
    const generated = generateWebhookSecret();
    expect(() => assertWebhookSecret(generated)).not.toThrow();
    expect(Buffer.from(generated.slice(6), 'base64')).toHaveLength(32);
  });
});
