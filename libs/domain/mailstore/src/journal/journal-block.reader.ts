import type { Collection, Db, ObjectId } from 'mongodb';
import type { IndexedEquality } from '../model/equality-index.probe';
import {
  JOURNAL_COLLECTION,
  journalBlockOf,
  MAILBOXES_COLLECTION,
  type JournalEntry,
  type JournalPosition,
} from './journal.types';

interface MailboxBlockMark {
  _id: ObjectId;
  /** Every journal entry of the mailbox from this modseq on carries `modseqBlock`. */
  journalBlocksFrom?: number;
}

const isAfter = (entry: JournalEntry, position: JournalPosition): boolean =>
  entry.modseq > position.modseq ||
  (position.id !== undefined &&
    entry.modseq === position.modseq &&
    entry._id.toHexString() > position.id.toHexString());

const inJournalOrder = (a: JournalEntry, b: JournalEntry): number =>
  a.modseq - b.modseq || a._id.toHexString().localeCompare(b._id.toHexString());

/**
 * FerretDB pushes only equality down, so `{mailbox, modseq: {$gt}}` decodes every entry the mailbox kept
 * (14 days of them by default) on every command of every session. Entries carry `modseqBlock` (64
 * modseqs), and this reads the blocks from the reader's position up to the mailbox's newest modseq, each
 * one indexed equality query. It answers only where that is exact: the store indexes the equality, and
 * the position is at or above the mailbox's mark (entries written before blocks existed have none).
 * Otherwise it returns null and the caller scans as before.
 */
export class JournalBlockReader {
  private readonly entries: Collection<JournalEntry>;
  private readonly mailboxes: Collection<MailboxBlockMark>;
  private readonly marks = new Map<string, number>();

  constructor(
    db: Db,
    private readonly highestModseq: (mailbox: ObjectId) => Promise<number>,
    private readonly equality: IndexedEquality,
  ) {
    this.entries = db.collection<JournalEntry>(JOURNAL_COLLECTION);
    this.mailboxes = db.collection<MailboxBlockMark>(MAILBOXES_COLLECTION);
  }

  async findAfter(
    mailbox: ObjectId,
    position: JournalPosition,
    limit: number,
  ): Promise<JournalEntry[] | null> {
    if (!(await this.equality.indexed())) return null;
    if (position.modseq < (await this.markOf(mailbox))) return null;
    const top = journalBlockOf(await this.highestModseq(mailbox));
    const found: JournalEntry[] = [];
    for (let block = journalBlockOf(position.modseq); block <= top && found.length < limit; block++) {
      const rows = await this.entries.find({ mailbox, modseqBlock: block }).toArray();
      for (const entry of rows) if (isAfter(entry, position)) found.push(entry);
    }
    return found.sort(inJournalOrder).slice(0, limit);
  }

  /**
   * The mailbox's mark: 0 for mailboxes created with blocks; for older ones, set once to the modseq after
   * the newest at the time (later entries come from this code, with blocks) and read back, because
   * FerretDB's conditional update is not atomic and another process may have set its own.
   */
  private async markOf(mailbox: ObjectId): Promise<number> {
    const key = mailbox.toHexString();
    const known = this.marks.get(key);
    if (known !== undefined) return known;
    let stored = await this.mailboxes.findOne({ _id: mailbox }, { projection: { journalBlocksFrom: 1 } });
    if (stored && stored.journalBlocksFrom === undefined) {
      const from = (await this.highestModseq(mailbox)) + 1;
      await this.mailboxes.updateOne(
        { _id: mailbox, journalBlocksFrom: { $exists: false } },
        { $set: { journalBlocksFrom: from } },
      );
      stored = await this.mailboxes.findOne({ _id: mailbox }, { projection: { journalBlocksFrom: 1 } });
    }
    const mark = stored?.journalBlocksFrom ?? Number.POSITIVE_INFINITY;
    if (Number.isFinite(mark)) this.marks.set(key, mark);
    return mark;
  }
}
