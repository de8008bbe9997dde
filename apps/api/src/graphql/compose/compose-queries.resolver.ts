import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { MailStore } from '@eider/mailstore';
import type { Principal } from '../../auth/principal';
import { GqlPrincipal } from '../graphql-context';
import { GraphqlApiError } from '../graphql-errors';
import { USER_ID_ARG, readableUser } from '../mutations/graphql-access';
import { collectContacts } from './contact-collector';
import { ComposeLimitsType, ContactType } from './contact.type';

/** How many of the newest messages address suggestions look at: enough for habits, bounded in cost. */
export const CONTACT_SAMPLE_SIZE = 2000;
const MAX_CONTACTS = 50;
const MAX_QUERY_LENGTH = 256;
// base64 turns 3 bytes into 4; the rest of the JSON (body, addresses) needs room under the body limit too.
const JSON_OVERHEAD_BYTES = 1024 * 1024;

/** What the composer needs beyond messages: address suggestions and size limits. */
@Resolver()
export class ComposeQueriesResolver {
  constructor(
    private readonly store: MailStore,
    @Inject(EIDER_CONFIG) private readonly config: EiderConfig,
  ) {}

  @Query(() => [ContactType], {
    description: `Addresses the user recently wrote to or heard from (the newest ${CONTACT_SAMPLE_SIZE} messages), matching the query in name or address`,
  })
  async contacts(
    @GqlPrincipal() principal: Principal,
    @Args('query', { type: () => String }) query: string,
    @Args('first', { type: () => Int, defaultValue: 10, description: `At most ${MAX_CONTACTS}` })
    first: number,
    @Args('userId', USER_ID_ARG) userId?: string,
  ): Promise<ContactType[]> {
    const user = readableUser(principal, userId);
    if (query.length > MAX_QUERY_LENGTH) {
      throw new GraphqlApiError('BAD_USER_INPUT', `query must be at most ${MAX_QUERY_LENGTH} characters`);
    }
    if (first < 1 || first > MAX_CONTACTS) {
      throw new GraphqlApiError('BAD_USER_INPUT', `first must be between 1 and ${MAX_CONTACTS}`);
    }
    const samples = await this.store.listing.recentEnvelopes(user, CONTACT_SAMPLE_SIZE);
    return collectContacts(samples, query, first);
  }

  @Query(() => ComposeLimitsType, { description: 'Size limits for composing and attaching' })
  composeLimits(): ComposeLimitsType {
    const { maxMessageSize } = this.config.limits;
    const bodyAllows = Math.floor(((this.config.api.maxBodyBytes - JSON_OVERHEAD_BYTES) * 3) / 4);
    return { maxMessageSize, maxAttachmentBytes: Math.max(0, Math.min(maxMessageSize, bodyAllows)) };
  }
}
