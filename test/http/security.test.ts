import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/src/errors/index.js';
import { GenesysApiError } from '../../server/src/genesys/index.js';
import { fakeApp } from './support/fake-app.js';

const csp = (header: string | undefined) =>
  Object.fromEntries((header ?? '').split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

describe('security headers', () => {
  it('when a response goes out, then only Genesys app origins may frame it, and scripts come only from this origin', async () => {
    const { app } = fakeApp({ mode: 'genesys' });
    const response = await request(app).get('/api/v1/auth-config');
    const policy = csp(response.headers['content-security-policy']);
    expect(policy['frame-ancestors']).toContain('https://apps.mypurecloud.com');
    expect(policy['frame-ancestors']).toContain('https://apps.mypurecloud.ie');
    expect(policy['frame-ancestors']!.every((origin: string) => origin.startsWith('https://apps.'))).toBe(true);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['connect-src']).toEqual(["'self'", 'https://login.mypurecloud.com']);
    expect(response.headers['x-frame-options']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('when in demo mode, then loopback pages may frame the widget too', async () => {
    const { app } = fakeApp({ mode: 'demo' });
    const policy = csp((await request(app).get('/healthz')).headers['content-security-policy']);
    expect(policy['frame-ancestors']).toEqual(expect.arrayContaining(['http://localhost:*', 'http://127.0.0.1:*', 'https://apps.mypurecloud.com']));
  });

  it('when a browser on an allowed origin calls, then CORS allows it; from another origin, no CORS headers', async () => {
    const { app } = fakeApp();
    const preflight = await request(app)
      .options('/api/v1/merges')
      .set('origin', 'https://crm.example.com')
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'authorization,content-type,idempotency-key');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://crm.example.com');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Idempotency-Key/);
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();

    const foreign = await request(app).get('/api/v1/auth-config').set('origin', 'https://evil.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('when demo mode allows loopback pages on any port, then only loopback origins match', async () => {
    const { app } = fakeApp({ corsOrigins: ['http://localhost:*'] });
    const local = await request(app).get('/api/v1/auth-config').set('origin', 'http://localhost:41234');
    expect(local.headers['access-control-allow-origin']).toBe('http://localhost:41234');
    const lookalike = await request(app).get('/api/v1/auth-config').set('origin', 'http://localhost.evil.example:80');
    expect(lookalike.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('when a request carries a sane x-request-id, then it is echoed; otherwise one is made', async () => {
    const { app } = fakeApp();
    expect((await request(app).get('/healthz').set('x-request-id', 'abc-123')).headers['x-request-id']).toBe('abc-123');
    expect((await request(app).get('/healthz')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('limits', () => {
  it('when an agent exceeds the per-minute limit, then 429 with Retry-After; a minute later they may call again', async () => {
    const { app, clock } = fakeApp({ rateLimitPerMinute: 3 });
    const call = (user: string) => request(app).get('/api/v1/candidates?conversationId=c-1').set('authorization', `Bearer agent-${user}`);
    for (let i = 0; i < 3; i++) expect((await call('u1')).status).toBe(200);
    const limited = await call('u1');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.body.error.code).toBe('rate_limited');
    expect((await call('u2')).status).toBe(200);
    clock.advance(60_000);
    expect((await call('u1')).status).toBe(200);
  });
});

describe('errors', () => {
  it('when a use case fails unexpectedly, then 500 with a correlation id, logged once with it', async () => {
    const { app, logs } = fakeApp({
      agent: {
        candidates: async () => {
          throw new Error('database on fire');
        },
      },
    });
    const response = await request(app).get('/api/v1/candidates?conversationId=c-1').set('authorization', 'Bearer agent-u1').set('x-request-id', 'req-42');
    expect(response.status).toBe(500);
    expect(response.body.error).toEqual({ code: 'internal', message: 'Internal error', correlationId: 'req-42' });
    expect(response.headers['x-correlation-id']).toBe('req-42');
    expect(JSON.stringify(response.body)).not.toContain('database on fire');
    const mentions = logs.filter((line) => line.includes('database on fire'));
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toContain('req-42');
  });

  it('when Genesys keeps answering 429, then 503 genesys_rate_limited with Retry-After', async () => {
    const { app } = fakeApp({
      agent: {
        candidates: async () => {
          throw new GenesysApiError({
            endpoint: 'POST /api/v2/analytics/conversations/details/query', status: 429, reason: 'rate limited', body: null,
            correlationId: 'g-1', attempts: 5, exhausted: true,
          });
        },
      },
    });
    const response = await request(app).get('/api/v1/candidates?conversationId=c-1').set('authorization', 'Bearer agent-u1');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body.error.code).toBe('genesys_rate_limited');
  });

  it('when the backend client is refused by Genesys, then 502, not 401 (signing the agent in again would not help)', async () => {
    const { app } = fakeApp({
      agent: {
        candidates: async () => {
          throw new GenesysApiError({
            endpoint: 'GET /api/v2/analytics/conversations/details', status: 403, reason: 'status 403', body: null,
            correlationId: null, attempts: 1, exhausted: false,
          });
        },
      },
    });
    const response = await request(app).get('/api/v1/candidates?conversationId=c-1').set('authorization', 'Bearer agent-u1');
    expect(response.status).toBe(502);
    expect(response.body.error.code).toBe('genesys_backend_unauthorized');
  });

  it('when a use case refuses with an AppError, then its status, code and details go out as they are', async () => {
    const { app } = fakeApp({
      agent: {
        candidates: async () => {
          throw new AppError('conversation_not_found', 404, 'Conversation c-1 was not found', { details: { conversationId: 'c-1' } });
        },
      },
    });
    const response = await request(app).get('/api/v1/candidates?conversationId=c-1').set('authorization', 'Bearer agent-u1');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'conversation_not_found', message: 'Conversation c-1 was not found', details: { conversationId: 'c-1' } } });
  });
});

describe('API documentation', () => {
  it('when /api/docs is asked, then the OpenAPI document lists every route, generated from the request schemas', async () => {
    const { app } = fakeApp();
    const document = (await request(app).get('/api/docs/openapi.json')).body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining([
      '/api/v1/auth-config', '/api/v1/context', '/api/v1/candidates', '/api/v1/candidates/search', '/api/v1/merges/preview',
      '/api/v1/merges', '/api/v1/merges/{id}', '/api/v1/merges/{id}/events', '/api/v1/admin/tenant/settings', '/api/v1/admin/audit',
      '/api/v1/admin/webhooks/replay', '/api/v1/admin/tenants',
    ]));
    const merge = document.paths['/api/v1/merges']!.post as { parameters: Array<{ name: string; in: string; required: boolean }> };
    expect(merge.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }));
    const page = await request(app).get('/api/docs');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('/api/v1/merges/{id}/events');
  });
});
