/**
 * The HTTP surface under test, derived from the running app and its OpenAPI document, so a route
 * added to either is fuzzed (or fails the surface test) instead of being silently left out.
 */
import type { Express } from 'express';

/** One operation: lower-case method and an OpenAPI-style path (`/api/v1/merges/{id}`). */
export interface Operation {
  method: string;
  path: string;
}

/** What the fuzzer needs to know about one operation's inputs (from the OpenAPI document). */
export interface OperationInputs extends Operation {
  query: string[];
  params: string[];
  headers: string[];
  /** Property names of the JSON body, or null when the operation takes no body. */
  body: string[] | null;
  secured: boolean;
  /** The statuses the document says the operation answers. */
  responses: number[];
}

interface RouterLayer {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

const key = (op: Operation) => `${op.method.toUpperCase()} ${op.path}`;

/** Every route the Express app answers, with `:param` written as `{param}`, in mount order. */
export function expressOperations(app: Express): Operation[] {
  const found: Operation[] = [];
  const walk = (stack: readonly RouterLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = `${prefix}${layer.route.path}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') found.push({ method, path });
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, `${prefix}${mount}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: RouterLayer[] } }).router.stack, '');
  return found;
}

type Schema = { $ref?: string; properties?: Record<string, unknown>; allOf?: Schema[]; anyOf?: Schema[]; oneOf?: Schema[] };

/** Every operation of an OpenAPI 3.1 document with the names of its inputs. */
export function openApiOperations(document: Record<string, unknown>): OperationInputs[] {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  const schemas = ((document.components as { schemas?: Record<string, Schema> } | undefined)?.schemas ?? {});
  const resolve = (schema: Schema | undefined): Schema | undefined => {
    if (schema?.$ref) return resolve(schemas[schema.$ref.replace('#/components/schemas/', '')]);
    return schema;
  };
  const propertiesOf = (schema: Schema | undefined): string[] => {
    const resolved = resolve(schema);
    if (!resolved) return [];
    const nested = [...(resolved.allOf ?? []), ...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])].flatMap(propertiesOf);
    return [...Object.keys(resolved.properties ?? {}), ...nested];
  };
  const operations: OperationInputs[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = (operation.parameters ?? []) as Array<{ name: string; in: string }>;
      const body = (operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content?.['application/json'];
      operations.push({
        method,
        path,
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        headers: parameters.filter((p) => p.in === 'header').map((p) => p.name),
        body: body ? [...new Set(propertiesOf(body.schema))] : null,
        secured: Array.isArray(operation.security) && operation.security.length > 0,
        responses: Object.keys((operation.responses ?? {}) as Record<string, unknown>).map(Number),
      });
    }
  }
  return operations;
}

/** Operations of `served` missing from `documented` (as `METHOD /path`). */
export function undocumented(served: readonly Operation[], documented: readonly Operation[]): string[] {
  const known = new Set(documented.map(key));
  return served.map(key).filter((k) => !known.has(k));
}

/** `METHOD /path` of an operation. */
export const operationKey = key;
