/**
 * A faithful in-test fake of the server's HTTP API (DESIGN.md "HTTP API", wire types from
 * `server/src/http/contract.ts`), of the demo-only desktop and CRM endpoints, and of the page
 * routes (`/widget`, `/desktop`, `/crm`, `/assets`) with a strict Content-Security-Policy.
 * One server answers on two origins, `http://127.0.0.1:<port>` (the widget) and
 * `http://localhost:<port>` (the desktop harness), as Genesys and the widget differ in origin.
 * Tests script it through faults (a queue of answers per route) and by holding merge steps.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import express, { type Request, type Response } from 'express';
import type { Job } from '../../../server/src/http/contract.js';
import * as fx from './fixtures.js';
import { startFakeOAuth, type FakeOAuth } from './fake-oauth.js';

export type Route = 'authConfig' | 'context' | 'candidates' | 'search' | 'preview' | 'merge' | 'job' | 'events';

/** A scripted answer: used `times` times (default once) before the route behaves again. */
export interface Fault {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  times?: number;
}

export interface RecordedRequest {
  route: Route;
  method: string;
  url: string;
  authorization: string | null;
  idempotencyKey: string | null;
  body: unknown;
}

export interface CrmDelivery {
  webhookId: string;
  receivedAt: string;
  type: string;
  verified: boolean;
  payload: unknown;
}

export interface FakeBackend {
  widgetOrigin: string;
  desktopOrigin: string;
  oauth: FakeOAuth;
  readonly requests: RecordedRequest[];
  /** Whether the agent's role allows merging (context `permissions`). */
  canMerge: boolean;
  /** Bumping it changes every plan hash: a merge presenting the old one gets 409 `plan_changed`. */
  planVersion: number;
  /** When true, merge progress advances only on `releaseStep()`. */
  holdMergeSteps: boolean;
  jobOutcome: 'succeeded' | 'failed';
  deliveries: CrmDelivery[];
  /** Queues a scripted answer for a route. */
  fail(route: Route, fault: Fault): void;
  count(route: Route): number;
  /** Lets the held merge finish one more step (or all of them). */
  releaseStep(all?: boolean): void;
  /** Issues a token the API accepts, as the login host would. */
  issueToken(lifetimeMs?: number): { accessToken: string; expiresAt: number };
  close(): Promise<void>;
}

const MERGE_STEPS = ['validate', 'merge_contacts', 'associate', 'confirm', 'reconcile', 'record'] as const;

interface JobState {
  job: Job;
  completed: number;
  listeners: Set<() => void>;
}

/** Starts the fake on 127.0.0.1 (port 0), serving the built client from `clientDir`. */
export async function startFakeBackend(clientDir: string): Promise<FakeBackend> {
  const tokens = new Map<string, number>();
  const faults = new Map<Route, Fault[]>();
  const jobsByKey = new Map<string, JobState>();
  const jobsById = new Map<string, JobState>();
  let widgetOrigin = '';
  let desktopOrigin = '';

  const oauth = await startFakeOAuth({
    clientId: fx.WIDGET_CLIENT_ID,
    redirectUris: () => [`${widgetOrigin}/widget`],
    onToken: (token, expiresAt) => tokens.set(token, expiresAt),
  });

  const fake: FakeBackend = {
    widgetOrigin: '',
    desktopOrigin: '',
    oauth,
    requests: [],
    canMerge: true,
    planVersion: 1,
    holdMergeSteps: false,
    jobOutcome: 'succeeded',
    deliveries: [],
    fail: (route, fault) => faults.set(route, [...(faults.get(route) ?? []), fault]),
    count: (route) => fake.requests.filter((r) => r.route === route).length,
    releaseStep: (all = false) => {
      for (const state of jobsById.values()) {
        state.completed = all ? MERGE_STEPS.length : Math.min(MERGE_STEPS.length, state.completed + 1);
        for (const listener of state.listeners) listener();
      }
    },
    issueToken: (lifetimeMs = 3_600_000) => {
      const accessToken = `seeded-token-${tokens.size + 1}-${Math.random().toString(36).slice(2)}`;
      const expiresAt = Date.now() + lifetimeMs;
      tokens.set(accessToken, expiresAt);
      return { accessToken, expiresAt };
    },
    close: async () => undefined,
  };

  const app = express();
  app.disable('x-powered-by');

  const record = (route: Route, req: Request) =>
    fake.requests.push({
      route,
      method: req.method,
      url: req.originalUrl,
      authorization: req.get('authorization') ?? null,
      idempotencyKey: req.get('idempotency-key') ?? null,
      body: req.body,
    });

  /** Records the call, then answers a queued fault or checks the token; true when handled. */
  const intercept = (route: Route, req: Request, res: Response, needsToken = true): boolean => {
    record(route, req);
    const queue = faults.get(route) ?? [];
    const fault = queue[0];
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) queue.shift();
      res.status(fault.status).set(fault.headers ?? {});
      if (fault.body === undefined) res.end();
      else res.json(fault.body);
      return true;
    }
    if (!needsToken) return false;
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const expiresAt = token ? tokens.get(token) : undefined;
    if (!expiresAt || expiresAt < Date.now()) {
      res.status(401).json({ error: { code: 'unauthorized', message: 'Sign in again.' } });
      return true;
    }
    return false;
  };

  const pageCsp = (frameSrc: string) =>
    [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self' ${oauth.origin}`,
      `frame-src ${frameSrc}`,
      "base-uri 'none'",
      "object-src 'none'",
    ].join('; ');
  const page = (name: 'widget' | 'desktop' | 'crm') => (_req: Request, res: Response) => {
    // The harness frames the widget, which may navigate itself to the login host (redirect sign-in).
    res.set('content-security-policy', pageCsp(name === 'desktop' ? `${widgetOrigin} ${oauth.origin}` : "'none'"));
    res.set('cache-control', 'no-store');
    // The build cache lives under node_modules/.cache: allow that dot folder.
    res.sendFile(join(clientDir, name, 'index.html'), { dotfiles: 'allow' });
  };
  app.get('/widget', page('widget'));
  app.get('/desktop', page('desktop'));
  app.get('/crm', page('crm'));
  app.use('/assets', express.static(join(clientDir, 'assets'), { immutable: true, maxAge: '1y', dotfiles: 'allow' }));
  app.get('/test-host', (req, res) => {
    // A bare host page framing any URL (e.g. one with tokens left as {{…}}); no script.
    const src = String(req.query.src ?? '').replace(/"/g, '&quot;');
    res.set('content-security-policy', `default-src 'none'; frame-src ${widgetOrigin}`);
    res.type('html').send(`<!doctype html><title>host</title><iframe id="widget" src="${src}" width="360" height="600"></iframe>`);
  });

  app.get('/desktop/api/config', (_req, res) =>
    res.json({ widgetOrigin, widgetClientId: fx.WIDGET_CLIENT_ID, hostOrigin: desktopOrigin, langTag: 'en-us' }));
  app.get('/desktop/api/interactions', (_req, res) => res.json(fx.desktopInteractions()));
  app.get('/crm/api/deliveries', (_req, res) => res.json(fake.deliveries));

  app.get('/api/v1/auth-config', (req, res) => {
    if (intercept('authConfig', req, res, false)) return;
    res.json({ loginBaseUrl: oauth.origin, apiBaseUrl: null });
  });
  app.get('/api/v1/context', (req, res) => {
    if (intercept('context', req, res)) return;
    res.json(fx.contextFor(String(req.query.conversationId), fake.canMerge));
  });
  app.get('/api/v1/candidates', (req, res) => {
    if (intercept('candidates', req, res)) return;
    res.json({ candidates: fx.candidates() });
  });
  app.get('/api/v1/candidates/search', (req, res) => {
    if (intercept('search', req, res)) return;
    res.json({ candidates: String(req.query.q ?? '').length >= 2 ? fx.searchResults() : [] });
  });
  app.post('/api/v1/merges/preview', express.json(), (req, res) => {
    if (intercept('preview', req, res)) return;
    res.json(fx.planFor((req.body as { conversationIds: string[] }).conversationIds, fake.planVersion));
  });
  app.post('/api/v1/merges', express.json(), (req, res) => {
    if (intercept('merge', req, res)) return;
    const key = req.get('idempotency-key');
    if (!key) {
      res.status(400).json({ error: { code: 'invalid_request', message: 'Idempotency-Key is required', details: { field: 'Idempotency-Key' } } });
      return;
    }
    const body = req.body as { conversationIds: string[]; planHash: string };
    const existing = jobsByKey.get(key);
    if (existing) {
      res.status(202).json(existing.job);
      return;
    }
    if (body.planHash !== fx.planFor(body.conversationIds, fake.planVersion).planHash) {
      res.status(409).json({ error: { code: 'plan_changed', message: 'The plan changed; preview again.' } });
      return;
    }
    const state: JobState = { job: fx.job(`job-${jobsById.size + 1}`, body.conversationIds, 'queued', null), completed: 0, listeners: new Set() };
    if (!fake.holdMergeSteps) state.completed = MERGE_STEPS.length;
    jobsByKey.set(key, state);
    jobsById.set(state.job.id, state);
    res.status(202).json(state.job);
  });
  const currentJob = (state: JobState): Job => {
    const done = state.completed >= MERGE_STEPS.length;
    const ids = state.job.conversationIds;
    return done
      ? fx.job(state.job.id, ids, fake.jobOutcome, 'record')
      : fx.job(state.job.id, ids, 'running', MERGE_STEPS[state.completed] ?? null);
  };
  app.get('/api/v1/merges/:id', (req, res) => {
    if (intercept('job', req, res)) return;
    const state = jobsById.get(req.params.id);
    if (!state) res.status(404).json({ error: { code: 'not_found', message: 'No such job' } });
    else res.json(currentJob(state));
  });
  app.get('/api/v1/merges/:id/events', (req, res) => {
    if (intercept('events', req, res)) return;
    const state = jobsById.get(req.params.id);
    if (!state) {
      res.status(404).json({ error: { code: 'not_found', message: 'No such job' } });
      return;
    }
    res.status(200).set({ 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.flushHeaders();
    let sent = -1;
    const push = () => {
      while (sent < state.completed) {
        sent++;
        const step = MERGE_STEPS[Math.min(sent, MERGE_STEPS.length - 1)]!;
        if (sent < MERGE_STEPS.length) {
          res.write(`event: progress\ndata: ${JSON.stringify({ jobId: state.job.id, status: 'running', step, completedSteps: sent, totalSteps: MERGE_STEPS.length })}\n\n`);
        }
      }
      if (state.completed >= MERGE_STEPS.length) {
        res.write(`event: done\ndata: ${JSON.stringify(currentJob(state))}\n\n`);
        res.end();
        state.listeners.delete(push);
      }
    };
    state.listeners.add(push);
    req.on('close', () => state.listeners.delete(push));
    res.write(': stream open\n\n');
    push();
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  widgetOrigin = fake.widgetOrigin = `http://127.0.0.1:${port}`;
  desktopOrigin = fake.desktopOrigin = `http://localhost:${port}`;
  fake.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await oauth.close();
  };
  return fake;
}
