import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { APP_PASSWORD_SCOPES, CredentialService, type AppPasswordScope } from '@eider/accounts';
import { MailStore } from '@eider/mailstore';
import type { Principal } from '../../auth/principal';
import { listComplexity } from '../connection/relay-paging';
import { GqlPrincipal } from '../graphql-context';
import { GraphqlApiError } from '../graphql-errors';
import {
  ApplicationPasswordType,
  CreatedApplicationPasswordType,
  applicationPasswordTypeFrom,
} from '../types/application-password.type';
import { objectIdArg, readableUser, writableUser, USER_ID_ARG } from './graphql-access';

const MAX_DESCRIPTION = 200;

const scopesOf = (scopes: string[]): AppPasswordScope[] => {
  if (scopes.length === 0 || scopes.length > APP_PASSWORD_SCOPES.length) {
    throw new GraphqlApiError('BAD_USER_INPUT', 'scopes must name 1 to 4 services');
  }
  return scopes.map((scope) => {
    const known = APP_PASSWORD_SCOPES.find((candidate) => candidate === scope);
    if (!known)
      throw new GraphqlApiError('BAD_USER_INPUT', `scopes: ${scope} is not one of imap, pop3, smtp, *`);
    return known;
  });
};

@Resolver(() => ApplicationPasswordType)
export class ApplicationPasswordResolver {
  constructor(
    private readonly credentials: CredentialService,
    private readonly store: MailStore,
  ) {}

  @Query(() => [ApplicationPasswordType], {
    description: "The user's application passwords (never the passwords)",
    complexity: listComplexity(10),
  })
  async applicationPasswords(
    @GqlPrincipal() principal: Principal,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<ApplicationPasswordType[]> {
    const user = readableUser(principal, userId);
    await this.store.users.get(user);
    return (await this.credentials.listAppPasswords(user)).map(applicationPasswordTypeFrom);
  }

  @Mutation(() => CreatedApplicationPasswordType, {
    description: 'Create an application password; the password is shown only here',
  })
  async createApplicationPassword(
    @GqlPrincipal() principal: Principal,
    @Args('description') description: string,
    @Args('scopes', { type: () => [String], defaultValue: ['*'] }) scopes: string[],
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<CreatedApplicationPasswordType> {
    const user = writableUser(principal, userId);
    const text = description.trim();
    if (text.length === 0 || text.length > MAX_DESCRIPTION) {
      throw new GraphqlApiError('BAD_USER_INPUT', `description must be 1 to ${MAX_DESCRIPTION} characters`);
    }
    const allowed = scopesOf(scopes);
    await this.store.users.get(user);
    const created = await this.credentials.createAppPassword(user, text, allowed);
    const info = await this.credentials.getAppPassword(user, created.id);
    return { applicationPassword: applicationPasswordTypeFrom(info), password: created.password };
  }

  @Mutation(() => ApplicationPasswordType, {
    description: 'Delete an application password; logins with it stop at once',
  })
  async deleteApplicationPassword(
    @GqlPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<ApplicationPasswordType> {
    const user = writableUser(principal, userId);
    const aspId = objectIdArg(id, 'id').toHexString();
    const info = await this.credentials.getAppPassword(user, aspId);
    await this.credentials.deleteAppPassword(user, aspId);
    return applicationPasswordTypeFrom(info);
  }
}
