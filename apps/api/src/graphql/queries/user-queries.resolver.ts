import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ObjectId } from 'mongodb';
import { AddressService } from '@eider/accounts';
import { MailStore } from '@eider/mailstore';
import { mayAccessUser, type Principal } from '../../auth/principal';
import { decodeCursor, encodeCursor } from '../../users/cursor-paging';
import {
  connectionComplexity,
  connectionOf,
  listComplexity,
  PagingArgs,
  relayWindow,
} from '../connection/relay-paging';
import { GqlPrincipal, type GraphqlContext } from '../graphql-context';
import { GraphqlApiError } from '../graphql-errors';
import { GraphqlLoaders } from '../loaders/request-loaders';
import { assertRoot, objectIdArg } from '../mutations/graphql-access';
import { AddressType, addressTypeFrom } from '../types/address.type';
import { MailboxType, mailboxTypeFrom } from '../types/mailbox.type';
import { UserConnection, UserType, userTypeFrom } from '../types/user.type';
import { HIGHEST_ID } from './query-access';

const MAX_QUERY_LENGTH = 256;

const userCursor = (cursor: string, field: string): ObjectId => {
  const key = decodeCursor(cursor, field);
  if (!/^[0-9a-f]{24}$/.test(key))
    throw new GraphqlApiError('BAD_USER_INPUT', `${field} is not a valid cursor`);
  return new ObjectId(key);
};

@Resolver(() => UserType)
export class UserQueriesResolver {
  constructor(
    private readonly store: MailStore,
    private readonly addressService: AddressService,
    private readonly loaders: GraphqlLoaders,
  ) {}

  @Query(() => UserType, { nullable: true, description: "The token's own user; null for the root token" })
  async me(
    @GqlPrincipal() principal: Principal,
    @Context() context: GraphqlContext,
  ): Promise<UserType | null> {
    if (!principal.user) return null;
    const user = await this.loaders.for(context).user.load(principal.user.toHexString());
    return user ? userTypeFrom(user) : null;
  }

  @Query(() => UserType, {
    description: "A user by id: the token's own user, or any user for the root token",
  })
  async user(
    @GqlPrincipal() principal: Principal,
    @Context() context: GraphqlContext,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<UserType> {
    const userId = objectIdArg(id, 'id');
    if (!mayAccessUser(principal, userId)) {
      throw new GraphqlApiError('FORBIDDEN', 'This token may not access that user');
    }
    const user = await this.loaders.for(context).user.load(userId.toHexString());
    if (!user) throw new GraphqlApiError('NOT_FOUND', 'User not found');
    return userTypeFrom(user);
  }

  @Query(() => UserConnection, {
    description: 'All users by creation (root only); `query` matches username, name or an address',
    complexity: connectionComplexity,
  })
  async users(
    @GqlPrincipal() principal: Principal,
    @Context() context: GraphqlContext,
    @Args() paging: PagingArgs,
    @Args('query', { type: () => String, nullable: true }) query?: string | null,
  ): Promise<UserConnection> {
    assertRoot(principal);
    const text = query?.trim();
    if (text && text.length > MAX_QUERY_LENGTH) {
      throw new GraphqlApiError('BAD_USER_INPUT', `query must be at most ${MAX_QUERY_LENGTH} characters`);
    }
    const window = relayWindow(paging, userCursor, HIGHEST_ID);
    const alsoIds = text ? await this.addressService.userIdsMatching(text) : [];
    const page = await this.store.users.page({
      limit: window.limit,
      ...(window.after ? { after: window.after } : {}),
      ...(window.before ? { before: window.before } : {}),
      ...(text ? { query: text, alsoIds } : {}),
    });
    const loaders = this.loaders.for(context);
    for (const user of page.results) loaders.user.prime(user._id.toHexString(), user);
    return connectionOf(
      page.results,
      { total: page.total, hasNext: page.next !== null, hasPrevious: page.previous !== null },
      userTypeFrom,
      (user) => encodeCursor(user._id.toHexString()),
    );
  }

  @ResolveField(() => String, { nullable: true, description: 'The main address' })
  address(@Parent() user: UserType, @Context() context: GraphqlContext): Promise<string | null> {
    return this.loaders.for(context).mainAddress.load(user.id);
  }

  @ResolveField(() => [AddressType], {
    description: "The user's own addresses",
    complexity: listComplexity(5),
  })
  async addresses(@Parent() user: UserType): Promise<AddressType[]> {
    const documents = await this.addressService.listUserAddresses(new ObjectId(user.id));
    return documents.map(addressTypeFrom);
  }

  @ResolveField(() => [MailboxType], {
    description: "The user's mailboxes by path",
    complexity: listComplexity(10),
  })
  async mailboxes(@Parent() user: UserType, @Context() context: GraphqlContext): Promise<MailboxType[]> {
    const loaders = this.loaders.for(context);
    const mailboxes = await loaders.mailboxesOfUser.load(user.id);
    for (const mailbox of mailboxes) loaders.mailbox.prime(mailbox._id.toHexString(), mailbox);
    return mailboxes.map(mailboxTypeFrom);
  }

  @ResolveField(() => Int, { description: 'Mailboxes the user has' })
  async mailboxCount(@Parent() user: UserType, @Context() context: GraphqlContext): Promise<number> {
    return (await this.loaders.for(context).mailboxesOfUser.load(user.id)).length;
  }
}
