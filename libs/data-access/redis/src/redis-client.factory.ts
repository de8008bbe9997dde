import Redis, { type RedisOptions } from 'ioredis';

export interface RedisConnectionSettings {
  url: string;
  connectionName: string;
}

export const createRedisClient = (settings: RedisConnectionSettings, extra: RedisOptions = {}): Redis =>
  new Redis(settings.url, {
    connectionName: settings.connectionName,
    // Fail commands quickly while disconnected instead of queueing without bound.
    maxRetriesPerRequest: 3,
    enableOfflineQueue: true,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    ...extra,
  });

/** Resolves once the client answers PING, or rejects with a one-line reason after `timeoutMs`. */
export const waitForRedis = async (client: Redis, timeoutMs = 5000): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([client.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
};
