/** Typed API errors; the central error handler maps each to its status and a JSON body. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class BadRequestError extends ApiError {
  override readonly name = 'BadRequestError';
  constructor(message: string, details?: unknown) {
    super(400, 'bad_request', message, details);
  }
}

/** Reasons are part of the API: clients and tests match on them. */
export type AuthFailureReason =
  | 'missing_token'
  | 'invalid_token'
  | 'token_expired'
  | 'wrong_token_type'
  | 'unknown_challenge'
  | 'challenge_expired'
  | 'challenge_used'
  | 'challenge_address_mismatch'
  | 'invalid_signature'
  | 'key_does_not_match_address';

export class UnauthorizedError extends ApiError {
  override readonly name = 'UnauthorizedError';
  constructor(
    readonly reason: AuthFailureReason,
    message: string,
  ) {
    super(401, reason, message);
  }
}

export class ForbiddenError extends ApiError {
  override readonly name = 'ForbiddenError';
  constructor(message: string) {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends ApiError {
  override readonly name = 'NotFoundError';
  constructor(what: string) {
    super(404, 'not_found', `${what} not found`);
  }
}

export class ConflictError extends ApiError {
  override readonly name = 'ConflictError';
  constructor(message: string, details?: unknown) {
    super(409, 'conflict', message, details);
  }
}

export class UnprocessableError extends ApiError {
  override readonly name = 'UnprocessableError';
  constructor(code: string, message: string, details?: unknown) {
    super(422, code, message, details);
  }
}

export class ServiceUnavailableError extends ApiError {
  override readonly name = 'ServiceUnavailableError';
  constructor(message: string, details?: unknown) {
    super(503, 'unavailable', message, details);
  }
}
