import { MailStoreError } from '../errors/mail-store.error';

export const MAILBOX_DELIMITER = '/';
const MAX_PATH_LENGTH = 1024;
const MAX_SEGMENT_LENGTH = 255;
const MAX_DEPTH = 32;

/**
 * Normalises and validates a mailbox path. `INBOX` is case-insensitive (RFC 3501 §5.1), including as the
 * first segment of a child path; every other name keeps its case. Paths are stored NFC-normalised so the
 * same name typed on different systems is one mailbox.
 */
export const normaliseMailboxPath = (input: string): string => {
  const path = input.normalize('NFC');
  const segments = path.split(MAILBOX_DELIMITER);
  if (path.length === 0 || path.length > MAX_PATH_LENGTH) {
    throw new MailStoreError('INVALID_MAILBOX_NAME', 'mailbox name is empty or too long');
  }
  if (segments.length > MAX_DEPTH)
    throw new MailStoreError('INVALID_MAILBOX_NAME', 'mailbox hierarchy is too deep');
  for (const segment of segments) {
    if (segment.length === 0)
      throw new MailStoreError('INVALID_MAILBOX_NAME', 'mailbox name has an empty level');
    if (segment.length > MAX_SEGMENT_LENGTH)
      throw new MailStoreError('INVALID_MAILBOX_NAME', 'mailbox level is too long');
    // Control characters break protocol output; `*` and `%` are LIST wildcards.
    // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
    if (/[\u0000-\u001f\u007f*%]/u.test(segment)) {
      throw new MailStoreError('INVALID_MAILBOX_NAME', 'mailbox name contains a forbidden character');
    }
  }
  if (segments[0]?.toUpperCase() === 'INBOX') segments[0] = 'INBOX';
  return segments.join(MAILBOX_DELIMITER);
};

export const isInbox = (path: string): boolean => path === 'INBOX';

export const parentPaths = (path: string): string[] => {
  const segments = path.split(MAILBOX_DELIMITER);
  return segments.slice(0, -1).map((_segment, index) => segments.slice(0, index + 1).join(MAILBOX_DELIMITER));
};

/** Regex matching the strict descendants of `path`, safe for any characters in the name. */
export const descendantsPattern = (path: string): RegExp =>
  new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${MAILBOX_DELIMITER}`);
