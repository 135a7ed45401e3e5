import { describe, expect, it } from 'vitest';
import type { Job } from '../../../server/src/http/contract.js';
import { createApiClient, type ApiClientDeps } from './api-client.js';
import { ApiError } from './api-error.js';

interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: string | null;
}

/** A scripted `fetch`: answers in order, recording each request. */
function scriptedFetch(answers: Array<Response | Error | ((call: Call) => Response)>) {
  const calls: Call[] = [];
  const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const call = { url: String(url), method: init?.method ?? 'GET', headers: new Headers(init?.headers), body: (init?.body as string) ?? null };
    calls.push(call);
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected call ${call.url}`);
    if (answer instanceof Error) throw answer;
    return typeof answer === 'function' ? answer(call) : answer;
  }) as typeof globalThis.fetch;
  return { fetch: fakeFetch, calls };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const sse = (text: string) => new Response(text, { status: 200, headers: { 'content-type': 'text/event-stream' } });

function client(answers: Parameters<typeof scriptedFetch>[0], token: string | null = 'tok') {
  const scripted = scriptedFetch(answers);
  let lost = 0;
  const deps: ApiClientDeps = {
    baseUrl: 'https://widget.example',
    getToken: () => token,
    onUnauthorized: () => void lost++,
    fetch: scripted.fetch,
    now: () => 0,
  };
  return { api: createApiClient(deps), calls: scripted.calls, lost: () => lost };
}

const job = (status: Job['status']): Job => ({
  id: 'job-1', status, step: null, conversationIds: ['a', 'b'], createdAt: '', updatedAt: '', result: null, error: null,
});

describe('API client', () => {
  it('when it calls the backend, then it sends the bearer token to its own origin and encodes the query', async () => {
    const { api, calls } = client([json({ candidates: [] })]);
    await api.searchCandidates('conv 1', 'a&b');
    expect(calls[0]!.url).toBe('https://widget.example/api/v1/candidates/search?conversationId=conv+1&q=a%26b');
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer tok');
    expect(calls[0]!.headers.get('accept')).toBe('application/json');
  });

  it('when auth-config is read, then no token is sent', async () => {
    const { api, calls } = client([json({ loginBaseUrl: null, apiBaseUrl: null })], null);
    await api.authConfig();
    expect(calls[0]!.headers.has('authorization')).toBe(false);
  });

  it('when no valid token is left, then nothing is sent and the widget is told to sign in again', async () => {
    const { api, calls, lost } = client([], null);
    await expect(api.candidates('c')).rejects.toMatchObject({ failure: { kind: 'unauthorized' } });
    expect(calls).toHaveLength(0);
    expect(lost()).toBe(1);
  });

  it('when the backend answers 401, then the widget is told to sign in again', async () => {
    const { api, lost } = client([json({ error: { code: 'unauthorized', message: 'x' } }, 401)]);
    await expect(api.context('c')).rejects.toBeInstanceOf(ApiError);
    expect(lost()).toBe(1);
  });

  it('when the network fails, then the failure is offline; when the caller aborted, the abort is passed on', async () => {
    const offline = client([new TypeError('Failed to fetch')]);
    await expect(offline.api.context('c')).rejects.toMatchObject({ failure: { kind: 'offline' } });
    const controller = new AbortController();
    controller.abort();
    const aborted = client([new DOMException('aborted', 'AbortError')]);
    await expect(aborted.api.context('c', controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('when a merge starts, then the plan hash goes in the body and the Idempotency-Key in a header', async () => {
    const { api, calls } = client([json(job('queued'), 202)]);
    await api.startMerge({ conversationIds: ['a', 'b'], planHash: 'h1' }, 'key-1');
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.headers.get('idempotency-key')).toBe('key-1');
    expect(calls[0]!.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(calls[0]!.body!)).toEqual({ conversationIds: ['a', 'b'], planHash: 'h1' });
  });

  it('when the event stream reports progress then done, then both are yielded and the stream asks for SSE', async () => {
    const progress = { jobId: 'job-1', status: 'running', step: 'associate', completedSteps: 2, totalSteps: 6 };
    const { api, calls } = client([sse(`event: progress\ndata: ${JSON.stringify(progress)}\n\nevent: done\ndata: ${JSON.stringify(job('succeeded'))}\n\n`)]);
    const events = [];
    for await (const event of api.mergeEvents('job-1')) events.push(event);
    expect(events).toEqual([{ type: 'progress', progress }, { type: 'done', job: job('succeeded') }]);
    expect(calls[0]!.headers.get('accept')).toBe('text/event-stream');
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer tok');
  });

  it('when the stream drops before done, then the job is read and the stream resumed until the job ends', async () => {
    const { api, calls } = client([
      sse('event: progress\ndata: {"jobId":"job-1","status":"running","step":"validate","completedSteps":0,"totalSteps":6}\n\n'),
      json(job('running')),
      sse(''),
      json(job('succeeded')),
    ]);
    const events = [];
    for await (const event of api.mergeEvents('job-1')) events.push(event.type);
    expect(events).toEqual(['progress', 'done']);
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual([
      '/api/v1/merges/job-1/events', '/api/v1/merges/job-1', '/api/v1/merges/job-1/events', '/api/v1/merges/job-1',
    ]);
  });
});
