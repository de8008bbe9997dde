import { AccountsModule } from '@eider/accounts';
import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type EiderConfig } from '@eider/config';
import { nestLoggerModule } from '@eider/logging';
import { MailStoreModule } from '@eider/mailstore';
import { MongoModule } from '@eider/mongo';
import { RedisModule } from '@eider/redis';
import { ImapModule } from './imap/imap.module';
import { LmtpModule } from './lmtp/lmtp.module';
import { Pop3Module } from './pop3/pop3.module';
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
        AccountsModule,
        ImapModule,
        Pop3Module,
        LmtpModule,
      ],
      providers: [ReadinessService],
    };
  }
}
