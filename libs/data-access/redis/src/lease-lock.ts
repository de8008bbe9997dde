import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';

// Compare-and-act scripts: only the holder of the token may renew or release, so a holder whose lease
// expired (a paused process) can never free a lock someone else has since taken.
const RENEW_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A lock with a lease: it frees itself when its holder dies, so a crashed process never blocks a mailbox
 * for longer than one lease. Holders renew well before the lease runs out.
 */
export class RedisLeaseLock {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  private key(name: string): string {
    return `${this.keyPrefix}lock:${name}`;
  }

  /** A token proving ownership, or null while someone else holds the lock. */
  async acquire(name: string, ttlMs: number): Promise<string | null> {
    const token = randomBytes(12).toString('hex');
    const result = await this.redis.set(this.key(name), token, 'PX', ttlMs, 'NX');
    return result === 'OK' ? token : null;
  }

  async renew(name: string, token: string, ttlMs: number): Promise<boolean> {
    const result = await this.redis.eval(RENEW_SCRIPT, 1, this.key(name), token, String(ttlMs));
    return result === 1;
  }

  async release(name: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, this.key(name), token);
  }
}
