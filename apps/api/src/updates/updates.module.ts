import { Logger, Module } from '@nestjs/common';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { MailStore, UserChangeFeed } from '@eider/mailstore';
import { CHANGE_NOTIFIER, type ChangeNotifier } from '@eider/redis';
import { UPDATES_HEARTBEAT_MS, UpdatesController } from './updates.controller';

const HEARTBEAT_MS = 20_000;

@Module({
  controllers: [UpdatesController],
  providers: [
    {
      provide: UserChangeFeed,
      inject: [MailStore, CHANGE_NOTIFIER, EIDER_CONFIG],
      useFactory: (store: MailStore, notifier: ChangeNotifier, config: EiderConfig) => {
        const logger = new Logger('updates');
        return new UserChangeFeed(store.db, notifier, {
          retentionSeconds: config.limits.journalRetentionSeconds,
          onError: (error: unknown) => logger.warn(`change feed read failed: ${String(error)}`),
        });
      },
    },
    { provide: UPDATES_HEARTBEAT_MS, useValue: HEARTBEAT_MS },
  ],
  exports: [UserChangeFeed],
})
export class UpdatesModule {}
