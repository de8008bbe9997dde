import type { UserFeedEvent } from '@eider/mailstore';
import { messageGlobalId } from '../types/message.type';
import {
  ChangeResetReason,
  MailboxChangeEventType,
  MailboxChangeType,
  MessageChangeEventType,
  MessageChangeType,
} from './change-event.types';

/** What a message subscription follows: the change types it emits, optionally within one mailbox. */
export interface MessageChangeFilter {
  type: Exclude<MessageChangeType, MessageChangeType.RESET>;
  mailboxId?: string;
}

const RESET_REASONS = { expired: ChangeResetReason.EXPIRED, future: ChangeResetReason.FUTURE } as const;

const MESSAGE_TYPES = {
  exists: MessageChangeType.ADDED,
  flags: MessageChangeType.UPDATED,
  expunge: MessageChangeType.REMOVED,
  mailbox: null,
} as const;

const MAILBOX_TYPES = {
  exists: MailboxChangeType.MESSAGES_ADDED,
  expunge: MailboxChangeType.MESSAGES_REMOVED,
  flags: MailboxChangeType.FLAGS_CHANGED,
  mailbox: MailboxChangeType.MAILBOX_CHANGED,
} as const;

/**
 * The event a message subscription emits for one feed event, or null when the filter skips it. Resets
 * always pass: whatever the filter, the client's view may be stale.
 */
export const messageChangeEventOf = (
  event: UserFeedEvent,
  userId: string,
  filter: MessageChangeFilter,
): MessageChangeEventType | null => {
  if (event.type === 'reset') {
    return {
      type: MessageChangeType.RESET,
      cursor: event.cursor,
      resetReason: RESET_REASONS[event.reason],
      id: null,
      mailboxId: null,
      uid: null,
      flags: null,
      modseq: null,
      userId,
    };
  }
  const { change } = event;
  if (MESSAGE_TYPES[change.kind] !== filter.type || change.uid === undefined) return null;
  if (filter.mailboxId !== undefined && change.mailbox !== filter.mailboxId) return null;
  return {
    type: filter.type,
    cursor: event.cursor,
    resetReason: null,
    id: messageGlobalId(change.mailbox, change.uid),
    mailboxId: change.mailbox,
    uid: change.uid,
    flags: change.flags ? [...change.flags] : null,
    modseq: change.modseq,
    userId,
  };
};

export const mailboxChangeEventOf = (
  event: UserFeedEvent,
  userId: string,
  mailboxId?: string,
): MailboxChangeEventType | null => {
  if (event.type === 'reset') {
    return {
      type: MailboxChangeType.RESET,
      cursor: event.cursor,
      resetReason: RESET_REASONS[event.reason],
      mailboxId: null,
      modseq: null,
      uid: null,
      userId,
    };
  }
  const { change } = event;
  if (mailboxId !== undefined && change.mailbox !== mailboxId) return null;
  return {
    type: MAILBOX_TYPES[change.kind],
    cursor: event.cursor,
    resetReason: null,
    mailboxId: change.mailbox,
    modseq: change.modseq,
    uid: change.uid ?? null,
    userId,
  };
};
