/**
 * Every failure the mail store reports to its callers. Each edge (IMAP, POP3, LMTP, REST, GraphQL) maps
 * these codes exhaustively to its own responses; internal details never reach a client.
 */
export type MailStoreErrorCode =
  | 'USER_NOT_FOUND'
  | 'USER_DISABLED'
  | 'MAILBOX_NOT_FOUND'
  | 'MAILBOX_EXISTS'
  | 'MAILBOX_PROTECTED'
  | 'INVALID_MAILBOX_NAME'
  | 'MESSAGE_NOT_FOUND'
  | 'MESSAGE_TOO_LARGE'
  | 'OVER_QUOTA'
  | 'ATTACHMENT_NOT_FOUND'
  | 'JOURNAL_EXPIRED'
  | 'CONFLICT';

export class MailStoreError extends Error {
  constructor(
    readonly code: MailStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MailStoreError';
  }
}

export const isMailStoreError = (error: unknown, code?: MailStoreErrorCode): error is MailStoreError =>
  error instanceof MailStoreError && (code === undefined || error.code === code);
