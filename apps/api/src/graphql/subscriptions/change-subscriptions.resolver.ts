import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import type { Principal } from '../../auth/principal';
import { GqlPrincipal } from '../graphql-context';
import { mailboxChangeEventOf, messageChangeEventOf, type MessageChangeFilter } from './change-event.mapper';
import { MailboxChangeEventType, MessageChangeEventType, MessageChangeType } from './change-event.types';
import type { ChangeFeedSubscription } from './change-feed.subscription';
import { ChangeSubscriptionFeeds, type ChangeSubscriptionArgs } from './change-subscription-feeds.service';

const AFTER = {
  type: () => String,
  nullable: true,
  description: 'Resume after this event cursor; without it, changes from now on',
} as const;
const MAILBOX_ID = {
  type: () => ID,
  nullable: true,
  description: 'Only changes in this mailbox (24-hex id)',
};
const USER_ID = {
  type: () => ID,
  nullable: true,
  description: "Whose changes; defaults to the token's user, required with a root token",
} as const;

const passThrough = <T>(payload: T): T => payload;

/**
 * Live changes of one user's mail over graphql-ws, fed by the change journal and its Redis beacon, so a
 * change made through any process (IMAP, LMTP, another api instance) reaches every subscriber.
 */
@Resolver()
export class ChangeSubscriptionsResolver {
  constructor(private readonly feeds: ChangeSubscriptionFeeds) {}

  @Subscription(() => MailboxChangeEventType, {
    description: "Every change to the user's mailboxes and their messages, one event per change",
    resolve: passThrough,
  })
  mailboxChanged(
    @GqlPrincipal() principal: Principal,
    @Args('after', AFTER) after?: string | null,
    @Args('mailboxId', MAILBOX_ID) mailboxId?: string | null,
    @Args('userId', USER_ID) userId?: string | null,
  ): Promise<ChangeFeedSubscription<MailboxChangeEventType>> {
    return this.feeds.subscribe(principal, { after, mailboxId, userId }, (event, opened) =>
      mailboxChangeEventOf(event, opened.user.toHexString(), opened.mailboxId),
    );
  }

  @Subscription(() => MessageChangeEventType, {
    description: 'Messages stored (delivered, uploaded, copied or moved in)',
    resolve: passThrough,
  })
  messageAdded(
    @GqlPrincipal() principal: Principal,
    @Args('after', AFTER) after?: string | null,
    @Args('mailboxId', MAILBOX_ID) mailboxId?: string | null,
    @Args('userId', USER_ID) userId?: string | null,
  ): Promise<ChangeFeedSubscription<MessageChangeEventType>> {
    return this.messages(principal, { after, mailboxId, userId }, MessageChangeType.ADDED);
  }

  @Subscription(() => MessageChangeEventType, {
    description: 'Flag changes of messages',
    resolve: passThrough,
  })
  messageUpdated(
    @GqlPrincipal() principal: Principal,
    @Args('after', AFTER) after?: string | null,
    @Args('mailboxId', MAILBOX_ID) mailboxId?: string | null,
    @Args('userId', USER_ID) userId?: string | null,
  ): Promise<ChangeFeedSubscription<MessageChangeEventType>> {
    return this.messages(principal, { after, mailboxId, userId }, MessageChangeType.UPDATED);
  }

  @Subscription(() => MessageChangeEventType, {
    description: 'Messages expunged, deleted or moved out',
    resolve: passThrough,
  })
  messageRemoved(
    @GqlPrincipal() principal: Principal,
    @Args('after', AFTER) after?: string | null,
    @Args('mailboxId', MAILBOX_ID) mailboxId?: string | null,
    @Args('userId', USER_ID) userId?: string | null,
  ): Promise<ChangeFeedSubscription<MessageChangeEventType>> {
    return this.messages(principal, { after, mailboxId, userId }, MessageChangeType.REMOVED);
  }

  private messages(
    principal: Principal,
    args: ChangeSubscriptionArgs,
    type: MessageChangeFilter['type'],
  ): Promise<ChangeFeedSubscription<MessageChangeEventType>> {
    return this.feeds.subscribe(principal, args, (event, opened) =>
      messageChangeEventOf(event, opened.user.toHexString(), {
        type,
        ...(opened.mailboxId ? { mailboxId: opened.mailboxId } : {}),
      }),
    );
  }
}
