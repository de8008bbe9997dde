import {
  Global,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { hostname } from 'node:os';
import { AccountsModule, AddressService } from '@eider/accounts';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { MailStore } from '@eider/mailstore';
import { REDIS_CLIENT } from '@eider/redis';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { AutoreplyService } from './autoreply/autoreply.service';
import { Delivery } from './delivery.factory';
import { FilterService } from './filters/filter.service';
import { DeliveryService } from './pipeline/delivery.service';
import { DeliverySettingsService } from './settings/delivery-settings.service';

/** The delivery options a process derives from its config. */
export const deliveryOptionsFrom = (config: EiderConfig) => ({
  hostname: config.lmtp.hostname || hostname(),
  maxMessageSize: config.limits.maxMessageSize,
  spam: config.lmtp.spam,
  forwardsPerUserPerHour: config.lmtp.forwardsPerUserPerHour,
  autoreplyIntervalSeconds: config.lmtp.autoreplyIntervalSeconds,
  keyPrefix: config.redis.keyPrefix,
  relayUrl: config.lmtp.relay.url,
  relayFrom: config.lmtp.relay.from,
});

@Injectable()
export class DeliveryLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly delivery: Delivery,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('delivery');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.delivery.ensureIndexes();
    if (!this.delivery.sender.relayEnabled) {
      this.logger.info('lmtp.relay.url is empty: forwarding and autoreplies are disabled');
    }
  }

  onApplicationShutdown(): void {
    this.delivery.close();
  }
}

/** Delivery for the processes that receive mail (LMTP today). */
@Global()
@Module({
  imports: [AccountsModule],
  providers: [
    {
      provide: Delivery,
      inject: [MailStore, REDIS_CLIENT, EIDER_CONFIG, AddressService, PinoLogger],
      useFactory: (
        store: MailStore,
        redis: Redis,
        config: EiderConfig,
        addresses: AddressService,
        logger: PinoLogger,
      ) => {
        logger.setContext('delivery');
        return new Delivery(store, redis, addresses, { ...deliveryOptionsFrom(config), log: logger });
      },
    },
    { provide: DeliveryService, inject: [Delivery], useFactory: (delivery: Delivery) => delivery.service },
    { provide: FilterService, inject: [Delivery], useFactory: (delivery: Delivery) => delivery.filters },
    {
      provide: AutoreplyService,
      inject: [Delivery],
      useFactory: (delivery: Delivery) => delivery.autoreplies,
    },
    {
      provide: DeliverySettingsService,
      inject: [Delivery],
      useFactory: (delivery: Delivery) => delivery.settings,
    },
    DeliveryLifecycle,
  ],
  exports: [Delivery, DeliveryService, FilterService, AutoreplyService, DeliverySettingsService],
})
export class DeliveryModule {}
