import { testConfig } from '@eider/testing';
import type Redis from 'ioredis';
import { createRedisClient } from './redis-client.factory';
import { NodeRegistryService } from './node-registry.service';

describe('NodeRegistryService (real Redis)', () => {
  const config = testConfig();
  let redis: Redis;

  beforeAll(() => {
    redis = createRedisClient({ url: config.redis.url, connectionName: 'node-registry-test' });
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('lists an announced node and forgets it when the node stops', async () => {
    const registry = new NodeRegistryService(redis, config);
    await registry.announce('protocols', ['imap']);
    const listed = await registry.list('protocols');
    expect(listed.map((node) => node.pid)).toContain(process.pid);
    expect(listed.find((node) => node.pid === process.pid)?.services).toEqual(['imap']);
    await registry.onModuleDestroy();
    expect((await registry.list('protocols')).map((node) => node.pid)).not.toContain(process.pid);
  });

  it('drops entries whose heartbeat expired', async () => {
    const key = `${config.redis.keyPrefix}nodes`;
    const stale = {
      id: 'protocols:gone:1',
      role: 'protocols',
      host: 'gone',
      pid: 1,
      services: [],
      startedAt: '',
      expiresAt: Date.now() - 1,
    };
    await redis.hset(key, stale.id, JSON.stringify(stale));
    const registry = new NodeRegistryService(redis, config);
    expect((await registry.list()).map((node) => node.id)).not.toContain(stale.id);
    expect(await redis.hexists(key, stale.id)).toBe(0);
  });
});
