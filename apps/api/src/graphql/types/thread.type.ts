import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../connection/connection.factory';

/** A conversation across all of a user's mailboxes (received and sent messages together). */
@ObjectType('Thread')
export class ThreadType {
  @Field(() => ID, { description: 'The conversation id, the `thread` of its messages' })
  id!: string;

  @Field({ description: 'Subject of the first message' })
  subject!: string;

  @Field(() => Int)
  messageCount!: number;

  @Field(() => Int)
  unseenCount!: number;

  @Field({ description: 'Internal date of the newest message' })
  lastDate!: Date;

  // Not exposed: the owner, so `messages` stays scoped to it.
  userId!: string;
}

@ObjectType('ThreadConnection')
export class ThreadConnection extends Connection(ThreadType, 'Thread') {}
