/**
 * Label values for the product's metrics. Every label comes from a fixed enumeration or a path
 * template, so no customer identifier (phone, email, conversation or contact id) can become a
 * label value: anything outside the enumeration maps to `other`, and any path segment outside a
 * fixed vocabulary maps to a `{id}` placeholder.
 */

/** HTTP methods kept as they are; anything else is `OTHER`. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethodLabel = (typeof HTTP_METHODS)[number] | 'OTHER';

/**
 * Path words of the Genesys Cloud Platform API (and its login host's `/oauth/*`) that may appear
 * in an endpoint label. A segment outside this list is a value (an id, an identifier) and becomes
 * `{id}`. Extend it when the product calls a new endpoint family.
 */
const GENESYS_PATH_WORDS: ReadonlySet<string> = new Set([
  'api', 'v2', 'analytics', 'conversations', 'details', 'query', 'jobs', 'availability', 'results',
  'dataretention', 'settings', 'callbacks', 'calls', 'chats', 'emails', 'messages', 'message',
  'bulk', 'participants', 'communications', 'externalcontacts', 'contacts', 'enrich', 'merge',
  'search', 'identifiers', 'journey', 'sessions', 'promotion', 'unresolved', 'graphs',
  'clusterscans', 'identifierlookup', 'scan', 'organizations', 'relationships', 'notes', 'gdpr',
  'requests', 'subjects', 'notifications', 'availabletopics', 'channels', 'subscriptions', 'oauth',
  'token', 'tokens', 'authorize', 'clients', 'me', 'users', 'authorization', 'roles', 'divisions',
  'permissions', 'integrations', 'types', 'configs', 'current', 'processautomation',
  'triggers', 'topics', 'test', 'recording', 'crossplatform', 'mediaretentionpolicies', 'interactions',
]);

const PLACEHOLDER = /^\{[A-Za-z][A-Za-z0-9]{0,39}\}$/;
const EXPRESS_PARAM = /^:([A-Za-z][A-Za-z0-9]{0,39})$/;
const MAX_SEGMENTS = 12;

/**
 * Maps a Genesys API path (a template such as `/api/v2/externalcontacts/contacts/{contactId}`, a
 * concrete path, or a full URL) to a label: the query and host are dropped, placeholders are
 * kept, known path words are kept, and every other segment becomes `{id}`. A path that is not
 * under `/api/` or `/oauth/` is `other`.
 */
export function toEndpointTemplate(pathOrUrl: string): string {
  let path = pathOrUrl;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    try {
      path = new URL(path).pathname;
    } catch {
      return 'other';
    }
  }
  path = path.split(/[?#]/, 1)[0] ?? '';
  const segments = path.split('/').filter((segment) => segment.length > 0);
  if (segments.length === 0 || segments.length > MAX_SEGMENTS) return 'other';
  if (segments[0] !== 'api' && segments[0] !== 'oauth') return 'other';
  return `/${segments.map(templateSegment).join('/')}`;
}

function templateSegment(segment: string): string {
  if (PLACEHOLDER.test(segment)) return segment;
  const param = EXPRESS_PARAM.exec(segment);
  if (param) return `{${param[1]}}`;
  return GENESYS_PATH_WORDS.has(segment) ? segment : '{id}';
}

/**
 * Maps a route of this service (an Express route such as `/api/v1/merges/:id`) to a label:
 * parameters become `{name}`; a segment that is a plain lower-case word of at most 32 characters
 * (with at most a two-digit suffix, as in `v1`) is kept; anything else (digit runs, `@`, `+`,
 * upper case, long values) becomes `{id}`. An empty route, or `unmatched`, is `unmatched`.
 */
export function toRouteTemplate(route: string): string {
  const path = route.split(/[?#]/, 1)[0] ?? '';
  const segments = path.split('/').filter((segment) => segment.length > 0);
  if (path.length === 0 || path === 'unmatched') return 'unmatched';
  if (segments.length > MAX_SEGMENTS) return 'other';
  const mapped = segments.map((segment) => {
    if (PLACEHOLDER.test(segment)) return segment;
    const param = EXPRESS_PARAM.exec(segment);
    if (param) return `{${param[1]}}`;
    return /^[a-z][a-z-]{0,29}[0-9]{0,2}$/.test(segment) ? segment : '{id}';
  });
  return `/${mapped.join('/')}`;
}

/** An HTTP method label: one of `HTTP_METHODS`, else `OTHER`. */
export function toMethodLabel(method: string): HttpMethodLabel {
  const upper = method.toUpperCase();
  return (HTTP_METHODS as readonly string[]).includes(upper) ? (upper as HttpMethodLabel) : 'OTHER';
}

/** An HTTP status label: the code for 100–599, else `none` (no response: timeout, network). */
export function toStatusLabel(status: number | null | undefined): string {
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599
    ? String(status)
    : 'none';
}

/** A value from `allowed`, else `other`. */
export function enumLabel<T extends string>(value: string, allowed: readonly T[]): T | 'other' {
  return (allowed as readonly string[]).includes(value) ? (value as T) : 'other';
}
