import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { MailStore } from '@eider/mailstore';
import type { Principal } from '../../auth/principal';
import { CreateMailboxSchema } from '../../mailboxes/mailbox.schemas';
import { GqlPrincipal } from '../graphql-context';
import { MailboxType, mailboxTypeFrom } from '../types/mailbox.type';
import { USER_ID_ARG, objectIdArg, parseInput, writableUser } from './graphql-access';

@Resolver(() => MailboxType)
export class MailboxMutationsResolver {
  constructor(private readonly store: MailStore) {}

  @Mutation(() => MailboxType, {
    description: 'Create a mailbox (and any missing parents); CONFLICT when it exists',
  })
  async createMailbox(
    @GqlPrincipal() principal: Principal,
    @Args('path', { description: 'Full path with "/" between levels, e.g. "Work/Reports"' }) path: string,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<MailboxType> {
    const user = writableUser(principal, userId);
    const body = parseInput(CreateMailboxSchema, { path });
    return mailboxTypeFrom(await this.store.mailboxes.create(user, body.path));
  }

  @Mutation(() => MailboxType, { description: 'Rename a mailbox together with everything below it' })
  async renameMailbox(
    @GqlPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('path', { description: 'The new full path' }) path: string,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<MailboxType> {
    const user = writableUser(principal, userId);
    const mailboxId = objectIdArg(id, 'id');
    const body = parseInput(CreateMailboxSchema, { path });
    const mailbox = await this.store.mailboxes.getById(user, mailboxId);
    if (body.path === mailbox.path) return mailboxTypeFrom(mailbox);
    return mailboxTypeFrom(await this.store.mailboxes.rename(user, mailbox.path, body.path));
  }

  @Mutation(() => MailboxType, {
    description:
      'Delete a mailbox and its messages; INBOX and special-use mailboxes are refused. Answers it as it was',
  })
  async deleteMailbox(
    @GqlPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<MailboxType> {
    const user = writableUser(principal, userId);
    const mailbox = await this.store.mailboxes.getById(user, objectIdArg(id, 'id'));
    await this.store.mailboxes.delete(user, mailbox.path, { allowSpecialUse: false });
    await this.store.allocator.forgetMailbox(mailbox._id);
    return mailboxTypeFrom(mailbox);
  }
}
