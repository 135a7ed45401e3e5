/**
 * The one error type of the service. Thrown by use cases and mapped to HTTP by the single
 * error middleware as `{error: {code, message, details}}` with `status`.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(
    code: string,
    status: number,
    message: string,
    options: { details?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = status;
    this.details = options.details;
  }
}

/** Turns anything thrown into an `AppError`; unknown errors become 500 `internal`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('internal', 500, 'Internal error', { cause: error });
}

/** Shorthands for the common cases. */
export const badRequest = (message: string, details?: unknown) =>
  new AppError('bad_request', 400, message, { details });
export const unauthorized = (message = 'A valid Genesys Cloud token is required') =>
  new AppError('unauthorized', 401, message);
export const forbidden = (message: string, details?: unknown) =>
  new AppError('forbidden', 403, message, { details });
export const notFound = (message: string, details?: unknown) =>
  new AppError('not_found', 404, message, { details });
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(code, 409, message, { details });
