import type { Request } from 'express';
import type { z } from 'zod';
import { ApiError, badRequest } from '../http/index.js';

/**
 * Parses a request body with `schema`; a 400 `bad.request` naming the first bad field
 * (`details[0].fieldName`, e.g. `permissionPolicies.0.actionSet`) otherwise.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body ?? undefined);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const unknownKeys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : [];
  const path = [...issue.path.map(String), ...(unknownKeys.length > 0 ? [unknownKeys[0]!] : [])];
  const field = path.join('.') || 'body';
  const message = unknownKeys.length > 0 ? `is not a field of this entity` : issue.message;
  throw badRequest(`${field}: ${message}`, field);
}

/** `pageSize`/`pageNumber` of a listing query, validated (400 naming the parameter). */
export function paging(query: Request['query'], defaultSize = 25, maxSize = 500): { pageSize: number; pageNumber: number } {
  const number = (name: string, fallback: number, max: number) => {
    const raw = query[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > max) throw badRequest(`${name}: must be an integer between 1 and ${max}`, name);
    return value;
  };
  return { pageSize: number('pageSize', defaultSize, maxSize), pageNumber: number('pageNumber', 1, 1_000_000) };
}

/** A platform entity listing page (`…EntityListing`): entities, paging fields and page URIs. */
export function listing<T>(all: readonly T[], page: { pageSize: number; pageNumber: number }, path: string): Record<string, unknown> {
  const { pageSize, pageNumber } = page;
  const total = all.length;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const uri = (n: number) => `${path}?pageSize=${pageSize}&pageNumber=${n}`;
  return {
    entities: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize,
    pageNumber,
    total,
    pageCount,
    firstUri: uri(1),
    selfUri: uri(pageNumber),
    lastUri: uri(pageCount),
    ...(pageNumber < pageCount ? { nextUri: uri(pageNumber + 1) } : {}),
    ...(pageNumber > 1 ? { previousUri: uri(pageNumber - 1) } : {}),
  };
}

/** Repeated or comma-joined query values (`?id=a,b` or `?id=a&id=b`), as the SDK serialises arrays. */
export function listParam(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** One deterministic failure of a provisioning route (a test control, on top of the random `errorRates` faults). */
export interface RouteFault {
  method: string;
  /** A provisioning route template, e.g. `/api/v2/integrations/{integrationId}/config/current`. */
  template: string;
  status: number;
  /** How many matching calls fail (default 1)… */
  times: number;
  /** …after this many matching calls succeed (default 0). */
  skip: number;
}

/** Pending deterministic route faults; each matching call consumes one. */
export interface RouteFaults {
  /** Adds a fault; throws (naming the field) for an unknown route or a status outside 400–599. */
  add(fault: { method: string; template: string; status?: number; times?: number; skip?: number }): void;
  /** The error the call must answer with, if a fault is pending for it. */
  take(method: string, template: string): ApiError | undefined;
  pending(): RouteFault[];
  clear(): void;
}

/** Faults over the routes `known` lists as `METHOD template`. */
export function createRouteFaults(known: ReadonlySet<string>): RouteFaults {
  let faults: RouteFault[] = [];
  return {
    add: ({ method, template, status = 500, times = 1, skip = 0 }) => {
      const upper = String(method).toUpperCase();
      if (!known.has(`${upper} ${template}`)) throw badRequest(`template: no provisioning route ${upper} ${template}`, 'template');
      if (!Number.isInteger(status) || status < 400 || status > 599) throw badRequest('status: must be an HTTP status 400-599', 'status');
      if (!Number.isInteger(times) || times < 1) throw badRequest('times: must be a positive integer', 'times');
      if (!Number.isInteger(skip) || skip < 0) throw badRequest('skip: must be a non-negative integer', 'skip');
      faults.push({ method: upper, template, status, times, skip });
    },
    take: (method, template) => {
      const fault = faults.find((f) => f.method === method && f.template === template);
      if (!fault) return undefined;
      if (fault.skip > 0) {
        fault.skip -= 1;
        return undefined;
      }
      fault.times -= 1;
      if (fault.times <= 0) faults = faults.filter((f) => f !== fault);
      const code = fault.status === 409 ? 'conflict' : fault.status >= 500 ? 'internal.server.error' : 'bad.request';
      return new ApiError(fault.status, code, `Injected fault ${fault.status} on ${method} ${template}.`);
    },
    pending: () => faults.map((f) => ({ ...f })),
    clear: () => {
      faults = [];
    },
  };
}
