import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { MailStore, UserChangeFeed, type UserFeedEvent } from '@eider/mailstore';
import { ObjectId } from 'mongodb';
import type { Principal } from '../../auth/principal';
import { GraphqlApiError } from '../graphql-errors';
import { objectIdArg, readableUser } from '../mutations/graphql-access';
import { ChangeFeedSubscription } from './change-feed.subscription';

export interface ChangeSubscriptionArgs {
  after?: string | null;
  mailboxId?: string | null;
  userId?: string | null;
}

export interface OpenedChangeFeed {
  user: ObjectId;
  mailboxId?: string;
}

/**
 * Opens the change feeds behind GraphQL subscriptions after the same checks as every resolver, and keeps
 * track of them so that none outlives its socket or the application.
 */
@Injectable()
export class ChangeSubscriptionFeeds implements BeforeApplicationShutdown {
  private readonly open = new Set<ChangeFeedSubscription<unknown>>();

  constructor(
    private readonly feed: UserChangeFeed,
    private readonly store: MailStore,
  ) {}

  /** Feeds currently open (tests check that unsubscribing and disconnecting close them). */
  get openCount(): number {
    return this.open.size;
  }

  async subscribe<T>(
    principal: Principal,
    args: ChangeSubscriptionArgs,
    select: (event: UserFeedEvent, opened: OpenedChangeFeed) => T | null,
  ): Promise<ChangeFeedSubscription<T>> {
    // Authorisation first, so another user's id is FORBIDDEN whether or not it exists.
    const user = readableUser(principal, args.userId);
    const after = args.after ?? undefined;
    if (after !== undefined && !UserChangeFeed.isCursor(after)) {
      throw new GraphqlApiError('BAD_USER_INPUT', 'after must be a cursor from an earlier event');
    }
    const mailbox = args.mailboxId ? objectIdArg(args.mailboxId, 'mailboxId') : undefined;
    await this.store.users.get(user);
    // A mailbox of someone else is simply not found among the user's own.
    if (mailbox) await this.store.mailboxes.getById(user, mailbox);
    const opened: OpenedChangeFeed = { user, ...(mailbox ? { mailboxId: mailbox.toHexString() } : {}) };
    const stream = await this.feed.open(user, after === undefined ? {} : { after: after.toLowerCase() });
    const subscription: ChangeFeedSubscription<T> = new ChangeFeedSubscription(
      stream,
      (event) => select(event, opened),
      () => this.open.delete(subscription),
    );
    this.open.add(subscription);
    return subscription;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.open].map((subscription) => subscription.close()));
  }
}
