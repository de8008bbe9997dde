import { AccountsModule } from '@eider/accounts';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ConfigModule, type EiderConfig } from '@eider/config';
import { DeliveryModule } from '@eider/delivery';
import { nestLoggerModule } from '@eider/logging';
import { MailStoreModule } from '@eider/mailstore';
import { MongoModule } from '@eider/mongo';
import { RedisModule } from '@eider/redis';
import { ZodValidationPipe } from 'nestjs-zod';
import { AuthModule } from './auth/auth.module';
import { AutoreplyModule } from './autoreply/autoreply.module';
import { FiltersModule } from './filters/filters.module';
import { SubmissionModule } from './submission/submission.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { GraphqlApiModule } from './graphql/graphql-api.module';
import { HealthModule } from './health/health.module';
import { AccountsApiModule } from './users/accounts-api.module';
import { MailboxesModule } from './mailboxes/mailboxes.module';
import { MessagesModule } from './messages/messages.module';
import { UpdatesModule } from './updates/updates.module';

@Module({})
export class AppModule {
  static forRoot(config: EiderConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        nestLoggerModule('api', config.log.level, config.log.pretty),
        MongoModule,
        RedisModule,
        MailStoreModule,
        AccountsModule,
        DeliveryModule,
        HealthModule,
        AuthModule,
        ...(config.api.graphql.enabled ? [GraphqlApiModule.forRoot()] : []),
        // FEATURE MODULES (one line each, added by their owners)
        FiltersModule,
        AutoreplyModule,
        SubmissionModule,
        AccountsApiModule,
        MailboxesModule,
        MessagesModule,
        UpdatesModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
