import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { isMailStoreError, MailStore } from '@eider/mailstore';
import { ObjectId } from 'mongodb';
import { mailboxTypeFrom, MailboxType } from '../types/mailbox.type';
import { messageTypeFrom, MessageType } from '../types/message.type';
import { MailboxChangeEventType, MessageChangeEventType, MessageChangeType } from './change-event.types';

/** Null instead of an error when the object is already gone by the time the event is read. */
const unlessGone = async <T>(load: () => Promise<T>): Promise<T | null> => {
  try {
    return await load();
  } catch (error) {
    if (isMailStoreError(error, 'MESSAGE_NOT_FOUND') || isMailStoreError(error, 'MAILBOX_NOT_FOUND'))
      return null;
    throw error;
  }
};

@Resolver(() => MessageChangeEventType)
export class MessageChangeEventResolver {
  constructor(private readonly store: MailStore) {}

  @ResolveField('message', () => MessageType, {
    nullable: true,
    description:
      'The message as it is now, read only when asked for; null on REMOVED and RESET events, or when the ' +
      'message has gone since',
  })
  async message(@Parent() event: MessageChangeEventType): Promise<MessageType | null> {
    if (event.type === MessageChangeType.REMOVED || event.type === MessageChangeType.RESET) return null;
    const { mailboxId, uid } = event;
    if (mailboxId === null || uid === null) return null;
    // The journal entry belongs to the subscriber, so its mailbox is the subscriber's own.
    const document = await unlessGone(() => this.store.messages.get(new ObjectId(mailboxId), uid));
    return document ? messageTypeFrom(document, event.userId) : null;
  }
}

@Resolver(() => MailboxChangeEventType)
export class MailboxChangeEventResolver {
  constructor(private readonly store: MailStore) {}

  @ResolveField('mailbox', () => MailboxType, {
    nullable: true,
    description: 'The mailbox as it is now, with fresh counters; null on RESET or when it was deleted',
  })
  async mailbox(@Parent() event: MailboxChangeEventType): Promise<MailboxType | null> {
    const { mailboxId } = event;
    if (mailboxId === null) return null;
    const mailbox = await unlessGone(() =>
      this.store.mailboxes.getById(new ObjectId(event.userId), new ObjectId(mailboxId)),
    );
    return mailbox ? mailboxTypeFrom(mailbox) : null;
  }
}
