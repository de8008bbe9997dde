export type DeliveryErrorCode =
  | 'INVALID_FILTER'
  | 'FILTER_NOT_FOUND'
  | 'INVALID_SETTINGS'
  | 'INVALID_AUTOREPLY'
  | 'INVALID_SUBMISSION'
  | 'FROM_NOT_ALLOWED'
  | 'RECIPIENT_LIMIT_EXCEEDED'
  | 'RELAY_DISABLED'
  | 'RELAY_FAILED';

/** Failures of the delivery settings services; REST and GraphQL map the codes to their own errors. */
export class DeliveryError extends Error {
  constructor(
    readonly code: DeliveryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export const isDeliveryError = (error: unknown, code?: DeliveryErrorCode): error is DeliveryError =>
  error instanceof DeliveryError && (code === undefined || error.code === code);
