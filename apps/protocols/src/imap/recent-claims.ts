import type Redis from 'ioredis';

// Claims survive a month of silence; a mailbox nobody opened for that long has nothing "recent" left.
const CLAIM_TTL_SECONDS = 30 * 24 * 3600;
const CLAIM_SCRIPT = `local old = tonumber(redis.call('get', KEYS[1]) or '0')
local new = tonumber(ARGV[1])
if new > old then redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return old`;

/**
 * IMAP4rev1 \Recent: a message is recent in exactly one session, the first to learn of it. With
 * sessions spread over many processes, one Redis counter per mailbox records the highest UID already
 * handed out as recent; claiming is one atomic script. Losing the counter (a Redis wipe) only makes
 * old messages recent once more, which is why Redis may hold it alone.
 */
export class RecentClaims {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  private key(mailboxId: string): string {
    return `${this.keyPrefix}recent:${mailboxId}`;
  }

  /** Marks every UID up to `uptoUid` as claimed; returns the previous high-water mark. */
  async claim(mailboxId: string, uptoUid: number): Promise<number> {
    const old = await this.redis.eval(
      CLAIM_SCRIPT,
      1,
      this.key(mailboxId),
      String(uptoUid),
      String(CLAIM_TTL_SECONDS),
    );
    return Number(old);
  }

  /** The high-water mark without claiming (EXAMINE, STATUS). */
  async peek(mailboxId: string): Promise<number> {
    return Number((await this.redis.get(this.key(mailboxId))) ?? 0);
  }
}
