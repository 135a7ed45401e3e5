import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createHttpLogger } from '../../server/src/logging/index.js';
import { createMetrics } from '../../server/src/metrics/index.js';
import { captureLogger } from './support.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function appWithLogger(options: Parameters<typeof createHttpLogger>[1] = {}) {
  const capture = captureLogger();
  const app = express();
  app.use(createHttpLogger(capture.logger, options));
  const v1 = express.Router();
  v1.get('/merges/:id', (req, res) => {
    req.log.info({ jobId: req.params.id }, 'looking up job');
    res.json({ id: req.params.id });
  });
  v1.get('/candidates', (_req, res) => {
    res.json({ candidates: [] });
  });
  v1.get('/boom', () => {
    throw new Error('exploded for +15551234567');
  });
  app.use('/api/v1', v1);
  app.get('/healthz', (_req, res) => {
    res.send('ok');
  });
  app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ error: { code: 'internal' } });
  });
  return { app, ...capture };
}

describe('createHttpLogger', () => {
  it('when a request is served, then exactly one line holds request id, method, route template, status and duration', async () => {
    const { app, lines } = appWithLogger();
    const response = await request(app).get('/api/v1/merges/job-42').expect(200);
    const requestLines = lines().filter((line) => line.msg === 'request completed');
    expect(requestLines).toHaveLength(1);
    const [line] = requestLines;
    expect(line).toMatchObject({ method: 'GET', route: '/api/v1/merges/:id', status: 200, level: 30 });
    expect(typeof line!.durationMs).toBe('number');
    expect(line!.reqId).toBe(response.headers['x-request-id']);
    expect(line!.reqId).toMatch(UUID);
  });

  it('when the handler logs through req.log, then its line carries the same request id', async () => {
    const { app, lines } = appWithLogger();
    await request(app).get('/api/v1/merges/job-7').set('x-request-id', 'trace-abc.123').expect(200);
    const handlerLine = lines().find((line) => line.msg === 'looking up job');
    expect(handlerLine).toMatchObject({ reqId: 'trace-abc.123', jobId: 'job-7' });
  });

  it('when the incoming x-request-id is sane, then it is kept and echoed; when not, a new id replaces it', async () => {
    const { app } = appWithLogger();
    const kept = await request(app).get('/healthz').set('x-request-id', 'abc-123_x:y.z');
    expect(kept.headers['x-request-id']).toBe('abc-123_x:y.z');
    for (const bad of ['has space', 'a'.repeat(129), '<script>', '+15551234567', '15551234567', 'ann@example.com']) {
      const response = await request(app).get('/healthz').set('x-request-id', bad);
      expect(response.headers['x-request-id']).toMatch(UUID);
    }
  });

  it('when the request carries tokens, cookies and identifiers in headers and query, then none reaches the log', async () => {
    const { app, text, lines } = appWithLogger();
    await request(app)
      .get('/api/v1/candidates?conversationId=c-1&q=jane%40example.com&phone=%2B15551234567&access_token=tok-999')
      .set('Authorization', 'Bearer agent-token-xyz')
      .set('Cookie', 'session=cookie-value-123')
      .expect(200);
    const out = text();
    for (const leaked of ['agent-token-xyz', 'cookie-value-123', 'jane', '5551234567', 'tok-999', 'conversationId', '?']) {
      expect(out).not.toContain(leaked);
    }
    expect(lines().at(-1)).toMatchObject({ route: '/api/v1/candidates', status: 200 });
  });

  it('when a handler fails with 500, then the line is at error level with the status and no identifier', async () => {
    const { app, text, lines } = appWithLogger();
    await request(app).get('/api/v1/boom').expect(500);
    expect(lines().at(-1)).toMatchObject({ level: 50, status: 500, route: '/api/v1/boom', msg: 'request failed' });
    expect(text()).not.toContain('5551234567');
  });

  it('when no route matches, then the path is logged without its query and with value-like segments masked', async () => {
    const { app, lines } = appWithLogger();
    await request(app).get('/api/v1/people/Jane%20Doe/+15551234567/abc123456?email=x@y.z').expect(404);
    expect(lines().at(-1)).toMatchObject({ route: '/api/v1/people/:param/:param/:param', status: 404 });
  });

  it('when metrics are given, then each request is observed under its route template, and unmatched paths share one label', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const { app } = appWithLogger({ metrics });
    await request(app).get('/api/v1/merges/job-1').expect(200);
    await request(app).get('/api/v1/merges/job-2').expect(200);
    await request(app).get('/wp-admin/setup').expect(404);
    await request(app).get('/api/v1/people/ann@example.com').expect(404);
    const text = await metrics.registry.metrics();
    expect(text).toContain('interaction_merger_http_request_duration_seconds_count{method="GET",route="/api/v1/merges/{id}",status="200"} 2');
    expect(text).toContain('interaction_merger_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 2');
    expect(text).not.toMatch(/wp-admin|ann@|job-1/);
  });

  it('when a request is ignored by the option, then no line is written for it', async () => {
    const { app, lines } = appWithLogger({ ignore: (req) => req.url === '/healthz' });
    await request(app).get('/healthz').expect(200);
    await request(app).get('/api/v1/candidates').expect(200);
    expect(lines().map((line) => line.route)).toEqual(['/api/v1/candidates']);
  });
});
