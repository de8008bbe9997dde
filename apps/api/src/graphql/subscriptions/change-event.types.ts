import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum MessageChangeType {
  ADDED = 'ADDED',
  UPDATED = 'UPDATED',
  REMOVED = 'REMOVED',
  RESET = 'RESET',
}

export enum MailboxChangeType {
  MESSAGES_ADDED = 'MESSAGES_ADDED',
  MESSAGES_REMOVED = 'MESSAGES_REMOVED',
  FLAGS_CHANGED = 'FLAGS_CHANGED',
  MAILBOX_CHANGED = 'MAILBOX_CHANGED',
  RESET = 'RESET',
}

export enum ChangeResetReason {
  EXPIRED = 'EXPIRED',
  FUTURE = 'FUTURE',
}

registerEnumType(MessageChangeType, {
  name: 'MessageChangeType',
  description: 'What happened to a message; RESET means the client must reload its view (see `cursor`)',
});
registerEnumType(MailboxChangeType, {
  name: 'MailboxChangeType',
  description: 'Why a mailbox changed; RESET means the client must reload its mailboxes',
});
registerEnumType(ChangeResetReason, {
  name: 'ChangeResetReason',
  description:
    'EXPIRED: the `after` cursor is older than the change journal keeps (limits.journalRetentionSeconds); ' +
    'FUTURE: the cursor lies in the future. Either way the changes since it cannot be listed exactly.',
});

const CURSOR_DESCRIPTION =
  'The feed position after this event: pass it as `after` to resume, after a disconnect or on another api ' +
  'process, with nothing missed. Delivery is at least once: a resumed subscription may repeat an event.';

/**
 * One change of one message, as `messageAdded`, `messageUpdated` and `messageRemoved` deliver it. A RESET
 * event (the `after` cursor was too old) carries only `type`, `resetReason` and `cursor`: reload the
 * mailbox, then keep following from that cursor.
 */
@ObjectType('MessageChangeEvent', {
  description:
    'A message added, updated (flags) or removed. RESET: the requested cursor was older than the journal ' +
    'retention, so changes may have been missed; reload, then continue with this cursor.',
})
export class MessageChangeEventType {
  @Field(() => MessageChangeType)
  type!: MessageChangeType;

  @Field({ description: CURSOR_DESCRIPTION })
  cursor!: string;

  @Field(() => ChangeResetReason, { nullable: true, description: 'Set on RESET events only' })
  resetReason!: ChangeResetReason | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Global message id, "<mailboxId>:<uid>" (24-hex mailbox id, IMAP UID); null on RESET',
  })
  id!: string | null;

  @Field(() => ID, { nullable: true, description: '24-hex mailbox id; null on RESET' })
  mailboxId!: string | null;

  @Field(() => Int, { nullable: true, description: 'IMAP UID within the mailbox; null on RESET' })
  uid!: number | null;

  @Field(() => [String], {
    nullable: true,
    description: 'The flags after the change (ADDED, UPDATED); null when the journal did not record them',
  })
  flags!: string[] | null;

  @Field(() => Float, { nullable: true, description: "The mailbox's modification sequence of this change" })
  modseq!: number | null;

  /** The owner: the lazy `message` field reads within it only. */
  userId!: string;
}

/** One change touching a mailbox (its messages or the mailbox itself), as `mailboxChanged` delivers it. */
@ObjectType('MailboxChangeEvent', {
  description:
    'Something in a mailbox changed (messages added or removed, flags, or the mailbox itself); re-read ' +
    '`mailbox` for fresh counters. RESET: the requested cursor was older than the journal retention; reload ' +
    'the mailboxes, then continue with this cursor.',
})
export class MailboxChangeEventType {
  @Field(() => MailboxChangeType)
  type!: MailboxChangeType;

  @Field({ description: CURSOR_DESCRIPTION })
  cursor!: string;

  @Field(() => ChangeResetReason, { nullable: true, description: 'Set on RESET events only' })
  resetReason!: ChangeResetReason | null;

  @Field(() => ID, { nullable: true, description: '24-hex mailbox id; null on RESET' })
  mailboxId!: string | null;

  @Field(() => Float, { nullable: true, description: "The mailbox's modification sequence of this change" })
  modseq!: number | null;

  @Field(() => Int, { nullable: true, description: 'The message UID the change was about, if any' })
  uid!: number | null;

  userId!: string;
}
