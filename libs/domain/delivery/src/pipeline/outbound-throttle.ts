import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { FixedWindowLimiter } from '@eider/redis';

const digest = (value: string): string =>
  createHash('sha256').update(value.normalize('NFC').toLowerCase()).digest('hex').slice(0, 32);

/** Rate limits for mail sent on a user's behalf; Redis holds them because they are limits, not data. */
export class OutboundThrottle {
  private readonly limiter: FixedWindowLimiter;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    this.limiter = new FixedWindowLimiter(redis, keyPrefix);
  }

  /** Counts one forward for `subject` (a user id or a forwarded address); false once the hourly budget is spent. */
  async allowForward(subject: string, perHour: number): Promise<boolean> {
    return (await this.limiter.hit(`forward:${subject}`, perHour, 3600)).allowed;
  }

  /** One autoreply per sender per interval: true only for the first caller in the window. */
  async claimAutoreply(userId: string, sender: string, intervalSeconds: number): Promise<boolean> {
    const key = `${this.keyPrefix}autoreply:${userId}:${digest(sender)}`;
    return (await this.redis.set(key, '1', 'EX', intervalSeconds, 'NX')) === 'OK';
  }
}
