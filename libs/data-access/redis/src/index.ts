export * from './redis.tokens';
export * from './redis-client.factory';
export * from './redis-health.service';
export * from './redis.module';
export * from './node-registry.service';
export * from './notifier';
export * from './change-notifier.provider';
