import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { buildOpenApiDocument, renderDocsPage } from '../openapi.js';

/**
 * Operations: `/healthz` (the process answers), `/readyz` (its dependencies answer: 503 with the
 * failing checks otherwise), `/metrics` (Prometheus text), `/api/docs` (an HTML list of the
 * operations) and `/api/docs/openapi.json` (the OpenAPI document, built once).
 */
export function opsRoutes(deps: AppDeps): Router {
  const router = Router();
  const document = buildOpenApiDocument();
  const page = renderDocsPage(document);

  router.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const report = await deps.ready();
    res.set('cache-control', 'no-store').status(report.ready ? 200 : 503).json(report);
  });
  router.get('/metrics', async (_req, res) => {
    const { registry } = deps.metrics;
    res.set('content-type', registry.contentType).set('cache-control', 'no-store').send(await registry.metrics());
  });
  router.get('/api/docs', (_req, res) => {
    res.type('html').send(page);
  });
  router.get('/api/docs/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/api/v1/auth-config', (_req, res) => {
    res.set('cache-control', 'no-store').json(deps.authConfig());
  });
  return router;
}
