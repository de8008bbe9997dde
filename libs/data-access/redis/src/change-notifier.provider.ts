import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import type Redis from 'ioredis';
import { REDIS_CLIENT, REDIS_SUBSCRIBER } from './redis.tokens';
import { ChangeNotifier } from './notifier/change.notifier';

export const CHANGE_NOTIFIER = Symbol('CHANGE_NOTIFIER');

/** One notifier per process, over the shared publisher and subscriber connections. */
export const changeNotifierProvider = {
  provide: CHANGE_NOTIFIER,
  inject: [REDIS_CLIENT, REDIS_SUBSCRIBER, EIDER_CONFIG],
  useFactory: (publisher: Redis, subscriber: Redis, config: EiderConfig) =>
    new ChangeNotifier(publisher, subscriber, config.redis.keyPrefix),
};
