import { ObjectId, type AnyBulkWriteOperation, type Collection, type Db, type Filter } from 'mongodb';
import {
  JOURNAL_COLLECTION,
  JOURNAL_FLOORS_COLLECTION,
  type JournalEntry,
  type JournalFloorDocument,
  type JournalPosition,
} from './journal.types';
import type { JournalBlockReader } from './journal-block.reader';

/** What a sweep found for one mailbox: the highest modseq among its expired entries. */
export interface ExpiredRange {
  mailbox: ObjectId;
  user: ObjectId;
  maxModseq: number;
}

/**
 * Raw reads and writes on `journal` and `journal_floors`. No policy here: ordering of the floor update
 * before the delete, and of the entry read before the floor read, lives in the sweeper and the service.
 */
export class JournalRepository {
  readonly entries: Collection<JournalEntry>;
  readonly floors: Collection<JournalFloorDocument>;

  constructor(
    db: Db,
    private readonly blockReader?: JournalBlockReader,
  ) {
    this.entries = db.collection<JournalEntry>(JOURNAL_COLLECTION);
    this.floors = db.collection<JournalFloorDocument>(JOURNAL_FLOORS_COLLECTION);
  }

  async insertOrdered(entries: JournalEntry[]): Promise<void> {
    await this.entries.insertMany(entries, { ordered: true });
  }

  /** Entries strictly after `position`, ordered by (modseq, _id). */
  async findAfter(mailbox: ObjectId, position: JournalPosition, limit: number): Promise<JournalEntry[]> {
    const byBlocks = await this.blockReader?.findAfter(mailbox, position, limit);
    if (byBlocks) return byBlocks;
    const after: Filter<JournalEntry> = position.id
      ? {
          $or: [{ modseq: { $gt: position.modseq } }, { modseq: position.modseq, _id: { $gt: position.id } }],
        }
      : { modseq: { $gt: position.modseq } };
    return this.entries
      .find({ mailbox, ...after })
      .sort({ modseq: 1, _id: 1 })
      .limit(limit)
      .toArray();
  }

  /** The mailbox's expiry floor (the highest of its floor records), 0 when nothing was ever swept. */
  async readFloor(mailbox: ObjectId): Promise<number> {
    const floor = await this.floors.find({ mailbox }).sort({ expiredUpTo: -1 }).limit(1).next();
    return floor ? Number(floor.expiredUpTo) : 0;
  }

  /** Up to `limit` expired entries, reduced to the highest modseq per mailbox. */
  async findExpired(cutoff: Date, limit: number): Promise<{ ranges: ExpiredRange[]; scanned: number }> {
    const expired = await this.entries
      .find({ created: { $lt: cutoff } }, { projection: { mailbox: 1, user: 1, modseq: 1 } })
      .limit(limit)
      .toArray();
    const byMailbox = new Map<string, ExpiredRange>();
    for (const entry of expired) {
      const key = entry.mailbox.toHexString();
      const known = byMailbox.get(key);
      if (!known) byMailbox.set(key, { mailbox: entry.mailbox, user: entry.user, maxModseq: entry.modseq });
      else if (entry.modseq > known.maxModseq) known.maxModseq = entry.modseq;
    }
    return { ranges: [...byMailbox.values()], scanned: expired.length };
  }

  /**
   * Raises each mailbox's floor to at least the range's modseq. Floors are insert-only records, and the
   * floor is their maximum: a `$max` update would be a lost-update race on FerretDB (whose updates are
   * read-modify-write), letting a slower sweeper lower a floor that a faster one already deleted under.
   */
  async raiseFloors(ranges: ExpiredRange[], now: Date): Promise<void> {
    if (ranges.length === 0) return;
    await this.floors.insertMany(
      ranges.map((range) => ({
        _id: new ObjectId(),
        mailbox: range.mailbox,
        user: range.user,
        expiredUpTo: range.maxModseq,
        created: now,
      })),
      { ordered: false },
    );
  }

  /**
   * Removes floor records below the given ones. Safe to race: a record is only removed when a higher one
   * for the same mailbox exists, so the maximum is never removed.
   */
  async compactFloors(ranges: ExpiredRange[]): Promise<void> {
    if (ranges.length === 0) return;
    const operations: AnyBulkWriteOperation<JournalFloorDocument>[] = ranges.map((range) => ({
      deleteMany: { filter: { mailbox: range.mailbox, expiredUpTo: { $lt: range.maxModseq } } },
    }));
    await this.floors.bulkWrite(operations, { ordered: false });
  }

  /** Deletes every entry at or below each range's modseq: all of them are under the floor by now. */
  async deleteUpTo(ranges: ExpiredRange[]): Promise<number> {
    if (ranges.length === 0) return 0;
    const operations: AnyBulkWriteOperation<JournalEntry>[] = ranges.map((range) => ({
      deleteMany: { filter: { mailbox: range.mailbox, modseq: { $lte: range.maxModseq } } },
    }));
    const result = await this.entries.bulkWrite(operations, { ordered: false });
    return result.deletedCount;
  }

  /** Forgets a deleted mailbox's journal and floor. */
  async dropMailbox(mailbox: ObjectId): Promise<void> {
    await this.entries.deleteMany({ mailbox });
    await this.floors.deleteMany({ mailbox });
  }
}
