import type { Db } from 'mongodb';
import { JournalRepository } from './journal.repository';

export interface JournalSweeperOptions {
  /** Entries looked at per round; a sweep runs rounds until nothing expired is left. */
  batchSize?: number;
}

/**
 * Expires journal entries older than `limits.journalRetentionSeconds`, on MongoDB and FerretDB alike.
 *
 * Why not `ensureExpiry` (a TTL index on MongoDB): a TTL monitor deletes silently, and readers must be
 * able to tell that entries after their modseq are gone (QRESYNC needs "exact or JOURNAL_EXPIRED", never
 * a silently short answer). So for each mailbox the sweeper first raises the durable floor in
 * `journal_floors` to the highest modseq it is about to delete, and only then deletes every entry at or
 * below that floor. A crash between the two steps leaves a floor slightly too high (readers resync once
 * more than needed), never too low. Sweeps are idempotent, so every process may run one.
 */
export class JournalSweeper {
  private readonly repository: JournalRepository;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    db: Db,
    private readonly retentionSeconds: number,
    options: JournalSweeperOptions = {},
  ) {
    if (!Number.isFinite(retentionSeconds) || retentionSeconds <= 0) {
      throw new RangeError(`journal retention must be positive, got ${retentionSeconds}`);
    }
    this.repository = new JournalRepository(db);
    this.batchSize = options.batchSize ?? 5000;
  }

  /** Deletes entries created before `now - retention`; returns how many were deleted. */
  async sweepOnce(now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.retentionSeconds * 1000);
    let deleted = 0;
    for (;;) {
      const { ranges, scanned } = await this.repository.findExpired(cutoff, this.batchSize);
      if (ranges.length === 0) break;
      await this.repository.raiseFloors(ranges, now);
      deleted += await this.repository.deleteUpTo(ranges);
      await this.repository.compactFloors(ranges);
      // A short round means nothing expired is left (the delete also took everything it found).
      if (scanned < this.batchSize) break;
    }
    return deleted;
  }

  start(intervalMs: number, onError: (error: unknown) => void): void {
    this.stop();
    let running = false;
    this.timer = setInterval(() => {
      // Skip a tick rather than overlap sweeps when one round takes longer than the interval.
      if (running) return;
      running = true;
      this.sweepOnce()
        .catch(onError)
        .finally(() => {
          running = false;
        });
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
