import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/src/errors/index.js';
import { createScrubber } from '../../server/src/logging/index.js';
import { captureLogger } from './support.js';

const SECRET_KEYS = [
  'authorization', 'Authorization', 'cookie', 'set-cookie', 'token', 'access_token', 'refreshToken',
  'id_token', 'secret', 'clientSecret', 'client_secret', 'crmWebhookSecret', 'password', 'apiKey',
  'x-api-key', 'masterKey', 'webhook-signature', 'codeVerifier',
];
const PII_KEYS = [
  'ani', 'dnis', 'addressFrom', 'addressTo', 'address', 'email', 'emails', 'phone', 'phoneNumber',
  'cellPhone', 'name', 'firstName', 'lastName', 'displayName', 'participantName', 'identifiers',
  'customer', 'payload',
];

describe('createLogger redaction', () => {
  it('when values sit under secret or personal keys at any depth, then none reaches the output', () => {
    const { logger, text, lines } = captureLogger();
    const keys = [...SECRET_KEYS, ...PII_KEYS];
    const marker = (i: number) => `MARK${i}X`;
    keys.forEach((key, i) => {
      logger.info({ [key]: marker(i) }, 'top level');
      logger.info({ a: { b: { c: [{ [key]: marker(i) }] } } }, 'nested');
      logger.info({ headers: { [key]: marker(i) } }, 'headers');
    });
    const out = text();
    keys.forEach((_, i) => expect(out).not.toContain(marker(i)));
    expect(lines()).toHaveLength(keys.length * 3);
    expect(lines()[0]).toMatchObject({ authorization: '[redacted]', msg: 'top level' });
  });

  it('when strings carry phones, emails, bearer tokens, JWTs, webhook secrets or token parameters, then they are scrubbed', () => {
    const { logger, text } = captureLogger();
    const samples = [
      'tel:+15551234567', '+1 (555) 123-4567', '555-123-4567', '+44 20 7946 0958', '06 12 34 56 78',
      '020.123.456.78', 'sip:+4930123456@pbx', 'Jane.Doe+crm@Example.co.uk', 'jane%40example.com',
      'Bearer abc.def-ghi', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl',
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'client_secret=hunter2&x=1', '?access_token=tok123',
    ];
    for (const sample of samples) logger.info({ note: `see ${sample} now` }, `message ${sample}`);
    const out = text();
    for (const leaked of ['5551234567', '123-4567', '7946 0958', '12 34 56 78', '123.456.78', '4930123456',
      'Jane.Doe', 'jane%40', 'abc.def-ghi', 'eyJhbGciOiJIUzI1NiJ9', 'MfKQ9r8GKYqrTwjUPD8IL', 'hunter2', 'tok123']) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain('[phone]');
    expect(out).toContain('[email]');
  });

  it('when strings carry ids, timestamps and small numbers, then they are kept, while IPv4 addresses are masked', () => {
    const { logger, lines } = captureLogger();
    const note = 'job 3f1c2a9e-8b7d-4c6e-9f00-1a2b3c4d5e6f at 2026-11-26T10:00:00.000Z took 1234 ms, attempt 3 of 10, port 8089, v1.2.3';
    logger.info({ note }, `${note} from 192.168.100.200`);
    expect(lines()[0]).toMatchObject({ note, msg: `${note} from [ip]` });
  });

  it('when errors carry identifiers in message, stack, cause or details, then the logged error is scrubbed and still typed', () => {
    const { logger, text, lines } = captureLogger();
    const cause = new Error('lookup of +15551234567 failed');
    const error = new AppError('not_found', 404, 'no contact for jane@example.com', {
      cause,
      details: { field: 'email', email: 'jane@example.com', hint: 'call 555 123 4567' },
    });
    logger.error(error);
    logger.error({ err: error }, 'wrapped');
    logger.warn('failed: %s', error.message);
    const out = text();
    expect(out).not.toMatch(/jane|5551234567|123 4567/);
    const [first] = lines();
    expect(first).toMatchObject({
      msg: 'no contact for [email]',
      err: { type: 'AppError', code: 'not_found', status: 404, message: 'no contact for [email]', details: { email: '[redacted]' } },
    });
    expect((first!.err as { cause: { message: string } }).cause.message).toBe('lookup of [phone] failed');
  });

  it('when identifiers come through child bindings or format arguments, then they are scrubbed too', () => {
    const { logger, text, lines } = captureLogger();
    const child = logger.child({ tenantId: 't-1', email: 'ann@example.com', note: 'for +15551234567' });
    child.child({ token: 'tkn-1' }).info('hello %s and %o and %j', 'bob@example.com', { phone: '+15550001111' }, { secret: 's-1' });
    const out = text();
    for (const leaked of ['ann@', '5551234567', 'bob@', '5550001111', 'tkn-1', 's-1']) expect(out).not.toContain(leaked);
    expect(lines()[0]).toMatchObject({ tenantId: 't-1', email: '[redacted]', note: 'for [phone]', token: '[redacted]' });
  });

  it('when the logger is named, then the name is kept while a name field in a child or a line is redacted', () => {
    const { logger, lines } = captureLogger({ name: 'server' });
    logger.child({ name: 'Ann Smith' }).info({ step: { name: 'Bob Jones' } }, 'named');
    expect(lines()[0]).toMatchObject({ name: '[redacted]', step: { name: '[redacted]' } });
    logger.info('plain');
    expect(lines()[1]).toMatchObject({ name: 'server' });
    expect(JSON.stringify(lines())).not.toMatch(/Ann|Bob/);
  });

  it('when a pseudonymiser is configured, then found identifiers become its pseudonyms', () => {
    const { logger, lines } = captureLogger({
      pseudonymise: (kind, value) => `${kind}:${value.replace(/\D/g, '').length || value.length}`,
    });
    logger.info('from +1 555 123 4567 and a@b.co');
    expect(lines()[0]?.msg).toBe('from phone:11 and email:6');
  });

  it('when objects are cyclic, deep, maps, sets or buffers, then logging still writes one safe line', () => {
    const { logger, lines } = captureLogger();
    const cyclic: Record<string, unknown> = { id: 'x' };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { email: 'deep@example.com' };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    logger.info({
      cyclic,
      deep,
      map: new Map([['phone', '+15551234567']]),
      set: new Set(['x@y.com']),
      buffer: Buffer.from('secret bytes'),
    });
    const text = JSON.stringify(lines()[0]);
    expect(text).toContain('[circular]');
    expect(text).not.toMatch(/deep@|5551234567|x@y\.com|secret bytes/);
  });

  it('when random phones and emails are embedded in random text, then the scrubbed text contains neither', () => {
    const scrubber = createScrubber();
    const phone = fc
      .tuple(fc.constantFrom('', '+', 'tel:+'), fc.integer({ min: 1, max: 99 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 11 }), fc.constantFrom('', ' ', '-', '.'))
      .map(([prefix, country, digits, sep]) => {
        const body = digits.join('');
        return `${prefix}${country}${sep}${body.slice(0, 3)}${sep}${body.slice(3, 6)}${sep}${body.slice(6)}`;
      });
    const filler = fc.string({ maxLength: 12 }).map((s) => s.replace(/[\d@%+\w.-]/g, ' '));
    fc.assert(
      fc.property(filler, phone, filler, fc.emailAddress(), filler, (a, p, b, e, c) => {
        const out = scrubber.text(`${a} ${p} ${b} ${e} ${c}`);
        expect(out).not.toContain(p.replace(/^(tel:)?\+?/, ''));
        expect(out).not.toContain(e);
        expect(out).not.toContain(e.split('@')[0]! + '@');
      }),
      { numRuns: 300 },
    );
  });
});
