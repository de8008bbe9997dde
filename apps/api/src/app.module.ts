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
import { ApiExceptionFilter } from './common/api-exception.filter';
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
        DeliveryModule,
        HealthModule,
        AuthModule,
        // FEATURE MODULES (one line each, added by their owners)
      ],
      providers: [
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
