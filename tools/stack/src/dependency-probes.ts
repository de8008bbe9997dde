import { MongoClient } from 'mongodb';
import Redis from 'ioredis';
import { StackError } from './stack-error';

const hidePassword = (url: string): string => {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
};

export const probeMongo = async (uri: string, timeoutMs = 5000): Promise<void> => {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'unknown error';
    throw new StackError(
      `MongoDB at ${hidePassword(uri)} is unreachable (${reason}); check MONGODB_URI or mongo.uri`,
    );
  } finally {
    await client.close().catch(() => undefined);
  }
};

export const probeRedis = async (url: string, timeoutMs = 3000): Promise<boolean> => {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
};

export const assertRedisReachable = async (url: string): Promise<void> => {
  if (!(await probeRedis(url))) {
    throw new StackError(`Redis at ${hidePassword(url)} is unreachable; check REDIS_URL or redis.url`);
  }
};
