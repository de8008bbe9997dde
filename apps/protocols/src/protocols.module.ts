import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type EiderConfig } from '@eider/config';
import { nestLoggerModule } from '@eider/logging';
import { MailStoreModule } from '@eider/mailstore';
import { MongoModule } from '@eider/mongo';
import { RedisModule } from '@eider/redis';
import { ReadinessService } from './readiness/readiness.service';

@Module({})
export class ProtocolsModule {
  static forRoot(config: EiderConfig): DynamicModule {
    return {
      module: ProtocolsModule,
      imports: [
        ConfigModule.forRoot(config),
        nestLoggerModule('protocols', config.log.level, config.log.pretty),
        MongoModule,
        RedisModule,
        MailStoreModule,
      ],
      providers: [ReadinessService],
    };
  }
}
