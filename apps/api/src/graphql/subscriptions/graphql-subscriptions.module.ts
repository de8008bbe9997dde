import { Module } from '@nestjs/common';
import { UpdatesModule } from '../../updates/updates.module';
import { MailboxChangeEventResolver, MessageChangeEventResolver } from './change-event-fields.resolver';
import { ChangeSubscriptionFeeds } from './change-subscription-feeds.service';
import { ChangeSubscriptionsResolver } from './change-subscriptions.resolver';

/** GraphQL subscriptions over the same user change feed as the REST updates stream. */
@Module({
  imports: [UpdatesModule],
  providers: [
    ChangeSubscriptionFeeds,
    ChangeSubscriptionsResolver,
    MessageChangeEventResolver,
    MailboxChangeEventResolver,
  ],
})
export class GraphqlSubscriptionsModule {}
