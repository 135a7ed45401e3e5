import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_AFTER_SECONDS, failureFromResponse, missingPermissions, parseRetryAfter } from './api-error.js';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('API failures', () => {
  it('when Retry-After is seconds or an HTTP date, then the wait is read from it, clamped to 1..300 s', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(parseRetryAfter('12', now)).toBe(12);
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('0', now)).toBe(1);
    expect(parseRetryAfter('86400', now)).toBe(300);
    expect(parseRetryAfter(null, now)).toBe(DEFAULT_RETRY_AFTER_SECONDS);
    expect(parseRetryAfter('soon', now)).toBe(DEFAULT_RETRY_AFTER_SECONDS);
  });

  it('when a 403 names the missing permissions in any of the accepted shapes, then they are listed', () => {
    expect(missingPermissions(['a:b:c'])).toEqual(['a:b:c']);
    expect(missingPermissions({ missing: ['x:y:z', 3] })).toEqual(['x:y:z']);
    expect(missingPermissions({ permissions: ['p:q:r'] })).toEqual(['p:q:r']);
    expect(missingPermissions({ field: 'conversationId' })).toEqual([]);
    expect(missingPermissions(null)).toEqual([]);
  });

  it('when the server answers an error, then it maps to the failure the widget explains', async () => {
    const now = 0;
    expect(await failureFromResponse(json(401, {}), now)).toEqual({ kind: 'unauthorized' });
    expect(await failureFromResponse(json(403, { error: { code: 'forbidden', message: 'no', details: { missing: ['m:n:o'] } } }), now))
      .toEqual({ kind: 'forbidden', code: 'forbidden', missing: ['m:n:o'], conversationIds: [] });
    expect(await failureFromResponse(json(403, { error: { code: 'conversation_not_visible', message: 'x', details: { conversationIds: ['c1'], missing: [] } } }), now))
      .toEqual({ kind: 'forbidden', code: 'conversation_not_visible', missing: [], conversationIds: ['c1'] });
    expect(await failureFromResponse(json(409, { error: { code: 'plan_changed', message: 'changed' } }), now)).toEqual({ kind: 'plan_changed' });
    expect(await failureFromResponse(json(429, {}, { 'retry-after': '9' }), now)).toEqual({ kind: 'rate_limited', retryAfterSeconds: 9 });
    expect(await failureFromResponse(json(503, { error: { code: 'genesys_unavailable', message: 'try again shortly' } }, { 'retry-after': '3' }), now))
      .toEqual({ kind: 'unavailable', retryAfterSeconds: 3 });
    expect(await failureFromResponse(json(503, { error: { code: 'genesys_unavailable', message: 'try again shortly' } }), now))
      .toEqual({ kind: 'unavailable', retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS });
    expect(await failureFromResponse(json(409, { error: { code: 'conflict', message: 'busy' } }), now))
      .toEqual({ kind: 'http', status: 409, code: 'conflict', message: 'busy', correlationId: null });
  });

  it('when the body is not JSON, then the status still decides and the correlation header is kept', async () => {
    const response = new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'x-correlation-id': 'corr-9' } });
    expect(await failureFromResponse(response, 0)).toEqual({ kind: 'http', status: 502, code: 'http_502', message: 'Bad Gateway', correlationId: 'corr-9' });
  });
});
