import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { ObjectId } from 'mongodb';
import { FilterService, type FilterAction, type FilterQuery } from '@eider/delivery';
import { MailStore } from '@eider/mailstore';
import type { Principal } from '../../auth/principal';
import { listComplexity } from '../connection/relay-paging';
import { GqlPrincipal } from '../graphql-context';
import {
  FilterActionInput,
  FilterQueryInput,
  CreateFilterInput,
  UpdateFilterInput,
} from '../inputs/filter.input';
import { FilterType, filterTypeFrom } from '../types/filter.type';
import { objectIdArg, readableUser, withoutNulls, writableUser, USER_ID_ARG } from './graphql-access';

const queryOf = (input: FilterQueryInput): FilterQuery => {
  const { hasAttachments, ...rest } = withoutNulls(input);
  return { ...rest, ...(hasAttachments !== undefined ? { ha: hasAttachments } : {}) };
};

const actionOf = (input: FilterActionInput): FilterAction => withoutNulls(input);

@Resolver(() => FilterType)
export class FilterResolver {
  constructor(
    private readonly filterService: FilterService,
    private readonly store: MailStore,
  ) {}

  @Query(() => [FilterType], {
    description: "The user's filters in evaluation order",
    complexity: listComplexity(20),
  })
  async filters(
    @GqlPrincipal() principal: Principal,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<FilterType[]> {
    const user = readableUser(principal, userId);
    await this.store.users.get(user);
    return (await this.filterService.list(user)).map(filterTypeFrom);
  }

  @Query(() => FilterType, { description: 'One filter of the user' })
  async filter(
    @GqlPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<FilterType> {
    const user = readableUser(principal, userId);
    return filterTypeFrom(await this.filterService.get(user, objectIdArg(id, 'id')));
  }

  @Mutation(() => FilterType, { description: 'Create a filter; it is evaluated after the existing ones' })
  async createFilter(
    @GqlPrincipal() principal: Principal,
    @Args('input') input: CreateFilterInput,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<FilterType> {
    const user = writableUser(principal, userId);
    await this.store.users.get(user);
    const action = actionOf(input.action);
    await this.assertOwnMailbox(user, action);
    const created = await this.filterService.create(user, {
      query: queryOf(input.query),
      action,
      ...(input.name != null ? { name: input.name } : {}),
      ...(input.disabled != null ? { disabled: input.disabled } : {}),
    });
    return filterTypeFrom(created);
  }

  @Mutation(() => FilterType, {
    description: 'Change a filter; a given query or action replaces the stored one',
  })
  async updateFilter(
    @GqlPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateFilterInput,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<FilterType> {
    const user = writableUser(principal, userId);
    const filterId = objectIdArg(id, 'id');
    const action = input.action ? actionOf(input.action) : undefined;
    if (action) await this.assertOwnMailbox(user, action);
    const updated = await this.filterService.update(user, filterId, {
      ...(input.name != null ? { name: input.name } : {}),
      ...(input.query ? { query: queryOf(input.query) } : {}),
      ...(action ? { action } : {}),
      ...(input.disabled != null ? { disabled: input.disabled } : {}),
    });
    return filterTypeFrom(updated);
  }

  @Mutation(() => FilterType, { description: 'Delete a filter; answers the filter as it was' })
  async deleteFilter(
    @GqlPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<FilterType> {
    const user = writableUser(principal, userId);
    const filterId = objectIdArg(id, 'id');
    const filter = await this.filterService.get(user, filterId);
    await this.filterService.delete(user, filterId);
    return filterTypeFrom(filter);
  }

  /** A filter may only file into the user's own mailboxes; another user's mailbox id is NOT_FOUND. */
  private async assertOwnMailbox(user: ObjectId, action: FilterAction): Promise<void> {
    if (action.mailbox === undefined) return;
    await this.store.mailboxes.getById(user, objectIdArg(action.mailbox, 'action.mailbox'));
  }
}
