import type Redis from 'ioredis';
import type { ObjectId } from 'mongodb';
import type { UserDocument, UserLimitKind } from '@eider/mailstore';

export const USER_LIMIT_KINDS: readonly UserLimitKind[] = [
  'recipients',
  'forwards',
  'imapDownload',
  'pop3Download',
];

export type UserLimitDefaults = Record<UserLimitKind, number>;

export interface LimitUsage {
  /** The budget for the window; 0 means unlimited. */
  allowed: number;
  used: number;
  /** Seconds until the window resets (0 when nothing was counted yet). */
  ttl: number;
}

export const LIMIT_WINDOW_SECONDS = 24 * 3600;

// Adds only when the sum stays within the budget, so a refused request consumes nothing.
const CONSUME_SCRIPT = `
local used = tonumber(redis.call('get', KEYS[1]) or '0')
local amount = tonumber(ARGV[1])
local allowed = tonumber(ARGV[2])
if allowed > 0 and used + amount > allowed then return {0, used, redis.call('ttl', KEYS[1])} end
local n = redis.call('incrby', KEYS[1], amount)
if redis.call('ttl', KEYS[1]) < 0 then redis.call('expire', KEYS[1], ARGV[3]) end
return {1, n, redis.call('ttl', KEYS[1])}`;

type LimitedUser = Pick<UserDocument, '_id' | 'limits'>;

/**
 * Rolling daily budgets per user, counted in Redis. Redis holds only counters: losing them resets the
 * day's usage, never any mail.
 */
export class UserLimitsService {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly defaults: UserLimitDefaults,
  ) {}

  private key(user: ObjectId, kind: UserLimitKind): string {
    return `${this.keyPrefix}limits:${kind}:${user.toHexString()}`;
  }

  allowed(user: LimitedUser, kind: UserLimitKind): number {
    return user.limits?.[kind] ?? this.defaults[kind];
  }

  async usage(user: LimitedUser): Promise<Record<UserLimitKind, LimitUsage>> {
    const pipeline = this.redis.multi();
    for (const kind of USER_LIMIT_KINDS) pipeline.get(this.key(user._id, kind)).ttl(this.key(user._id, kind));
    const replies = ((await pipeline.exec()) ?? []).map(([, value]) => value);
    const result = {} as Record<UserLimitKind, LimitUsage>;
    USER_LIMIT_KINDS.forEach((kind, index) => {
      const ttl = Number(replies[index * 2 + 1] ?? -2);
      result[kind] = {
        allowed: this.allowed(user, kind),
        used: Number(replies[index * 2] ?? 0),
        ttl: ttl > 0 ? ttl : 0,
      };
    });
    return result;
  }

  /** Counts `amount` against the budget when it fits; a refusal changes nothing. */
  async consume(
    user: LimitedUser,
    kind: UserLimitKind,
    amount: number,
  ): Promise<LimitUsage & { ok: boolean }> {
    const allowed = this.allowed(user, kind);
    const [ok, used, ttl] = (await this.redis.eval(
      CONSUME_SCRIPT,
      1,
      this.key(user._id, kind),
      String(amount),
      String(allowed),
      String(LIMIT_WINDOW_SECONDS),
    )) as [number, number, number];
    return { ok: ok === 1, allowed, used, ttl: ttl > 0 ? ttl : 0 };
  }

  async reset(user: ObjectId, kind?: UserLimitKind): Promise<void> {
    const kinds = kind ? [kind] : USER_LIMIT_KINDS;
    await this.redis.del(...kinds.map((each) => this.key(user, each)));
  }
}
