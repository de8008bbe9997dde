import { Global, Module } from '@nestjs/common';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { MailStore } from '@eider/mailstore';
import { REDIS_CLIENT } from '@eider/redis';
import type Redis from 'ioredis';
import { Accounts } from './accounts.factory';
import { AddressService } from './addresses/address.service';
import { AuthService } from './auth/auth.service';
import { CredentialService } from './credentials/credential.service';
import { AccessTokenService } from './tokens/access-token.service';
import { UserLimitsService } from './limits/user-limits.service';

/** Accounts for every edge of a process: logins, credentials and address resolution. */
@Global()
@Module({
  providers: [
    {
      provide: Accounts,
      inject: [MailStore, REDIS_CLIENT, EIDER_CONFIG],
      useFactory: (store: MailStore, redis: Redis, config: EiderConfig) =>
        new Accounts(store, redis, {
          keyPrefix: config.redis.keyPrefix,
          authFailuresPerWindow: config.limits.authFailuresPerWindow,
          authFailureWindowSeconds: config.limits.authFailureWindowSeconds,
          limitDefaults: {
            recipients: config.limits.recipientsPerDay,
            forwards: config.limits.forwardsPerDay,
            imapDownload: config.limits.imapDownloadBytesPerDay,
            pop3Download: config.limits.pop3DownloadBytesPerDay,
          },
        }),
    },
    { provide: AuthService, inject: [Accounts], useFactory: (accounts: Accounts) => accounts.auth },
    { provide: AddressService, inject: [Accounts], useFactory: (accounts: Accounts) => accounts.addresses },
    {
      provide: CredentialService,
      inject: [Accounts],
      useFactory: (accounts: Accounts) => accounts.credentials,
    },
    { provide: AccessTokenService, inject: [Accounts], useFactory: (accounts: Accounts) => accounts.tokens },
    { provide: UserLimitsService, inject: [Accounts], useFactory: (accounts: Accounts) => accounts.limits },
  ],
  exports: [Accounts, AuthService, AddressService, CredentialService, AccessTokenService, UserLimitsService],
})
export class AccountsModule {}
