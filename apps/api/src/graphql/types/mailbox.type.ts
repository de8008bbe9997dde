import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { MailboxDocument } from '@eider/mailstore';
import { mailboxName } from '../../mailboxes/mailbox-view.mapper';

/** A mailbox; `total`, `unseen` and `size` are resolved per field, batched per request. */
@ObjectType('Mailbox')
export class MailboxType {
  @Field(() => ID, { description: '24-hex mailbox id' })
  id!: string;

  @Field({ description: 'The last level of the path' })
  name!: string;

  @Field({ description: 'Full path, `/` delimited' })
  path!: string;

  @Field(() => String, { nullable: true, description: 'Special use flag such as \\Sent, or null' })
  specialUse!: string | null;

  @Field()
  subscribed!: boolean;

  /** The owner (not exposed): counters and lookups stay scoped to it. */
  userId!: string;
}

export const mailboxTypeFrom = (mailbox: MailboxDocument): MailboxType => ({
  id: mailbox._id.toHexString(),
  name: mailboxName(mailbox.path),
  path: mailbox.path,
  specialUse: mailbox.specialUse,
  subscribed: mailbox.subscribed,
  userId: mailbox.user.toHexString(),
});
