import { Module } from '@nestjs/common';
import { AccountsModule, AuthService } from '@eider/accounts';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { MailStore } from '@eider/mailstore';
import { REDIS_CLIENT, RedisLeaseLock } from '@eider/redis';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { TlsModule } from '../tls/tls.module';
import { Pop3ListenerService } from './pop3-listener.service';
import { StorePop3Backend } from './store-pop3.backend';

/** A lease outlives short Redis hiccups yet frees a crashed process's maildrop within a minute. */
const LOCK_TTL_MS = 60_000;

/** The POP3 listener: started only when config enables it. */
@Module({
  imports: [TlsModule, AccountsModule],
  providers: [
    {
      provide: StorePop3Backend,
      inject: [MailStore, AuthService, REDIS_CLIENT, EIDER_CONFIG, PinoLogger],
      useFactory: (
        store: MailStore,
        auth: AuthService,
        redis: Redis,
        config: EiderConfig,
        logger: PinoLogger,
      ) =>
        new StorePop3Backend(store, auth, new RedisLeaseLock(redis, config.redis.keyPrefix), {
          deleteMode: config.pop3.deleteMode,
          maxMessages: config.pop3.maxMessages,
          lockTtlMs: LOCK_TTL_MS,
          onWarning: (message, fields) => logger.warn(fields, message),
        }),
    },
    Pop3ListenerService,
  ],
})
export class Pop3Module {}
