import { ImapHookError, type ImapHookErrorCode } from '@eider/imap-core';
import { isMailStoreError, type MailStoreErrorCode } from '@eider/mailstore';

const assertUnreachable = (code: never): never => {
  throw new Error(`unmapped mail store error ${String(code)}`);
};

const hookCodeFor = (code: MailStoreErrorCode, missingMailbox: ImapHookErrorCode): ImapHookErrorCode => {
  switch (code) {
    case 'MAILBOX_NOT_FOUND':
      return missingMailbox;
    case 'MAILBOX_EXISTS':
      return 'ALREADYEXISTS';
    case 'MAILBOX_PROTECTED':
    case 'INVALID_MAILBOX_NAME':
    case 'CONFLICT':
      return 'CANNOT';
    case 'MESSAGE_TOO_LARGE':
      return 'TOOBIG';
    case 'OVER_QUOTA':
      return 'OVERQUOTA';
    case 'MESSAGE_NOT_FOUND':
      return 'EXPUNGEISSUED';
    case 'USER_NOT_FOUND':
    case 'USER_DISABLED':
    case 'JOURNAL_EXPIRED':
      return 'UNAVAILABLE';
    case 'ATTACHMENT_NOT_FOUND':
      return 'SERVERBUG';
    default:
      return assertUnreachable(code);
  }
};

// Texts written for IMAP users: the store's own messages name internal ids and must not reach clients.
const TEXT: Record<ImapHookErrorCode, string> = {
  NONEXISTENT: 'No such mailbox',
  ALREADYEXISTS: 'Mailbox already exists',
  OVERQUOTA: 'Quota exceeded',
  TOOBIG: 'Message too large',
  LIMIT: 'Limit reached',
  CANNOT: 'Operation not permitted on this mailbox',
  NOPERM: 'Permission denied',
  TRYCREATE: 'Destination mailbox does not exist',
  INUSE: 'Mailbox in use, try again',
  EXPUNGEISSUED: 'Some messages were expunged',
  UNAVAILABLE: 'Temporarily unavailable, try again later',
  SERVERBUG: 'Internal error',
};

/**
 * Runs a store call and turns the store's typed errors into the hook errors the IMAP core maps to
 * `NO [CODE]`. Unknown errors pass through; the core logs them and answers SERVERBUG.
 */
export const mapStoreErrors = async <T>(
  run: () => Promise<T>,
  missingMailbox: ImapHookErrorCode = 'NONEXISTENT',
): Promise<T> => {
  try {
    return await run();
  } catch (error) {
    if (isMailStoreError(error)) {
      const code = hookCodeFor(error.code, missingMailbox);
      throw new ImapHookError(code, TEXT[code]);
    }
    throw error;
  }
};
