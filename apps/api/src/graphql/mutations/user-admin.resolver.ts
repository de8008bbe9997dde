import { Args, Context, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Accounts, AddressService, CredentialService } from '@eider/accounts';
import { AutoreplyService, DeliverySettingsService, FilterService } from '@eider/delivery';
import { MailStore } from '@eider/mailstore';
import { CreateAddressSchema } from '../../addresses/address.schemas';
import type { Principal } from '../../auth/principal';
import { CreateUserSchema, UpdateUserSchema } from '../../users/user.schemas';
import { createUserAccount, deleteUserAccount, updateUserAccount } from '../../users/user-account.operations';
import { listComplexity } from '../connection/relay-paging';
import { GqlPrincipal, tokenFromHttp, type GraphqlContext } from '../graphql-context';
import { CreateUserInput, UpdateUserInput } from '../inputs/user.input';
import { AddressType, addressTypeFrom } from '../types/address.type';
import { UserType, userTypeFrom } from '../types/user.type';
import {
  USER_ID_ARG,
  assertRoot,
  objectIdArg,
  parseInput,
  withoutNulls,
  writableUser,
} from './graphql-access';

/** User and address administration: root manages accounts, a user its own name, password and addresses. */
@Resolver()
export class UserAdminResolver {
  constructor(
    private readonly store: MailStore,
    private readonly accounts: Accounts,
    private readonly addresses: AddressService,
    private readonly credentials: CredentialService,
    private readonly filters: FilterService,
    private readonly autoreplies: AutoreplyService,
    private readonly deliverySettings: DeliverySettingsService,
  ) {}

  @Mutation(() => UserType, { description: 'Create a user with the default mailboxes (root only)' })
  async createUser(
    @GqlPrincipal() principal: Principal,
    @Args('input') input: CreateUserInput,
  ): Promise<UserType> {
    assertRoot(principal);
    const body = parseInput(CreateUserSchema, withoutNulls(input));
    return userTypeFrom(await createUserAccount(this.store, this.accounts, body));
  }

  @Mutation(() => UserType, {
    description: 'Change a user: name and password (own user), quota, limits and disabled (root only)',
  })
  async updateUser(
    @GqlPrincipal() principal: Principal,
    @Context() context: GraphqlContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateUserInput,
  ): Promise<UserType> {
    const user = writableUser(principal, id);
    const body = parseInput(UpdateUserSchema, withoutNulls(input));
    const token = context.req ? (tokenFromHttp(context.req) ?? undefined) : undefined;
    await updateUserAccount(
      { store: this.store, accounts: this.accounts, credentials: this.credentials },
      user,
      body,
      principal,
      token,
    );
    return userTypeFrom(await this.store.users.get(user));
  }

  @Mutation(() => UserType, {
    description: 'Delete a user with everything it owns (root only); answers the user as it was',
  })
  async deleteUser(
    @GqlPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<UserType> {
    assertRoot(principal);
    const deleted = await deleteUserAccount(
      {
        store: this.store,
        accounts: this.accounts,
        filters: this.filters,
        autoreplies: this.autoreplies,
        deliverySettings: this.deliverySettings,
      },
      objectIdArg(id, 'id'),
    );
    return userTypeFrom(deleted);
  }

  @Mutation(() => AddressType, { description: 'Give a user an address; its first one is always main' })
  async addAddress(
    @GqlPrincipal() principal: Principal,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('address') address: string,
    @Args('main', { nullable: true, defaultValue: false }) main: boolean,
  ): Promise<AddressType> {
    const user = writableUser(principal, userId);
    const body = parseInput(CreateAddressSchema, { address, main });
    await this.store.users.get(user);
    const id = await this.addresses.addAddress(user, body.address, { main: body.main ?? false });
    return addressTypeFrom(await this.addresses.getUserAddress(user, id));
  }

  @Mutation(() => [AddressType], {
    description: "Make an address the main one; answers all of the user's addresses, as both changed",
    complexity: listComplexity(5),
  })
  async setMainAddress(
    @GqlPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<AddressType[]> {
    const user = writableUser(principal, userId);
    await this.addresses.updateUserAddress(user, objectIdArg(id, 'id'), { main: true });
    return (await this.addresses.listUserAddresses(user)).map(addressTypeFrom);
  }

  @Mutation(() => AddressType, {
    description: 'Delete an address; the main one only once it is the last. Answers it as it was',
  })
  async deleteAddress(
    @GqlPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<AddressType> {
    const user = writableUser(principal, userId);
    const addressId = objectIdArg(id, 'id');
    const document = await this.addresses.getUserAddress(user, addressId);
    await this.addresses.deleteUserAddress(user, addressId);
    return addressTypeFrom(document);
  }
}
