import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import type Redis from 'ioredis';
import { createRedisClient } from './redis-client.factory';
import { NodeRegistryService } from './node-registry.service';
import { CHANGE_NOTIFIER, changeNotifierProvider } from './change-notifier.provider';
import { RedisHealthService } from './redis-health.service';
import { REDIS_CLIENT, REDIS_SUBSCRIBER } from './redis.tokens';

const requireUrl = (config: EiderConfig): string => {
  if (!config.redis.url) throw new Error('redis.url is not set; the launcher normally provides it');
  return config.redis.url;
};

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [EIDER_CONFIG],
      useFactory: (config: EiderConfig) =>
        createRedisClient({ url: requireUrl(config), connectionName: 'eider' }),
    },
    {
      provide: REDIS_SUBSCRIBER,
      inject: [EIDER_CONFIG],
      useFactory: (config: EiderConfig) =>
        createRedisClient({ url: requireUrl(config), connectionName: 'eider-subscriber' }),
    },
    RedisHealthService,
    NodeRegistryService,
    changeNotifierProvider,
  ],
  exports: [REDIS_CLIENT, REDIS_SUBSCRIBER, RedisHealthService, NodeRegistryService, CHANGE_NOTIFIER],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CLIENT) private readonly client: Redis,
    @Inject(REDIS_SUBSCRIBER) private readonly subscriber: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.client.quit(), this.subscriber.quit()]);
  }
}
