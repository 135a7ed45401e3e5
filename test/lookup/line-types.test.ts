import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../server/src/clock/index.js';
import { createTwilioLineTypeLookup } from '../../server/src/lookup/index.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'test-token';
const DAY = 86_400_000;

/** A loopback Twilio Lookup v2: answers per number from `types` (a status number answers that status). */
function startLookupServer(types: Record<string, string | null | number>) {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request);
    const url = new URL(request.url!, 'http://x');
    const number = decodeURIComponent(url.pathname.replace('/v2/PhoneNumbers/', ''));
    const answer = types[number];
    if (typeof answer === 'number') {
      response.writeHead(answer, { 'content-type': 'application/json' }).end('{"code":20429,"status":429}');
      return;
    }
    const asked = (url.searchParams.get('Fields') ?? '').split(',').includes('line_type_intelligence');
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      phone_number: number, valid: answer !== undefined,
      line_type_intelligence: asked && answer !== undefined ? { type: answer, error_code: answer === null ? 60600 : null } : null,
    }));
  });
  return new Promise<{ url: string; requests: IncomingMessage[]; close(): Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

describe('Twilio line-type lookup', () => {
  let server: Awaited<ReturnType<typeof startLookupServer>>;
  const clock = createManualClock(Date.parse('2026-11-26T12:00:00Z'));
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
  const lookup = () => createTwilioLineTypeLookup({ baseUrl: `${server.url}/`, accountSid: SID, authToken: TOKEN, clock, logger });

  beforeEach(async () => {
    lines.length = 0;
    server = await startLookupServer({
      '+12156380022': 'landline', '+14155550123': 'mobile', '+14155550124': 'nonFixedVoip', '+18005550100': 'tollFree',
      '+14155550125': 'fixedVoip', '+14155550126': 'pager', '+14155550127': null, '+14155550128': 503,
    });
  });
  afterEach(() => server.close());

  it('when asked about numbers, then landlines, fixed VoIP and toll-free are fixed, mobiles and app numbers mobile, the rest left out', async () => {
    const kinds = await lookup().lineKinds(['+12156380022', '+14155550123', '+14155550124', '+18005550100', '+14155550125', '+14155550126', '+14155550127', '+19999999999']);
    expect(Object.fromEntries(kinds)).toEqual({
      '+12156380022': 'fixed', '+14155550123': 'mobile', '+14155550124': 'mobile', '+18005550100': 'fixed', '+14155550125': 'fixed',
    });
  });

  it('when it asks, then it sends the v2 request with Basic auth and the line type field', async () => {
    await lookup().lineKinds(['+14155550123']);
    const [request] = server.requests;
    expect(request!.url).toBe('/v2/PhoneNumbers/%2B14155550123?Fields=line_type_intelligence');
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
  });

  it('when a number is asked again, then the cached answer is used until it expires (30 days; a day for an unclassified one)', async () => {
    const client = lookup();
    await client.lineKinds(['+14155550123', '+14155550127']);
    await client.lineKinds(['+14155550123', '+14155550127']);
    expect(server.requests).toHaveLength(2);
    clock.advance(DAY + 1);
    expect(await client.lineKinds(['+14155550123', '+14155550127'])).toEqual(new Map([['+14155550123', 'mobile']]));
    expect(server.requests).toHaveLength(3);
    clock.advance(30 * DAY);
    await client.lineKinds(['+14155550123']);
    expect(server.requests).toHaveLength(4);
  });

  it('when the same number is asked twice at once, then one request is made', async () => {
    const client = lookup();
    const [a, b] = await Promise.all([client.lineKinds(['+14155550123']), client.lineKinds(['+14155550123', '+14155550123'])]);
    expect(a.get('+14155550123')).toBe('mobile');
    expect(b.get('+14155550123')).toBe('mobile');
    expect(server.requests).toHaveLength(1);
  });

  it('when the service fails, then the number is left out, not cached, and the log names the status but never the number', async () => {
    const client = lookup();
    expect((await client.lineKinds(['+14155550128', '+12156380022'])).has('+14155550128')).toBe(false);
    await client.lineKinds(['+14155550128']);
    expect(server.requests.filter((r) => r.url!.includes('14155550128'))).toHaveLength(2);
    expect(lines.join('')).toContain('"status":503');
    expect(lines.join('')).not.toContain('4155550128');
  });

  it('when numbers are asked, then the observer hears each outcome, never the number', async () => {
    const outcomes: string[] = [];
    const client = createTwilioLineTypeLookup({ baseUrl: server.url, accountSid: SID, authToken: TOKEN, clock, observer: (o) => void outcomes.push(o) });
    await client.lineKinds(['+12156380022', '+14155550123', '+14155550127', '+14155550128']);
    await client.lineKinds(['+14155550123']);
    expect(outcomes.sort()).toEqual(['cached', 'failed', 'fixed', 'mobile', 'unclassified']);
  });

  it('when the service cannot be reached, then every number is left out', async () => {
    await server.close();
    expect((await lookup().lineKinds(['+14155550123'])).size).toBe(0);
    expect(lines.join('')).not.toContain('4155550123');
    server = await startLookupServer({});
  });
});
