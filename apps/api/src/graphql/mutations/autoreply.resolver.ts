import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AutoreplyService, type AutoreplySettings } from '@eider/delivery';
import { MailStore } from '@eider/mailstore';
import type { Principal } from '../../auth/principal';
import { sanitizeAutoreplyHtml } from '../../autoreply/autoreply-html.sanitizer';
import { GqlPrincipal } from '../graphql-context';
import { AutoreplyInput } from '../inputs/autoreply.input';
import { AutoreplyType, autoreplyTypeFrom } from '../types/autoreply.type';
import { readableUser, writableUser, USER_ID_ARG } from './graphql-access';

const changesOf = (input: AutoreplyInput): Partial<AutoreplySettings> => {
  const changes: Partial<AutoreplySettings> = {};
  if (input.enabled != null) changes.enabled = input.enabled;
  if (input.name != null) changes.name = input.name;
  if (input.subject != null) changes.subject = input.subject;
  if (input.text != null) changes.text = input.text;
  if (input.html != null) changes.html = sanitizeAutoreplyHtml(input.html);
  // An explicit null clears a date; an absent one keeps it.
  if (input.start !== undefined) changes.start = input.start;
  if (input.end !== undefined) changes.end = input.end;
  return changes;
};

@Resolver(() => AutoreplyType)
export class AutoreplyResolver {
  constructor(
    private readonly autoreplies: AutoreplyService,
    private readonly store: MailStore,
  ) {}

  @Query(() => AutoreplyType, { description: "The user's vacation responder (disabled when never set)" })
  async autoreply(
    @GqlPrincipal() principal: Principal,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<AutoreplyType> {
    const user = readableUser(principal, userId);
    await this.store.users.get(user);
    return autoreplyTypeFrom(await this.autoreplies.get(user));
  }

  @Mutation(() => AutoreplyType, { description: 'Set the vacation responder; only the given fields change' })
  async setAutoreply(
    @GqlPrincipal() principal: Principal,
    @Args('input') input: AutoreplyInput,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<AutoreplyType> {
    const user = writableUser(principal, userId);
    await this.store.users.get(user);
    return autoreplyTypeFrom(await this.autoreplies.set(user, changesOf(input)));
  }

  @Mutation(() => AutoreplyType, { description: 'Remove the vacation responder; answers the cleared state' })
  async deleteAutoreply(
    @GqlPrincipal() principal: Principal,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<AutoreplyType> {
    const user = writableUser(principal, userId);
    await this.store.users.get(user);
    await this.autoreplies.delete(user);
    return autoreplyTypeFrom(await this.autoreplies.get(user));
  }
}
