import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { MessageDocument, MessageListItem } from '@eider/mailstore';
import { envelopeAddresses, flagsView } from '../../messages/message-view.mapper';
import { Connection } from '../connection/connection.factory';

@ObjectType('MessageAddress')
export class MessageAddressType {
  @Field({ description: 'Display name, RFC 2047 decoded; empty when absent' })
  name!: string;

  @Field()
  address!: string;
}

/**
 * A message. `mailbox`, `text`, `html`, `remoteImages` and `attachments` are resolved per field: listings
 * carry only the light fields, the body is loaded (batched) when one of those is asked for.
 */
@ObjectType('Message')
export class MessageType {
  @Field(() => ID, { description: 'Global message id, "<mailboxId>:<uid>" (24-hex mailbox id, IMAP UID)' })
  id!: string;

  @Field(() => Int, { description: 'IMAP UID within its mailbox' })
  uid!: number;

  @Field(() => ID, { description: 'Conversation id, shared by replies across mailboxes' })
  thread!: string;

  @Field(() => String, { nullable: true, description: 'RFC 8474 EMAILID, kept across copy and move' })
  emailId!: string | null;

  @Field(() => String, { nullable: true, description: 'The Message-ID header' })
  messageId!: string | null;

  @Field()
  subject!: string;

  @Field(() => MessageAddressType, { nullable: true })
  from!: MessageAddressType | null;

  @Field(() => [MessageAddressType])
  to!: MessageAddressType[];

  @Field(() => [MessageAddressType])
  cc!: MessageAddressType[];

  @Field(() => [MessageAddressType])
  bcc!: MessageAddressType[];

  @Field(() => [MessageAddressType])
  replyTo!: MessageAddressType[];

  @Field({ description: 'The Date header, or the internal date when it is missing' })
  date!: Date;

  @Field({ description: 'When the message was stored (IMAP INTERNALDATE)' })
  internalDate!: Date;

  @Field(() => Int, { description: 'Size in bytes' })
  size!: number;

  @Field(() => [String])
  flags!: string[];

  @Field()
  seen!: boolean;

  @Field()
  flagged!: boolean;

  @Field()
  answered!: boolean;

  @Field()
  draft!: boolean;

  @Field()
  deleted!: boolean;

  @Field()
  forwarded!: boolean;

  @Field({ description: 'The first characters of the text' })
  preview!: string;

  @Field()
  hasAttachments!: boolean;

  // Not exposed: what the field resolvers need.
  mailboxId!: string;
  userId!: string;
  /** The full document when it was already loaded (single message reads). */
  document?: MessageDocument;
}

export const messageGlobalId = (mailboxId: string, uid: number): string => `${mailboxId}:${uid}`;

/** A listing row or full document as a Message; `user` is the owner the row was read for. */
export const messageTypeFrom = (
  item: MessageListItem | MessageDocument,
  user: string,
  flags: readonly string[] = item.flags,
): MessageType => {
  const mailboxId = item.mailbox.toHexString();
  const flagView = flagsView(flags);
  return {
    id: messageGlobalId(mailboxId, item.uid),
    uid: item.uid,
    thread: item.thread.toHexString(),
    emailId: 'emailId' in item && typeof item.emailId === 'string' ? item.emailId : null,
    messageId: item.msgid,
    subject: item.subject,
    from: envelopeAddresses(item.envelope.from)[0] ?? null,
    to: envelopeAddresses(item.envelope.to),
    cc: envelopeAddresses(item.envelope.cc),
    bcc: envelopeAddresses(item.envelope.bcc),
    replyTo: envelopeAddresses(item.envelope.replyTo),
    date: item.hdate ?? item.idate,
    internalDate: item.idate,
    size: item.size,
    flags: [...flags],
    seen: flagView.seen,
    flagged: flagView.flagged,
    answered: flagView.answered,
    draft: flagView.draft,
    deleted: flagView.deleted,
    forwarded: flagView.forwarded,
    preview: item.preview,
    hasAttachments: item.hasAttachments,
    mailboxId,
    userId: user,
    ...('tree' in item && 'html' in item ? { document: item } : {}),
  };
};

@ObjectType('MessageConnection')
export class MessageConnection extends Connection(MessageType, 'Message') {}
