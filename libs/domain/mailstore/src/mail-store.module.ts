import {
  Global,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { STORE_CAPABILITIES, ensureIndexes, type StoreCapabilities } from '@eider/mongo';
import { CHANGE_NOTIFIER, REDIS_CLIENT, type ChangeNotifier } from '@eider/redis';
import type Redis from 'ioredis';
import type { Connection } from 'mongoose';
import { PinoLogger } from 'nestjs-pino';
import { MailStore } from './mail-store.factory';
import type { CountsCacheClient } from './messages/mailbox-counts.cache';

const JOURNAL_SWEEP_MS = 60_000;
const ATTACHMENT_SWEEP_MS = 10 * 60_000;
// Orphan bodies only come from crashes, and on FerretDB a sweep reads every body document: rarely is enough.
const BODY_SWEEP_MS = 60 * 60_000;

/**
 * Housekeeping every process may run: sweeps are idempotent, so several processes sweeping the same
 * collections only repeat work, never corrupt it.
 */
@Injectable()
export class MailStoreMaintenance implements OnApplicationBootstrap, OnApplicationShutdown {
  private attachmentTimer: NodeJS.Timeout | undefined;
  private bodyTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: MailStore,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('mailstore');
  }

  async onApplicationBootstrap(): Promise<void> {
    const count = await ensureIndexes(this.store.db);
    this.logger.info({ indexes: count, backend: this.store.capabilities.backend }, 'mail store ready');
    const onError = (error: unknown) => this.logger.warn({ err: error }, 'sweep failed');
    this.store.journalSweeper.start(JOURNAL_SWEEP_MS, onError);
    this.attachmentTimer = setInterval(() => {
      void Promise.all([this.store.attachments.sweepOrphans(), this.store.attachments.sweepDead()]).catch(
        onError,
      );
    }, ATTACHMENT_SWEEP_MS);
    this.attachmentTimer.unref();
    this.bodyTimer = setInterval(() => {
      void this.store.messageBodies.sweepOrphans().catch(onError);
    }, BODY_SWEEP_MS);
    this.bodyTimer.unref();
  }

  onApplicationShutdown(): void {
    this.store.journalSweeper.stop();
    if (this.attachmentTimer) clearInterval(this.attachmentTimer);
    if (this.bodyTimer) clearInterval(this.bodyTimer);
  }
}

/** ioredis as the counts cache's client. */
export const countsCacheOn = (redis: Redis): CountsCacheClient => ({
  mget: (keys) => redis.mget(keys),
  setex: (key, ttlSeconds, value) => redis.setex(key, ttlSeconds, value),
  bump: (key, ttlSeconds) => redis.multi().incr(key).expire(key, ttlSeconds).exec(),
});

/** The one mail store of a process, shared by REST, GraphQL, IMAP, POP3 and LMTP. */
@Global()
@Module({
  providers: [
    {
      provide: MailStore,
      inject: [getConnectionToken(), STORE_CAPABILITIES, EIDER_CONFIG, CHANGE_NOTIFIER, REDIS_CLIENT],
      useFactory: (
        connection: Connection,
        capabilities: StoreCapabilities,
        config: EiderConfig,
        notifier: ChangeNotifier,
        redis: Redis,
      ) => {
        if (!connection.db) throw new Error('MongoDB connection has no database handle');
        return new MailStore(connection.db, capabilities, {
          maxMessageSize: config.limits.maxMessageSize,
          journalRetentionSeconds: config.limits.journalRetentionSeconds,
          beacons: { publish: (user, beacon) => notifier.publish(user, beacon) },
          countsCache: countsCacheOn(redis),
          cacheKeyPrefix: config.redis.keyPrefix,
        });
      },
    },
    MailStoreMaintenance,
  ],
  exports: [MailStore],
})
export class MailStoreModule {}
