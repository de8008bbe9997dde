import type { Collection, Db, ObjectId } from 'mongodb';
import { MAILBOXES_COLLECTION } from '../journal/journal.types';
import type { StoredMessageDocument } from './message-body.document';
import { uidBlockOf } from './uid-block';

/** The mailbox document's mark that every message in it carries `uidBlock`. */
interface BlockMark {
  _id: ObjectId;
  uidBlocks?: boolean;
}

/**
 * Sets `uidBlock` on messages stored before it existed, one mailbox at a time, before block paging relies
 * on it. On FerretDB `{uidBlock: {$exists: false}}` is not pushed down, so one pass reads the mailbox's
 * UIDs once, and a mark on the mailbox document saves every later listing from repeating it.
 */
export class UidBlockBackfill {
  private readonly mailboxes: Collection<BlockMark>;
  private readonly done = new Set<string>();
  private readonly running = new Map<string, Promise<boolean>>();

  constructor(
    db: Db,
    private readonly messages: Collection<StoredMessageDocument>,
  ) {
    this.mailboxes = db.collection<BlockMark>(MAILBOXES_COLLECTION);
  }

  /** Whether the mailbox exists, its messages blocked (backfilled now if needed). */
  ensure(mailbox: ObjectId): Promise<boolean> {
    const key = mailbox.toHexString();
    if (this.done.has(key)) return Promise.resolve(true);
    const running = this.running.get(key);
    if (running) return running;
    const pass = this.run(mailbox).finally(() => this.running.delete(key));
    this.running.set(key, pass);
    return pass;
  }

  private async run(mailbox: ObjectId): Promise<boolean> {
    const mark = await this.mailboxes.findOne({ _id: mailbox });
    if (!mark) return false;
    if (mark.uidBlocks !== true) {
      await this.backfill(mailbox);
      await this.mailboxes.updateOne({ _id: mailbox }, { $set: { uidBlocks: true } });
    }
    this.done.add(mailbox.toHexString());
    return true;
  }

  /**
   * Returns how many documents it fixed. One update at a time: FerretDB 1.24 hung on a 126-update
   * unordered bulkWrite (its PostgreSQL pool ran dry), and this runs once per mailbox.
   */
  async backfill(mailbox: ObjectId): Promise<number> {
    const pending: { _id: ObjectId; uid: number }[] = [];
    const cursor = this.messages
      .find({ mailbox }, { projection: { _id: 1, uid: 1, uidBlock: 1 } })
      .batchSize(5000);
    for await (const { _id, uid, uidBlock } of cursor) {
      if (uidBlock !== uidBlockOf(uid)) pending.push({ _id, uid });
    }
    // Matching the UID too: a message moved meanwhile already has its new block from the move.
    for (const { _id, uid } of pending) {
      await this.messages.updateOne({ _id, uid }, { $set: { uidBlock: uidBlockOf(uid) } });
    }
    return pending.length;
  }
}
