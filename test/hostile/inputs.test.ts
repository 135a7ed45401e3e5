import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../server/src/http/index.js';
import { tenantRegistrationSchema, tenantUpdateSchema } from '../../server/src/tenants/index.js';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { hostileBody, hostileHeaders, hostileQuery, hostileSegment, hostileString, percentEncode } from './support/arbitraries.js';
import { closeHostileServer, SEED, startHostileServer, type HostileServer } from './support/harness.js';
import { snapshotState, stateChanges } from './support/state.js';
import { expressOperations, openApiOperations, operationKey, undocumented, type OperationInputs } from './support/surface.js';

/** Served routes that are pages or documents, not API operations (nothing to fuzz but the path). */
const NOT_API = new Set(['GET /api/docs', 'GET /api/docs/openapi.json', 'GET /widget', 'GET /desktop', 'GET /crm', 'GET /']);
/**
 * Any authenticated call of this one is valid and removes the tenant: it has no input to be
 * hostile with, so it is fuzzed only with hostile credentials (tokens.test.ts).
 */
const INPUTLESS_DESTRUCTIVE = new Set(['DELETE /api/v1/admin/tenant']);
/** Bodies that would be valid are not hostile; these would reconfigure or register a tenant for real. */
const VALID_BODY_SKIPPED: Record<string, (body: unknown) => boolean> = {
  'PATCH /api/v1/admin/tenant': (body) => tenantUpdateSchema.safeParse(body).success,
  'POST /api/v1/admin/tenants': (body) => tenantRegistrationSchema.safeParse(body).success,
};
/** Answers of Node's HTTP parser, not of the app (no body, no error shape). */
const NODE_REFUSALS = new Set([414, 431]);
/** Runs per route (about 0.1 s each); `HOSTILE_RUNS` and `HOSTILE_SEED` explore further. */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 100);

const document = buildOpenApiDocument();
const operations = openApiOperations(document);
let hostile: HostileServer;

beforeAll(async () => {
  hostile = await startHostileServer();
});

afterAll(async () => {
  await closeHostileServer(hostile);
});

interface HostileRequest {
  path: string;
  query: string;
  headers: Record<string, string>;
  body: { contentType: string | null; text: string } | null;
}

function requestArbitrary(op: OperationInputs): fc.Arbitrary<HostileRequest> {
  const segments = op.params.map(() => hostileSegment);
  return fc.record({
    path: fc.tuple(...segments).map((values) => op.params.reduce((path, name, i) => path.replace(`{${name}}`, values[i]!), op.path)),
    query: hostileQuery(op.query),
    headers: hostileHeaders(op.headers),
    body: op.method === 'get' || op.method === 'delete' ? fc.constant(null) : hostileBody(op.body ?? []),
  });
}

const parsedBody = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

describe('hostile input on every route', () => {
  it('when the app serves a route, then the OpenAPI document lists it, so the fuzzing below covers it', () => {
    const served = expressOperations(hostile.server.service.app).filter((op) => !NOT_API.has(operationKey(op)));
    expect(served.length).toBeGreaterThan(15);
    expect(undocumented(served, operations)).toEqual([]);
    // And the other way round: nothing documented that the app does not answer.
    expect(undocumented(operations, served)).toEqual([]);
  });

  it.each(operations.filter((op) => !INPUTLESS_DESTRUCTIVE.has(operationKey(op))).map((op) => [operationKey(op), op] as const))(
    'when %s gets hostile query, path, headers and body, then it answers 4xx (or 2xx to a valid request), never 5xx, and a refusal changes nothing',
    async (name, op) => {
      const { server, admin } = hostile;
      const skipValid = VALID_BODY_SKIPPED[name];
      const statuses = new Map<number, number>();
      let run = 0;
      await fc.assert(
        fc.asyncProperty(requestArbitrary(op), async (request) => {
          if (skipValid && request.body) fc.pre(!skipValid(parsedBody(request.body.text)));
          const before = await snapshotState(server.service.store, server.emulator);
          const headers: Record<string, string> = { ...request.headers, authorization: `Bearer ${admin}` };
          // The registration limit (10 a minute per address) would otherwise answer most runs.
          if (name === 'POST /api/v1/admin/tenants') headers['x-forwarded-for'] = `10.9.${(run >> 8) & 255}.${run & 255}`;
          run += 1;
          if (request.body?.contentType) headers['content-type'] = request.body.contentType;
          const response = await fetch(`${server.url}${request.path}${request.query ? `?${request.query}` : ''}`, {
            method: op.method.toUpperCase(),
            headers,
            ...(request.body ? { body: request.body.text } : {}),
            signal: AbortSignal.timeout(15_000),
          });
          const text = response.headers.get('content-type')?.startsWith('text/event-stream') ? '' : await response.text();
          if (response.headers.get('content-type')?.startsWith('text/event-stream')) await response.body?.cancel();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const notReady = name === 'GET /readyz' && response.status === 503;
          if (notReady) {
            // Not ready is a true answer here (no job runner runs in this process), not a failure.
            expect(JSON.parse(text)).toMatchObject({ ready: false, checks: { jobs: { ok: false } } });
          } else {
            expect(response.status, `${response.status} ${text.slice(0, 500)}`).toBeLessThan(500);
          }
          // Every answer is one the API documents (a path that no longer names the route is 404).
          if (!NODE_REFUSALS.has(response.status) && response.status !== 404) {
            expect(op.responses, `${response.status} ${text.slice(0, 300)}`).toContain(response.status);
          }
          if (response.status >= 400) {
            // Node itself refuses a request line or headers too large (414, 431) before the app sees them.
            if (!notReady && !NODE_REFUSALS.has(response.status)) {
              const error = (parsedBody(text) as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
              expect(typeof error?.code, `${response.status} ${text.slice(0, 500)}`).toBe('string');
              expect(typeof error?.message).toBe('string');
            }
            expect(stateChanges(before, await snapshotState(server.service.store, server.emulator))).toEqual([]);
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      // The property ran against the route's validation, not against a locked door.
      const refused = [...statuses].filter(([status]) => status === 401 || status === 403 || status === 429).reduce((n, [, c]) => n + c, 0);
      expect(refused, JSON.stringify([...statuses])).toBeLessThan(RUNS);
    },
    120_000,
  );
});

describe('free text that reaches Genesys', () => {
  it('when the search text is hostile but the conversation is real, then 200 or 400, never 5xx, and nothing changes', async () => {
    const { server, admin } = hostile;
    const conversations = Object.values(DEMO_IDS.conversations);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...conversations), hostileString, async (conversationId, q) => {
        const before = await snapshotState(server.service.store, server.emulator);
        const response = await fetch(`${server.url}/api/v1/candidates/search?conversationId=${conversationId}&q=${percentEncode(q)}`, {
          headers: { authorization: `Bearer ${admin}` },
          signal: AbortSignal.timeout(15_000),
        });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect([200, 400, 403, 404, 414, 431], `${response.status} ${text.slice(0, 300)}`).toContain(response.status);
        if (response.status >= 400) expect(stateChanges(before, await snapshotState(server.service.store, server.emulator))).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // Most runs reached the search itself.
    expect(statuses.get(200) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(RUNS / 3);
  }, 120_000);
});

describe('after the fuzzing', () => {
  it('when bodies and queries carried __proto__ and constructor keys, then no prototype of this process was polluted', () => {
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).filter((name) => /polluted|^\$|^a\.b$/.test(name))).toEqual([]);
    expect(Object.keys(Array.prototype)).toEqual([]);
  });
});

describe('what the fuzzing found', () => {
  it('when a body is not JSON, then 415, and a settings PUT without a body is 400, not a reset to the defaults', async () => {
    const { server, admin } = hostile;
    const before = await snapshotState(server.service.store, server.emulator);
    const send = (method: string, headers: Record<string, string>, body?: string) =>
      fetch(`${server.url}/api/v1/admin/tenant/settings`, { method, headers: { authorization: `Bearer ${admin}`, ...headers }, ...(body === undefined ? {} : { body }) });
    const plain = await send('PUT', { 'content-type': 'text/plain' }, '{}');
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    expect((await send('PATCH', { 'content-type': 'application/x-www-form-urlencoded' }, 'threshold=0')).status).toBe(415);
    const empty = await send('PUT', {});
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { details: { field: string } } }).error.details.field).toBe('body');
    const replay = await fetch(`${server.url}/api/v1/admin/webhooks/replay`, {
      method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/plain' }, body: 'every event please',
    });
    expect(replay.status).toBe(415);
    expect(stateChanges(before, await snapshotState(server.service.store, server.emulator))).toEqual([]);
  });

  it('when a path parameter is not valid percent-encoding, then 400 naming the path, not 500', async () => {
    const { server, admin } = hostile;
    for (const path of ['/api/v1/merges/%C0%AF', '/api/v1/merges/%E0%A4%A/events', '/api/v1/admin/webhooks/deliveries/%ZZ/attempts']) {
      const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${admin}` } });
      expect(response.status, path).toBe(400);
      expect(((await response.json()) as { error: { code: string; details: unknown } }).error).toMatchObject({ code: 'bad_request', details: { field: 'path' } });
    }
  });
});
