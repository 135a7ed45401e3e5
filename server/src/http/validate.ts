import express, { type RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError, badRequest } from '../errors/index.js';

/** Where an input came from; a query or header field is named as such. */
export type InputSource = 'body' | 'query' | 'params' | 'header';

/**
 * Parses `value` with `schema`; AppError 400 `bad_request` whose message and `details.field`
 * name the first offending field (`conversationIds.2`, `q`, `Idempotency-Key`), with every issue
 * in `details.issues`. Nothing has happened yet when this throws.
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, source: InputSource, name?: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fieldOf = (path: readonly PropertyKey[]) => {
    const keys = path.map(String);
    if (name) keys.unshift(name);
    return keys.join('.') || source;
  };
  const issues = result.error.issues.map((issue) => {
    const field = issue.code === 'unrecognized_keys' ? fieldOf([...issue.path, issue.keys[0] ?? '']) : fieldOf(issue.path);
    const message =
      issue.code === 'unrecognized_keys'
        ? `is not a known ${source === 'body' ? 'field' : 'parameter'}`
        : issue.code === 'invalid_type' && /received undefined$/.test(issue.message)
          ? 'is required'
          : issue.message;
    return { field, message };
  });
  const first = issues[0]!;
  const label = source === 'header' ? `${first.field} header` : first.field;
  return failWith(`${label}: ${first.message}`, first.field, source, issues);
}

function failWith(message: string, field: string, source: InputSource, issues: Array<{ field: string; message: string }>): never {
  throw badRequest(message, { field, in: source, issues });
}

/**
 * `express.json` (strict, at most `limit`), which parses JSON bodies only and leaves any other body
 * unread, as if none had been sent; then refuses a body of another media type with 415
 * `unsupported_media_type`, and, when `required`, a request without a body with 400 naming `body`
 * (a settings `PUT` without one would otherwise reset every setting). Nothing has happened yet
 * when this refuses.
 */
export function jsonBody(options: { limit: string; required: boolean }): RequestHandler {
  const parse = express.json({ limit: options.limit, strict: true });
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if (error) return next(error);
      const length = req.headers['content-length'];
      const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
      if (hasBody && !req.is('application/json')) {
        return next(new AppError('unsupported_media_type', 415, 'body: must be application/json', { details: { field: 'body', in: 'body' } }));
      }
      if (options.required && req.body === undefined) return next(badRequest('body: is required', { field: 'body', in: 'body' }));
      next();
    });
  };
}
