import { Router } from 'express';
import { RULES } from '../../auth/index.js';
import type { AppDeps } from '../deps.js';
import { assertVisible, authenticate, correlationIdOf, permit, sessionOf } from '../guards.js';
import { createLimiter } from '../rate-limit.js';
import {
  conversationQuery, idempotencyKey, jobParams, mergeRequest, previewRequest, searchQuery,
} from '../schemas.js';
import { streamEvents } from '../sse.js';
import { jsonBody, parseInput } from '../validate.js';

/** Largest JSON body the agent API accepts (52 ids and a hash fit many times over). */
export const AGENT_BODY_LIMIT = '32kb';

/**
 * The widget's API under `/api/v1`: every route authenticates the agent's token, is rate limited
 * per agent, checks the role's permissions for the route, parses its input, checks that the agent
 * can see each conversation it names, then runs one use case.
 */
export function agentRoutes(deps: AppDeps): Router {
  const { agent, clock } = deps;
  const router = Router();
  router.use(authenticate(deps.auth));
  router.use(
    createLimiter({
      clock,
      perMinute: deps.options.rateLimitPerMinute,
      key: (_req, res) => `agent:${sessionOf(res).principal.tenantId}:${sessionOf(res).principal.userId}`,
      code: 'rate_limited',
      message: 'Too many requests from this agent; wait a moment',
    }),
  );
  const json = jsonBody({ limit: AGENT_BODY_LIMIT, required: false });

  router.get('/context', permit(RULES.app), async (req, res) => {
    const { conversationId } = parseInput(conversationQuery, req.query, 'query');
    const session = sessionOf(res);
    await assertVisible(session, [conversationId]);
    res.json(await agent.context(session, conversationId));
  });

  router.get('/candidates', permit(RULES.candidates), async (req, res) => {
    const { conversationId } = parseInput(conversationQuery, req.query, 'query');
    const session = sessionOf(res);
    await assertVisible(session, [conversationId]);
    res.json(await agent.candidates(session, conversationId));
  });

  router.get('/candidates/search', permit(RULES.candidates), async (req, res) => {
    const { conversationId, q } = parseInput(searchQuery, req.query, 'query');
    const session = sessionOf(res);
    await assertVisible(session, [conversationId]);
    res.json(await agent.search(session, conversationId, q));
  });

  router.post('/merges/preview', permit(RULES.candidates), json, async (req, res) => {
    const { conversationIds } = parseInput(previewRequest, req.body, 'body');
    const session = sessionOf(res);
    await assertVisible(session, conversationIds);
    res.json(await agent.preview(session, conversationIds));
  });

  router.post('/merges', permit(RULES.merge), json, async (req, res) => {
    const key = parseInput(idempotencyKey, req.get('idempotency-key'), 'header', 'Idempotency-Key');
    const request = parseInput(mergeRequest, req.body, 'body');
    const session = sessionOf(res);
    await assertVisible(session, request.conversationIds);
    const { job, created } = await agent.submitMerge(session, { request, idempotencyKey: key, correlationId: correlationIdOf(req) });
    res.status(202).location(`/api/v1/merges/${encodeURIComponent(job.id)}`);
    if (!created) res.setHeader('Idempotent-Replayed', 'true');
    res.json(job);
  });

  router.get('/merges/:id', permit(RULES.app), async (req, res) => {
    const { id } = parseInput(jobParams, req.params, 'params');
    res.json(await agent.job(sessionOf(res), id));
  });

  router.get('/merges/:id/events', permit(RULES.app), async (req, res) => {
    const { id } = parseInput(jobParams, req.params, 'params');
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    const stream = agent.watchJob(sessionOf(res), id, closed.signal)[Symbol.asyncIterator]();
    await streamEvents({
      res,
      clock,
      keepAliveMs: deps.options.sseKeepAliveMs ?? 15_000,
      signal: closed.signal,
      events: {
        next: async () => {
          const next = await stream.next();
          return next.done ? next : { done: false, value: { event: next.value.type, data: next.value.data } };
        },
        return: async () => {
          await stream.return?.();
          return { done: true, value: undefined };
        },
      },
    });
  });

  return router;
}
