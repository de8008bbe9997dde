import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ObjectId } from 'mongodb';
import { MailStore, type ThreadKey, type ThreadSummary } from '@eider/mailstore';
import type { Principal } from '../../auth/principal';
import { decodeIdCursor, encodeIdCursor } from '../../messages/paging-cursor';
import { connectionComplexity, connectionOf, PagingArgs, relayWindow } from '../connection/relay-paging';
import { GqlPrincipal, type GraphqlContext } from '../graphql-context';
import { GraphqlApiError } from '../graphql-errors';
import { GraphqlLoaders } from '../loaders/request-loaders';
import { objectIdArg, readableUser, USER_ID_ARG } from '../mutations/graphql-access';
import { MessageConnection, messageTypeFrom } from '../types/message.type';
import { ThreadConnection, ThreadType } from '../types/thread.type';
import { accessibleMailbox, HIGHEST_ID, LOWEST_ID } from './query-access';

// Thread cursors carry the listing key: the newest activity (ms) and the thread id.
const THREAD_CURSOR = /^t1:(-?\d{1,16}):([0-9a-f]{24})$/;

const encodeThreadCursor = (key: ThreadKey): string =>
  Buffer.from(`t1:${key.last.getTime()}:${key.thread.toHexString()}`, 'utf8').toString('base64url');

const decodeThreadCursor = (cursor: string, field: string): ThreadKey => {
  const text = /^[A-Za-z0-9_-]{1,128}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = THREAD_CURSOR.exec(text);
  const last = new Date(Number(match?.[1]));
  if (!match?.[2] || Number.isNaN(last.getTime())) {
    throw new GraphqlApiError('BAD_USER_INPUT', `${field} is not a valid paging cursor`);
  }
  return { last, thread: new ObjectId(match[2]) };
};

// Beyond the oldest conversation: where `last` without `before` starts.
const OLDEST_END: ThreadKey = { last: new Date(-8.64e15), thread: LOWEST_ID };

const threadTypeFrom = (summary: ThreadSummary, owner: string): ThreadType => ({
  id: summary.thread.toHexString(),
  subject: summary.subject,
  messageCount: summary.messageCount,
  unseenCount: summary.unseenCount,
  lastDate: summary.lastDate,
  userId: owner,
});

@Resolver(() => ThreadType)
export class ThreadQueriesResolver {
  constructor(
    private readonly store: MailStore,
    private readonly loaders: GraphqlLoaders,
  ) {}

  @Query(() => ThreadConnection, {
    description:
      'Conversations across all mailboxes (received and sent together), newest activity first; with ' +
      'mailboxId only those with a message in that mailbox',
    complexity: connectionComplexity,
  })
  async threads(
    @GqlPrincipal() principal: Principal,
    @Context() context: GraphqlContext,
    @Args() paging: PagingArgs,
    @Args('mailboxId', { type: () => ID, nullable: true }) mailboxId?: string | null,
    @Args('userId', USER_ID_ARG) userId?: string | null,
  ): Promise<ThreadConnection> {
    const user = readableUser(principal, userId);
    const window = relayWindow(paging, decodeThreadCursor, OLDEST_END);
    let mailbox: ObjectId | undefined;
    if (mailboxId != null) {
      const found = await accessibleMailbox(
        principal,
        this.loaders.for(context),
        objectIdArg(mailboxId, 'mailboxId'),
      );
      if (!found.user.equals(user)) throw new GraphqlApiError('NOT_FOUND', 'Mailbox not found');
      mailbox = found._id;
    }
    const page = await this.store.listing.listThreads(user, mailbox ? { mailbox } : {}, {
      limit: window.limit,
      ...(window.after ? { after: window.after } : {}),
      ...(window.before ? { before: window.before } : {}),
    });
    const owner = user.toHexString();
    return connectionOf(
      page.items,
      page,
      (item) => threadTypeFrom(item, owner),
      (item) => encodeThreadCursor(item.key),
    );
  }

  @ResolveField(() => MessageConnection, {
    description: "The conversation's messages from every mailbox, oldest first",
    complexity: connectionComplexity,
  })
  async messages(@Parent() thread: ThreadType, @Args() paging: PagingArgs): Promise<MessageConnection> {
    const window = relayWindow(paging, decodeIdCursor, HIGHEST_ID);
    const page = await this.store.listing.listThread(new ObjectId(thread.userId), new ObjectId(thread.id), {
      limit: window.limit,
      order: 'asc',
      ...(window.after ? { after: window.after } : {}),
      ...(window.before ? { before: window.before } : {}),
    });
    return connectionOf(
      page.items,
      page,
      (item) => messageTypeFrom(item, thread.userId),
      (item) => encodeIdCursor(item._id),
    );
  }
}
