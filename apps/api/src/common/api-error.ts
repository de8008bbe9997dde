import { HttpStatus } from '@nestjs/common';

/**
 * The codes REST clients see in `{error, code}`. They follow WildDuck's vocabulary where it has one,
 * so integrations written against it keep matching on the same strings.
 */
export type ApiErrorCode =
  | 'InputValidationError'
  | 'AuthFailed'
  | 'InvalidToken'
  | 'MissingPrivileges'
  | 'RateLimitedError'
  | 'UserNotFound'
  | 'UserDisabled'
  | 'UserExistsError'
  | 'NoSuchMailbox'
  | 'MailboxExistsError'
  | 'DisallowedMailboxMethod'
  | 'MessageNotFound'
  | 'AttachmentNotFound'
  | 'AddressNotFound'
  | 'AddressExistsError'
  | 'FilterNotFound'
  | 'ApplicationPasswordNotFound'
  | 'TokenNotFound'
  | 'OverQuotaError'
  | 'MessageTooLarge'
  | 'PayloadTooLarge'
  | 'ConflictError'
  | 'RecipientLimitExceeded'
  | 'SubmissionFailed'
  | 'RouteNotFound'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'InternalError';

/** An error meant for the client: its message and code are safe to show as they are. */
export class ApiError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static badInput(message: string, details?: unknown): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, 'InputValidationError', message, details);
  }

  static forbidden(message = 'This token may not do that'): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, 'MissingPrivileges', message);
  }

  static notFound(code: ApiErrorCode, message: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, code, message);
  }
}
