import type Redis from 'ioredis';

export interface LimitState {
  allowed: boolean;
  count: number;
  /** Seconds until the window resets; 0 when allowed. */
  retryAfterSeconds: number;
}

// INCR and the first EXPIRE in one script: a crash between them would otherwise leave a counter that
// never expires and locks its subject out for good.
const HIT_SCRIPT = `local n = redis.call('incr', KEYS[1]) if n == 1 then redis.call('expire', KEYS[1], ARGV[1]) end return {n, redis.call('ttl', KEYS[1])}`;

/** Counts events per subject in fixed windows; used for auth failures and forwarding budgets. */
export class FixedWindowLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  private key(name: string): string {
    return `${this.keyPrefix}limit:${name}`;
  }

  /** Records one event and says whether it was within the limit. */
  async hit(name: string, limit: number, windowSeconds: number): Promise<LimitState> {
    const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, this.key(name), String(windowSeconds))) as [
      number,
      number,
    ];
    return toState(count, limit, ttl);
  }

  /** The current state without recording anything. */
  async peek(name: string, limit: number): Promise<LimitState> {
    const key = this.key(name);
    const [[, value], [, ttl]] = (await this.redis.multi().get(key).ttl(key).exec()) as [
      [unknown, string | null],
      [unknown, number],
    ];
    return toState(Number(value ?? 0), limit, ttl);
  }

  async reset(name: string): Promise<void> {
    await this.redis.del(this.key(name));
  }
}

const toState = (count: number, limit: number, ttl: number): LimitState => {
  // Allowed while at or under the limit; the event that crosses it is the first one refused.
  const allowed = count <= limit;
  return { allowed, count, retryAfterSeconds: allowed ? 0 : Math.max(1, ttl) };
};
