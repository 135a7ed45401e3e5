import express, { Router } from 'express';
import { RULES } from '../../auth/index.js';
import type { AppDeps } from '../deps.js';
import { authenticate, correlationIdOf, permit, sessionOf } from '../guards.js';
import { addressKey, createLimiter } from '../rate-limit.js';
import { auditQuery, deliveriesQuery, eventParams, replayRequest } from '../schemas.js';
import { jsonBody, parseInput } from '../validate.js';

/** Largest admin body (settings, a tenant registration). */
export const ADMIN_BODY_LIMIT = '64kb';

const epochOf = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

/**
 * The admin API under `/api/v1/admin`, on the caller's own tenant: tenant, settings, audit,
 * webhook deliveries and replay. Every route needs `integration:interactionMerger:admin`.
 * `POST /tenants` registers a new org; it authenticates against the org being registered.
 */
export function adminRoutes(deps: AppDeps): Router {
  const { admin, clock } = deps;
  const router = Router();
  const json = jsonBody({ limit: ADMIN_BODY_LIMIT, required: true });
  // Replay's body is optional: without one, every dead or disabled event goes back.
  const optionalJson = jsonBody({ limit: ADMIN_BODY_LIMIT, required: false });
  const context = (req: express.Request) => ({ correlationId: correlationIdOf(req) });

  // Registration checks a token against Genesys before any tenant exists: limited per address.
  router.post(
    '/tenants',
    createLimiter({ clock, perMinute: 10, key: addressKey, code: 'rate_limited', message: 'Too many registration attempts' }),
    json,
    async (req, res) => {
      const tenant = await admin.registerTenant(req.get('authorization'), req.body, context(req));
      res.status(201).location('/api/v1/admin/tenant').json(tenant);
    },
  );

  router.use(authenticate(deps.auth), permit(RULES.admin));
  router.use(
    createLimiter({
      clock,
      perMinute: deps.options.rateLimitPerMinute,
      key: (_req, res) => `admin:${sessionOf(res).principal.tenantId}:${sessionOf(res).principal.userId}`,
      code: 'rate_limited',
      message: 'Too many requests from this administrator; wait a moment',
    }),
  );

  router.get('/tenant', async (_req, res) => {
    res.json(await admin.tenant(sessionOf(res)));
  });
  router.patch('/tenant', json, async (req, res) => {
    res.json(await admin.updateTenant(sessionOf(res), req.body, context(req)));
  });
  router.delete('/tenant', async (req, res) => {
    res.json(await admin.removeTenant(sessionOf(res), context(req)));
  });

  router.get('/tenant/settings', async (_req, res) => {
    res.json(await admin.settings(sessionOf(res)));
  });
  router.put('/tenant/settings', json, async (req, res) => {
    res.json(await admin.updateSettings(sessionOf(res), { replace: true, value: req.body }, context(req)));
  });
  router.patch('/tenant/settings', json, async (req, res) => {
    res.json(await admin.updateSettings(sessionOf(res), { replace: false, value: req.body }, context(req)));
  });

  router.get('/audit', async (req, res) => {
    const query = parseInput(auditQuery, req.query, 'query');
    const entries = await admin.auditEntries(sessionOf(res), {
      limit: query.limit,
      ...(query.action !== undefined ? { action: query.action } : {}),
      ...(query.from !== undefined ? { from: epochOf(query.from)! } : {}),
      ...(query.to !== undefined ? { to: epochOf(query.to)! } : {}),
      ...(query.beforeSeq !== undefined ? { beforeSeq: query.beforeSeq } : {}),
    });
    res.json({ entries });
  });
  router.get('/audit/verify', async (_req, res) => {
    res.json(await admin.verifyAudit(sessionOf(res)));
  });

  router.get('/webhooks/deliveries', async (req, res) => {
    const query = parseInput(deliveriesQuery, req.query, 'query');
    const deliveries = await admin.deliveries(sessionOf(res), {
      limit: query.limit,
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(query.before !== undefined ? { before: epochOf(query.before)! } : {}),
    });
    res.json({ deliveries });
  });
  router.get('/webhooks/deliveries/:eventId/attempts', async (req, res) => {
    const { eventId } = parseInput(eventParams, req.params, 'params');
    res.json({ attempts: await admin.deliveryAttempts(sessionOf(res), eventId) });
  });
  router.post('/webhooks/replay', optionalJson, async (req, res) => {
    const { eventIds } = parseInput(replayRequest, req.body ?? {}, 'body');
    res.json(await admin.replay(sessionOf(res), eventIds, context(req)));
  });

  return router;
}
