import type { MailboxCounts, MailboxDocument } from '@eider/mailstore';
import { MAILBOX_DELIMITER } from '@eider/mailstore';

export interface MailboxView {
  id: string;
  name: string;
  path: string;
  specialUse: string | null;
  modifyIndex: number;
  subscribed: boolean;
  hidden: boolean;
  total?: number;
  unseen?: number;
  size?: number;
}

/** The last level of a path, what a folder tree shows. */
export const mailboxName = (path: string): string => path.split(MAILBOX_DELIMITER).pop() ?? path;

export const mailboxView = (
  mailbox: MailboxDocument,
  modifyIndex: number,
  counts: MailboxCounts | null,
  withSize: boolean,
): MailboxView => ({
  id: mailbox._id.toHexString(),
  name: mailboxName(mailbox.path),
  path: mailbox.path,
  specialUse: mailbox.specialUse,
  modifyIndex,
  subscribed: mailbox.subscribed,
  // Hidden mailboxes are not supported: every mailbox is listed to IMAP clients too.
  hidden: false,
  ...(counts ? { total: counts.messages, unseen: counts.unseen } : {}),
  ...(counts && withSize ? { size: counts.size } : {}),
});
