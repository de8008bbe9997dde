import type { RedisLeaseLock } from '@eider/redis';

export interface MaildropLeaseOptions {
  ttlMs: number;
  /** Called when a renewal fails: the session may no longer commit. */
  onLost?: () => void;
}

/**
 * Exclusive access to one maildrop across every process: a Redis lease renewed while the session
 * lives, so a crashed process blocks the maildrop for at most one lease.
 */
export class MaildropLease {
  private timer: NodeJS.Timeout | undefined;
  private lost = false;
  private released = false;

  private constructor(
    private readonly locks: RedisLeaseLock,
    private readonly name: string,
    private readonly token: string,
    private readonly options: MaildropLeaseOptions,
  ) {}

  static async acquire(
    locks: RedisLeaseLock,
    name: string,
    options: MaildropLeaseOptions,
  ): Promise<MaildropLease | null> {
    const token = await locks.acquire(name, options.ttlMs);
    if (token === null) return null;
    const lease = new MaildropLease(locks, name, token, options);
    lease.schedule();
    return lease;
  }

  get isLost(): boolean {
    return this.lost;
  }

  /** Renews now; false when the lease had already lapsed (someone else may hold it). */
  async confirm(): Promise<boolean> {
    if (this.lost || this.released) return false;
    const renewed = await this.locks.renew(this.name, this.token, this.options.ttlMs);
    if (!renewed) this.markLost();
    return renewed;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (this.timer) clearInterval(this.timer);
    if (!this.lost) await this.locks.release(this.name, this.token);
  }

  private schedule(): void {
    this.timer = setInterval(
      () => {
        // A failed renewal (Redis down) is not proof the lease is gone; the next one or commit decides.
        void this.confirm().catch(() => undefined);
      },
      Math.max(1000, Math.floor(this.options.ttlMs / 3)),
    );
    this.timer.unref();
  }

  private markLost(): void {
    if (this.lost) return;
    this.lost = true;
    if (this.timer) clearInterval(this.timer);
    this.options.onLost?.();
  }
}
