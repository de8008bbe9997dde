export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
/** A second connection: a subscribed ioredis client cannot issue ordinary commands. */
export const REDIS_SUBSCRIBER = Symbol('REDIS_SUBSCRIBER');
