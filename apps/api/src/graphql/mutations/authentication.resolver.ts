import { Args, Context, Field, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { AccessTokenService, AuthService } from '@eider/accounts';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { Inject } from '@nestjs/common';
import { loginWithPassword } from '../../auth/password-login.operation';
import { tokenFromHttp, type GraphqlContext } from '../graphql-context';
import { GraphqlApiError } from '../graphql-errors';
import { UserType, userTypeFrom } from '../types/user.type';

@ObjectType('Authentication', { description: 'A signed-in session: the access token and whose it is' })
export class AuthenticationType {
  @Field({ description: 'Send as X-Access-Token (HTTP) or connectionParams.token (graphql-ws)' })
  token!: string;

  @Field()
  expires!: Date;

  @Field(() => UserType)
  user!: UserType;
}

/** Sign-in and sign-out, so an integrator (or the webmail) needs nothing but GraphQL. */
@Resolver()
export class AuthenticationResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly tokens: AccessTokenService,
    @Inject(EIDER_CONFIG) private readonly config: EiderConfig,
  ) {}

  @Mutation(() => AuthenticationType, {
    description:
      'Check a password (or an application password with the * scope) and issue an access token; ' +
      'failures share the IMAP and POP3 rate limit',
  })
  async authenticate(
    @Context() context: GraphqlContext,
    @Args('username') username: string,
    @Args('password') password: string,
    @Args('readOnly', { defaultValue: false }) readOnly: boolean,
  ): Promise<AuthenticationType> {
    if (username.length > 256 || password.length > 1024)
      throw new GraphqlApiError('BAD_USER_INPUT', 'username or password is too long');
    const outcome = await loginWithPassword(
      { auth: this.auth, tokens: this.tokens, config: this.config },
      { username, password, remoteAddress: context.req?.ip ?? 'unknown', issueToken: true, readOnly },
    );
    if (!outcome.ok) {
      if (outcome.reason === 'rate-limited')
        throw new GraphqlApiError('RATE_LIMITED', 'Too many failed logins; try later', {
          retryAfterSeconds: outcome.retryAfterSeconds,
        });
      throw new GraphqlApiError('UNAUTHENTICATED', 'Authentication failed');
    }
    // issueToken was asked for, so a successful login always carries one.
    const issued = outcome.token!;
    return { token: issued.token, expires: issued.expires, user: userTypeFrom(outcome.user) };
  }

  @Mutation(() => Boolean, { description: 'Revoke the access token this request was made with (HTTP only)' })
  async signOut(@Context() context: GraphqlContext): Promise<boolean> {
    const token = context.req ? tokenFromHttp(context.req) : null;
    if (!token) throw new GraphqlApiError('UNAUTHENTICATED', 'An access token is required');
    if (!(await this.tokens.revoke(token)))
      throw new GraphqlApiError('UNAUTHENTICATED', 'Invalid or expired access token');
    return true;
  }
}
