/** Every failure the library reports on purpose carries one of these codes. */
export type MimeErrorCode =
  'MESSAGE_TOO_LARGE' | 'BODY_SINK_FAILED' | 'EXTERNAL_READ_FAILED' | 'PARSER_STATE' | 'INVALID_SECTION';

export class MimeError extends Error {
  readonly code: MimeErrorCode;

  constructor(code: MimeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MimeError';
    this.code = code;
  }
}

export function isMimeError(value: unknown): value is MimeError {
  return value instanceof MimeError;
}
