/**
 * Platform API error bodies (reference §5.1): `{message, code, status, messageParams, contextId,
 * details, errors}`, with `contextId` equal to the `inin-correlation-id` header. Codes and message
 * texts follow the platform's catalogue (`bad.request`, `not.found`, `missing.any.permissions`,
 * `too.many.requests`, …; all but `not.found` are UNCONFIRMED strings, §5.1).
 */

/** One entry of `details[]`. */
export interface ErrorDetail {
  errorCode?: string;
  fieldName?: string;
  entityId?: string;
  entityName?: string;
}

/** The `ErrorBody` wire shape. */
export interface GenesysErrorBody {
  message: string;
  code: string;
  status: number;
  messageParams: Record<string, string>;
  messageWithParams?: string;
  entityId?: string;
  entityName?: string;
  contextId: string;
  details: ErrorDetail[];
  errors: GenesysErrorBody[];
}

/** Optional parts of an error body, and headers to send with it. */
export interface ApiErrorExtras {
  messageParams?: Record<string, string>;
  details?: ErrorDetail[];
  entityId?: string;
  entityName?: string;
  /** Response headers to add (e.g. `Retry-After`). */
  headers?: Record<string, string>;
}

/** An expected API failure; the error middleware renders it as a {@link GenesysErrorBody}. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extras: ApiErrorExtras = {},
  ) {
    super(message);
  }

  /** The wire body for this error under `contextId`. */
  toBody(contextId: string): GenesysErrorBody {
    const body: GenesysErrorBody = {
      message: this.message,
      code: this.code,
      status: this.status,
      messageParams: this.extras.messageParams ?? {},
      contextId,
      details: this.extras.details ?? [],
      errors: [],
    };
    if (this.extras.entityId !== undefined) body.entityId = this.extras.entityId;
    if (this.extras.entityName !== undefined) body.entityName = this.extras.entityName;
    return body;
  }
}

/** 400 `bad.request`; `fieldName` lands in `details[0].fieldName`. */
export function badRequest(message: string, fieldName?: string): ApiError {
  return new ApiError(400, 'bad.request', message, fieldName ? { details: [{ errorCode: 'bad.request', fieldName }] } : {});
}

/** 404 `not.found` for an entity (reference §4: unknown, purged and expired ids all look the same). */
export function notFound(entityName: string, entityId: string): ApiError {
  return new ApiError(404, 'not.found', `The requested ${entityName} ${entityId} was not found.`, { entityId, entityName });
}

/** 409 `conflict` (reference §5.3). */
export function conflict(message: string, entityId?: string): ApiError {
  return new ApiError(409, 'conflict', message, entityId ? { entityId } : {});
}

/** 403 `missing.any.permissions` naming every permission that would have been enough (reference §7 lists are ANY-of). */
export function missingAnyPermissions(permissions: readonly string[]): ApiError {
  const list = permissions.join(', ');
  return new ApiError(
    403,
    'missing.any.permissions',
    `Unable to perform the requested action. You must have at least one of the following permissions assigned: [${list}]`,
    { messageParams: { permissions: list } },
  );
}

/** 403 `not.authorized`: the caller's divisions do not include the entity's. */
export function notAuthorized(entityName: string, entityId: string): ApiError {
  return new ApiError(403, 'not.authorized', `You are not authorized to access ${entityName} ${entityId}.`, { entityId, entityName });
}

/** 401 bodies, by cause. */
export const unauthorized = {
  missing: () => new ApiError(401, 'authentication.required', 'No authentication bearer token specified in authorization header.'),
  invalid: () => new ApiError(401, 'bad.credentials', 'Invalid login credentials.'),
  expired: () => new ApiError(401, 'credentials.expired', 'The supplied credentials are expired and cannot be used.'),
};
