import type { z } from 'zod';
import { badRequest } from '../errors/index.js';

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
