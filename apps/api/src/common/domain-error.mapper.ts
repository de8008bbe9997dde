import { HttpStatus } from '@nestjs/common';
import { isAccountsError, type AccountsErrorCode } from '@eider/accounts';
import { isDeliveryError, type DeliveryErrorCode } from '@eider/delivery';
import { isMailStoreError, type MailStoreErrorCode } from '@eider/mailstore';
import { ApiError } from './api-error';

const assertUnreachable = (value: never): never => {
  throw new Error(`unmapped domain error code ${String(value)}`);
};

const fromMailStore = (code: MailStoreErrorCode, message: string): ApiError => {
  switch (code) {
    case 'USER_NOT_FOUND':
      return new ApiError(HttpStatus.NOT_FOUND, 'UserNotFound', message);
    case 'USER_DISABLED':
      return new ApiError(HttpStatus.FORBIDDEN, 'UserDisabled', message);
    case 'MAILBOX_NOT_FOUND':
      return new ApiError(HttpStatus.NOT_FOUND, 'NoSuchMailbox', message);
    case 'MAILBOX_EXISTS':
      return new ApiError(HttpStatus.CONFLICT, 'MailboxExistsError', message);
    case 'MAILBOX_PROTECTED':
      return new ApiError(HttpStatus.BAD_REQUEST, 'DisallowedMailboxMethod', message);
    case 'INVALID_MAILBOX_NAME':
      return new ApiError(HttpStatus.BAD_REQUEST, 'InputValidationError', message);
    case 'MESSAGE_NOT_FOUND':
      return new ApiError(HttpStatus.NOT_FOUND, 'MessageNotFound', message);
    case 'MESSAGE_TOO_LARGE':
      return new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, 'MessageTooLarge', message);
    case 'OVER_QUOTA':
      return new ApiError(HttpStatus.INSUFFICIENT_STORAGE, 'OverQuotaError', message);
    case 'ATTACHMENT_NOT_FOUND':
      return new ApiError(HttpStatus.NOT_FOUND, 'AttachmentNotFound', message);
    case 'JOURNAL_EXPIRED':
      return new ApiError(HttpStatus.GONE, 'ConflictError', message);
    case 'CONFLICT':
      return new ApiError(HttpStatus.CONFLICT, 'ConflictError', message);
    default:
      return assertUnreachable(code);
  }
};

const fromAccounts = (code: AccountsErrorCode, message: string): ApiError => {
  switch (code) {
    case 'INVALID_ADDRESS':
    case 'WEAK_PASSWORD':
      return new ApiError(HttpStatus.BAD_REQUEST, 'InputValidationError', message);
    case 'ADDRESS_EXISTS':
      return new ApiError(HttpStatus.CONFLICT, 'AddressExistsError', message);
    case 'ADDRESS_NOT_FOUND':
      return new ApiError(HttpStatus.NOT_FOUND, 'AddressNotFound', message);
    case 'APP_PASSWORD_NOT_FOUND':
      return new ApiError(HttpStatus.NOT_FOUND, 'ApplicationPasswordNotFound', message);
    default:
      return assertUnreachable(code);
  }
};

const fromDelivery = (code: DeliveryErrorCode, message: string): ApiError => {
  switch (code) {
    case 'INVALID_FILTER':
    case 'INVALID_SETTINGS':
    case 'INVALID_AUTOREPLY':
      return new ApiError(HttpStatus.BAD_REQUEST, 'InputValidationError', message);
    case 'FILTER_NOT_FOUND':
      return new ApiError(HttpStatus.NOT_FOUND, 'FilterNotFound', message);
    case 'INVALID_SUBMISSION':
    case 'FROM_NOT_ALLOWED':
      return new ApiError(HttpStatus.BAD_REQUEST, 'InputValidationError', message);
    case 'RECIPIENT_LIMIT_EXCEEDED':
      return new ApiError(HttpStatus.FORBIDDEN, 'RecipientLimitExceeded', message);
    case 'RELAY_DISABLED':
      return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'SubmissionFailed', message);
    case 'RELAY_FAILED':
      return new ApiError(HttpStatus.BAD_GATEWAY, 'SubmissionFailed', message);
    default:
      return assertUnreachable(code);
  }
};

/** The client-facing form of a domain error, or null when the error is not one the domain names. */
export const apiErrorFromDomain = (error: unknown): ApiError | null => {
  if (error instanceof ApiError) return error;
  if (isMailStoreError(error)) return fromMailStore(error.code, error.message);
  if (isAccountsError(error)) return fromAccounts(error.code, error.message);
  if (isDeliveryError(error)) return fromDelivery(error.code, error.message);
  return null;
};
