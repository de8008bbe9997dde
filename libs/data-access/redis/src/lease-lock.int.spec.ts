import { testConfig } from '@eider/testing';
import type Redis from 'ioredis';
import { FixedWindowLimiter } from './fixed-window.limiter';
import { RedisLeaseLock } from './lease-lock';
import { createRedisClient } from './redis-client.factory';

describe('RedisLeaseLock and FixedWindowLimiter (real Redis)', () => {
  const config = testConfig();
  const prefix = `${config.redis.keyPrefix}lock-test:${process.pid}:`;
  let redis: Redis;

  beforeAll(() => {
    redis = createRedisClient({ url: config.redis.url, connectionName: 'lease-lock-test' });
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('grants one holder at a time and only the holder may release', async () => {
    const lock = new RedisLeaseLock(redis, prefix);
    const first = await lock.acquire('maildrop:a', 10_000);
    expect(first).toEqual(expect.any(String));
    expect(await lock.acquire('maildrop:a', 10_000)).toBeNull();
    await lock.release('maildrop:a', 'not-the-token');
    expect(await lock.acquire('maildrop:a', 10_000)).toBeNull();
    expect(await lock.renew('maildrop:a', first!, 10_000)).toBe(true);
    expect(await lock.renew('maildrop:a', 'not-the-token', 10_000)).toBe(false);
    await lock.release('maildrop:a', first!);
    expect(await lock.acquire('maildrop:a', 10_000)).toEqual(expect.any(String));
  });

  it('frees a lock whose holder stopped renewing', async () => {
    const lock = new RedisLeaseLock(redis, prefix);
    expect(await lock.acquire('maildrop:b', 150)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await lock.acquire('maildrop:b', 150)).not.toBeNull();
  });

  it('refuses the event that crosses the limit and reports when to retry', async () => {
    const limiter = new FixedWindowLimiter(redis, prefix);
    const states = [];
    for (let i = 0; i < 4; i += 1) states.push(await limiter.hit('auth:user:x', 3, 60));
    expect(states.map((state) => state.allowed)).toEqual([true, true, true, false]);
    expect(states[3]!.retryAfterSeconds).toBeGreaterThan(0);
    expect(states[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await limiter.peek('auth:user:x', 3)).allowed).toBe(false);
    await limiter.reset('auth:user:x');
    expect(await limiter.peek('auth:user:x', 3)).toEqual({ allowed: true, count: 0, retryAfterSeconds: 0 });
  });
});
