import { Args, Context, Float, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { MailStore } from '@eider/mailstore';
import type { Principal } from '../../auth/principal';
import { listComplexity } from '../connection/relay-paging';
import { GqlPrincipal, type GraphqlContext } from '../graphql-context';
import { GraphqlApiError } from '../graphql-errors';
import { GraphqlLoaders } from '../loaders/request-loaders';
import { objectIdArg, readableUser, USER_ID_ARG } from '../mutations/graphql-access';
import { MailboxType, mailboxTypeFrom } from '../types/mailbox.type';
import { accessibleMailbox } from './query-access';

const MAX_PATH_LENGTH = 1024;

@Resolver(() => MailboxType)
export class MailboxQueriesResolver {
  constructor(
    private readonly store: MailStore,
    private readonly loaders: GraphqlLoaders,
  ) {}

  @Query(() => [MailboxType], {
    description: "The user's mailboxes by path (the token's own user; the root token gives userId)",
    complexity: listComplexity(10),
  })
  async mailboxes(
    @GqlPrincipal() principal: Principal,
    @Context() context: GraphqlContext,
    @Args('userId', USER_ID_ARG) userId?: string | null,
  ): Promise<MailboxType[]> {
    const user = readableUser(principal, userId);
    const loaders = this.loaders.for(context);
    const mailboxes = await loaders.mailboxesOfUser.load(user.toHexString());
    for (const mailbox of mailboxes) loaders.mailbox.prime(mailbox._id.toHexString(), mailbox);
    return mailboxes.map(mailboxTypeFrom);
  }

  @Query(() => MailboxType, { description: 'One mailbox, by id or by path (of userId for the root token)' })
  async mailbox(
    @GqlPrincipal() principal: Principal,
    @Context() context: GraphqlContext,
    @Args('id', { type: () => ID, nullable: true }) id?: string | null,
    @Args('path', { type: () => String, nullable: true }) path?: string | null,
    @Args('userId', USER_ID_ARG) userId?: string | null,
  ): Promise<MailboxType> {
    if ((id == null) === (path == null)) {
      throw new GraphqlApiError('BAD_USER_INPUT', 'Give exactly one of id or path');
    }
    if (id != null) {
      const mailbox = await accessibleMailbox(principal, this.loaders.for(context), objectIdArg(id, 'id'));
      // With userId the mailbox must also belong to that user.
      if (userId != null && !mailbox.user.equals(readableUser(principal, userId))) {
        throw new GraphqlApiError('NOT_FOUND', 'Mailbox not found');
      }
      return mailboxTypeFrom(mailbox);
    }
    const user = readableUser(principal, userId);
    if (!path || path.length > MAX_PATH_LENGTH) {
      throw new GraphqlApiError('BAD_USER_INPUT', `path must be 1 to ${MAX_PATH_LENGTH} characters`);
    }
    return mailboxTypeFrom(await this.store.mailboxes.getByPath(user, path));
  }

  @ResolveField(() => Int, { description: 'Messages in the mailbox' })
  async total(@Parent() mailbox: MailboxType, @Context() context: GraphqlContext): Promise<number> {
    return (await this.loaders.for(context).counts.load(mailbox.id)).messages;
  }

  @ResolveField(() => Int, { description: 'Messages without \\Seen' })
  async unseen(@Parent() mailbox: MailboxType, @Context() context: GraphqlContext): Promise<number> {
    return (await this.loaders.for(context).counts.load(mailbox.id)).unseen;
  }

  @ResolveField(() => Float, { description: 'Total size of the messages in bytes' })
  async size(@Parent() mailbox: MailboxType, @Context() context: GraphqlContext): Promise<number> {
    return (await this.loaders.for(context).counts.load(mailbox.id)).size;
  }
}
