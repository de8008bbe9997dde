import { Query, Resolver } from '@nestjs/graphql';
import { AddressService } from '@eider/accounts';
import { MailStore } from '@eider/mailstore';
import type { Principal } from '../../auth/principal';
import { GqlPrincipal } from '../graphql-context';
import { UserType } from './user.type';

@Resolver(() => UserType)
export class MeResolver {
  constructor(
    private readonly store: MailStore,
    private readonly addresses: AddressService,
  ) {}

  @Query(() => UserType, { nullable: true, description: "The token's own user; null for the root token" })
  async me(@GqlPrincipal() principal: Principal): Promise<UserType | null> {
    if (!principal.user) return null;
    const [user, address, mailboxes] = await Promise.all([
      this.store.users.get(principal.user),
      this.addresses.mainAddress(principal.user),
      this.store.mailboxes.list(principal.user),
    ]);
    return {
      id: user._id.toHexString(),
      username: user.username,
      name: user.name,
      address,
      disabled: user.disabled,
      quota: { allowed: user.quota, used: user.storageUsed },
      mailboxCount: mailboxes.length,
      created: user.created,
    };
  }
}
