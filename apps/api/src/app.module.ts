import { AccountsModule } from '@eider/accounts';
import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type EiderConfig } from '@eider/config';
import { nestLoggerModule } from '@eider/logging';
import { MailStoreModule } from '@eider/mailstore';
import { MongoModule } from '@eider/mongo';
import { RedisModule } from '@eider/redis';
import { HealthModule } from './health/health.module';

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
        HealthModule,
      ],
    };
  }
}
