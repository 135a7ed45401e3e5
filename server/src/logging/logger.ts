import { pino } from 'pino';
import type { DestinationStream, Level, Logger, LoggerOptions as PinoOptions } from 'pino';
import { REDACTED, createScrubber } from './scrub.js';
import type { Pseudonymise, Scrubber } from './scrub.js';

export type { Logger };

/** Options of `createLogger`. */
export interface LoggerOptions {
  /** Minimum level (default `info`); `silent` logs nothing. */
  level?: Level | 'silent';
  /** Logger name, bound to every line (e.g. `server`, `emulator`). */
  name?: string;
  /** Where lines go (default stdout). Tests pass a stream that collects lines. */
  destination?: DestinationStream;
  /** Found phones/emails become this instead of `[phone]`/`[email]` (e.g. keyed audit pseudonyms). */
  pseudonymise?: Pseudonymise;
}

/**
 * Paths removed by pino's own redaction, after serializers run. The scrubbing formatters already
 * remove these keys at any depth before serializers; these paths guard what a serializer adds.
 */
const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]',
  'req.headers["webhook-signature"]', 'res.headers["set-cookie"]', 'headers.authorization',
  'headers.cookie', 'headers["set-cookie"]', 'headers["webhook-signature"]',
  '*.headers.authorization', '*.headers.cookie', 'err.config.headers.Authorization',
];

/** Keys whose raw objects are reduced by this module's serializers rather than walked. */
const SERIALIZED_KEYS: ReadonlySet<string> = new Set(['req', 'res']);
/** The root logger's own bindings (pino's `pid`, `hostname` and the logger `name`) are kept. */
const ROOT_BINDING_KEYS: ReadonlySet<string> = new Set([...SERIALIZED_KEYS, 'name']);

/**
 * Creates the service's pino logger. Its configuration, not the call sites, keeps secrets and
 * customer data out of every line:
 * - values under sensitive keys (authorization, cookies, tokens, secrets, client secrets,
 *   signatures, passwords, and `ani`, `dnis`, `addressFrom`, `addressTo`, `email`, `phone`,
 *   names, addresses, customer identifiers, payloads) are replaced by `[redacted]` at any depth,
 *   in logged objects and in the bindings of the logger and its children (`formatters.log`,
 *   `formatters.bindings`, and a scrubbing `child`);
 * - phone- and email-looking text, bearer credentials, JWTs and `whsec_` secrets are scrubbed
 *   from every string: field values, error messages and stacks, format arguments and the final
 *   message (`hooks.logMethod`, `serializers.msg`);
 * - `req` / `res` objects are reduced to method, path without query, request id and status;
 * - pino's `redact` paths guard headers as a second line.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const scrubber = createScrubber(options.pseudonymise ? { pseudonymise: options.pseudonymise } : {});
  const logger = pino(pinoOptions(scrubber, options), options.destination ?? pino.destination(1));
  // pino applies `formatters.bindings` to the root's bindings only (children reset it), so child
  // bindings are scrubbed here; children inherit this `child` through their prototype.
  const child = logger.child;
  logger.child = function scrubbedChild(this: Logger, bindings, childOptions) {
    return child.call(this, scrubber.value(bindings, SERIALIZED_KEYS) as typeof bindings, childOptions);
  } as Logger['child'];
  return logger;
}

function pinoOptions(scrubber: Scrubber, options: LoggerOptions): PinoOptions {
  return {
    level: options.level ?? 'info',
    ...(options.name ? { name: options.name } : {}),
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    formatters: {
      log: (object) => scrubber.value(object, SERIALIZED_KEYS) as Record<string, unknown>,
      bindings: (bindings) => scrubber.value(bindings, ROOT_BINDING_KEYS) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        // Format arguments (`%s`, `%o`, `%j`) are interpolated into the message as they are, so
        // they are scrubbed here, before interpolation; the final message is scrubbed again below.
        const messageAt = args.findIndex((arg) => typeof arg === 'string');
        const safe = messageAt < 0
          ? args
          : args.map((arg, i) => (i < messageAt ? arg : scrubber.value(arg)));
        return method.apply(this, safe as Parameters<typeof method>);
      },
    },
    serializers: {
      msg: (message: unknown) => (typeof message === 'string' ? scrubber.text(message) : message),
      err: (error: unknown) => scrubber.value(error),
      req: serializeRequest(scrubber),
      res: serializeResponse,
    },
  };
}

interface RequestLike {
  id?: unknown;
  method?: unknown;
  originalUrl?: unknown;
  url?: unknown;
}

function serializeRequest(scrubber: Scrubber) {
  return (req: RequestLike) => {
    if (req === null || typeof req !== 'object') return req;
    const url = typeof req.originalUrl === 'string' ? req.originalUrl : typeof req.url === 'string' ? req.url : '';
    return {
      ...(req.id !== undefined ? { id: scrubber.value(req.id) } : {}),
      method: typeof req.method === 'string' ? req.method : undefined,
      path: scrubber.text(url.split('?', 1)[0] ?? ''),
    };
  };
}

function serializeResponse(res: { statusCode?: unknown }) {
  if (res === null || typeof res !== 'object') return res;
  return { status: typeof res.statusCode === 'number' ? res.statusCode : undefined };
}
