import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { tenantRegistrationSchema, tenantSettingsPatchSchema, tenantUpdateSchema } from '../tenants/index.js';
import {
  auditQuery, authConfigResponse, candidatesResponse, contextResponse, conversationQuery, deliveriesQuery, errorBody,
  eventParams, idempotencyKey, job, jobParams, jobProgressEvent, mergePlan, mergeRequest, previewRequest, replayRequest,
  searchQuery,
} from './schemas.js';

const jsonOf = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, ...jsonOf(errorBody) });

/** Answers every authenticated route may give. */
const AUTH_ERRORS = {
  401: error('No valid token (see `WWW-Authenticate`): sign in again.'),
  403: error('The role lacks a permission (`details.missing`), or a conversation is not visible to the agent.'),
  429: error('Too many requests from this agent (see `Retry-After`).'),
  503: error('Genesys Cloud is rate limiting or unavailable (see `Retry-After`).'),
} as const;
const BAD_INPUT = { 400: error('Invalid input; `details.field` names the field. Nothing was changed.') } as const;
/** Answers of routes that read a JSON body, besides `BAD_INPUT`. */
const BAD_BODY = {
  ...BAD_INPUT,
  413: error('`payload_too_large`: the body is larger than the route accepts. Nothing was changed.'),
  415: error('`unsupported_media_type`: the body is not `application/json` (UTF-8). Nothing was changed.'),
} as const;

const loose = z.object({}).catchall(z.unknown());

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the zod schemas the routes parse with
 * (`schemas.ts`, and the tenant schemas of `server/src/tenants`).
 */
export function buildOpenApiDocument(options: { serverUrl?: string } = {}): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'agentToken', {
    type: 'http',
    scheme: 'bearer',
    description: "The agent's own Genesys Cloud access token (issued to the tenant's widget OAuth client).",
  });
  const secured: Pick<RouteConfig, 'security'> = { security: [{ agentToken: [] }] };
  const path = (config: RouteConfig) => registry.registerPath(config);

  path({
    method: 'get', path: '/api/v1/auth-config', tags: ['widget'],
    summary: 'Where the widget signs in, when it is not the region\'s login host (e.g. the emulator)',
    responses: { 200: { description: 'Login and API base URLs, or null for the region\'s own.', ...jsonOf(authConfigResponse) } },
  });
  path({
    method: 'get', path: '/api/v1/context', tags: ['widget'], ...secured,
    summary: 'The current interaction, its customer, whether it was already merged, and what the agent may do',
    request: { query: conversationQuery },
    responses: { 200: { description: 'The context.', ...jsonOf(contextResponse) }, ...BAD_INPUT, ...AUTH_ERRORS },
  });
  path({
    method: 'get', path: '/api/v1/candidates', tags: ['widget'], ...secured,
    summary: 'Related interactions of the customer, scored, with reasons and the auto-selection',
    request: { query: conversationQuery },
    responses: { 200: { description: 'Candidates, best first.', ...jsonOf(candidatesResponse) }, ...BAD_INPUT, ...AUTH_ERRORS },
  });
  path({
    method: 'get', path: '/api/v1/candidates/search', tags: ['widget'], ...secured,
    summary: 'Interactions matching an identifier or a conversation id the agent typed',
    request: { query: searchQuery },
    responses: { 200: { description: 'Matches.', ...jsonOf(candidatesResponse) }, ...BAD_INPUT, ...AUTH_ERRORS },
  });
  path({
    method: 'post', path: '/api/v1/merges/preview', tags: ['widget'], ...secured,
    summary: 'The merge plan for a selection, with its planHash (changes nothing)',
    request: { body: jsonOf(previewRequest) },
    responses: { 200: { description: 'The plan.', ...jsonOf(mergePlan) }, ...BAD_BODY, ...AUTH_ERRORS },
  });
  path({
    method: 'post', path: '/api/v1/merges', tags: ['widget'], ...secured,
    summary: 'Queues the merge of a previewed plan (cannot be undone on the platform)',
    request: { headers: z.object({ 'Idempotency-Key': idempotencyKey }), body: jsonOf(mergeRequest) },
    responses: {
      202: { description: 'The job (the same one again for a repeated key and body).', ...jsonOf(job) },
      ...BAD_BODY,
      409: error('`plan_changed`: the plan no longer matches its preview; preview again.'),
      422: error('`idempotency_key_reused`: the key was used with another body.'),
      ...AUTH_ERRORS,
    },
  });
  path({
    method: 'get', path: '/api/v1/merges/{id}', tags: ['widget'], ...secured,
    summary: 'A merge job',
    request: { params: jobParams },
    responses: { 200: { description: 'The job.', ...jsonOf(job) }, ...BAD_INPUT, 404: error('No such job of yours.'), ...AUTH_ERRORS },
  });
  path({
    method: 'get', path: '/api/v1/merges/{id}/events', tags: ['widget'], ...secured,
    summary: 'Server-sent events: `progress` (JobProgressEvent) after each step, then `done` (Job)',
    request: { params: jobParams },
    responses: {
      200: {
        description: 'An event stream; `data` is JSON.',
        content: { 'text/event-stream': { schema: z.union([jobProgressEvent, job]) } },
      },
      ...BAD_INPUT,
      404: error('No such job of yours.'),
      ...AUTH_ERRORS,
    },
  });

  const adminSecured: Pick<RouteConfig, 'security' | 'tags'> = { ...secured, tags: ['admin'] };
  const adminErrors = { ...AUTH_ERRORS, 403: error('Needs `integration:interactionMerger:admin`.') };
  path({
    method: 'post', path: '/api/v1/admin/tenants', ...adminSecured,
    summary: 'Registers an org (the token must be an admin\'s of that org, issued to its widget client)',
    request: { body: jsonOf(tenantRegistrationSchema) },
    responses: { 201: { description: 'The tenant (never its secrets).', ...jsonOf(loose) }, ...BAD_BODY, 409: error('Already registered.'), ...adminErrors },
  });
  path({ method: 'get', path: '/api/v1/admin/tenant', ...adminSecured, summary: 'The caller\'s tenant', responses: { 200: { description: 'The tenant.', ...jsonOf(loose) }, ...adminErrors } });
  path({
    method: 'patch', path: '/api/v1/admin/tenant', ...adminSecured, summary: 'Changes connection fields and the CRM webhook',
    request: { body: jsonOf(tenantUpdateSchema) },
    responses: { 200: { description: 'The tenant.', ...jsonOf(loose) }, ...BAD_BODY, ...adminErrors },
  });
  path({
    method: 'delete', path: '/api/v1/admin/tenant', ...adminSecured,
    summary: 'Removes the tenant: its secrets and every piece of customer data stored for it (audit entries stay, pseudonymised)',
    responses: { 200: { description: 'Rows deleted per table.', ...jsonOf(loose) }, ...adminErrors },
  });
  path({ method: 'get', path: '/api/v1/admin/tenant/settings', ...adminSecured, summary: 'Settings', responses: { 200: { description: 'Settings.', ...jsonOf(loose) }, ...adminErrors } });
  for (const method of ['put', 'patch'] as const) {
    path({
      method, path: '/api/v1/admin/tenant/settings', ...adminSecured,
      summary: method === 'put' ? 'Replaces the settings (absent fields take defaults)' : 'Changes some settings',
      request: { body: jsonOf(tenantSettingsPatchSchema) },
      responses: { 200: { description: 'The settings now.', ...jsonOf(loose) }, ...BAD_BODY, ...adminErrors },
    });
  }
  path({
    method: 'get', path: '/api/v1/admin/audit', ...adminSecured, summary: 'Audit entries, newest first (identifiers are keyed pseudonyms)',
    request: { query: auditQuery },
    responses: { 200: { description: '`{entries}`', ...jsonOf(loose) }, ...BAD_INPUT, ...adminErrors },
  });
  path({ method: 'get', path: '/api/v1/admin/audit/verify', ...adminSecured, summary: 'Verifies the tenant\'s audit hash chain', responses: { 200: { description: 'The verdict.', ...jsonOf(loose) }, ...adminErrors } });
  path({
    method: 'get', path: '/api/v1/admin/webhooks/deliveries', ...adminSecured, summary: 'Webhook events, newest first (without payloads)',
    request: { query: deliveriesQuery },
    responses: { 200: { description: '`{deliveries}`', ...jsonOf(loose) }, ...BAD_INPUT, ...adminErrors },
  });
  path({
    method: 'get', path: '/api/v1/admin/webhooks/deliveries/{eventId}/attempts', ...adminSecured, summary: 'Attempts of one event',
    request: { params: eventParams },
    responses: { 200: { description: '`{attempts}`', ...jsonOf(loose) }, ...BAD_INPUT, 404: error('No such event of the tenant.'), ...adminErrors },
  });
  path({
    method: 'post', path: '/api/v1/admin/webhooks/replay', ...adminSecured, summary: 'Dead or disabled events back to pending (same ids)',
    request: { body: jsonOf(replayRequest) },
    responses: { 200: { description: '`{replayed}`', ...jsonOf(loose) }, ...BAD_BODY, ...adminErrors },
  });

  for (const [route, summary] of [
    ['/healthz', 'Liveness'],
    ['/readyz', 'Readiness (store, tenants)'],
    ['/metrics', 'Prometheus metrics'],
  ] as const) {
    path({
      method: 'get', path: route, tags: ['operations'], summary,
      responses: {
        200: { description: summary },
        ...(route === '/readyz' ? { 503: { description: 'Not ready: the failing checks, named.' } } : {}),
      },
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Interaction Merger API',
      version: '1',
      description: 'Consolidates one customer\'s Genesys Cloud interactions into one session. Errors are `{error: {code, message, details}}`.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
  }) as unknown as Record<string, unknown>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A small HTML page listing the operations of `document`, linking the JSON (no script, no style). */
export function renderDocsPage(document: Record<string, unknown>): string {
  const paths = (document.paths ?? {}) as Record<string, Record<string, { summary?: string; tags?: string[] }>>;
  const rows = Object.entries(paths).flatMap(([route, operations]) =>
    Object.entries(operations).map(
      ([method, operation]) =>
        `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escapeHtml(route)}</code></td><td>${escapeHtml(operation.summary ?? '')}</td></tr>`,
    ),
  );
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Interaction Merger API</title></head><body>',
    '<h1>Interaction Merger API</h1>',
    '<p>The OpenAPI 3.1 document: <a href="/api/docs/openapi.json">/api/docs/openapi.json</a>. ',
    'Authenticated routes take the agent\'s Genesys Cloud token as <code>Authorization: Bearer …</code>.</p>',
    '<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></body></html>',
  ].join('\n');
}
