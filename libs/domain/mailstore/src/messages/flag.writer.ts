import type { AnyBulkWriteOperation, Collection, ObjectId } from 'mongodb';
import { flagTally } from './mailbox-tallies';
import type { StoredMessageDocument } from './message-body.document';
import { flagFields } from './message-flags';
import type { MailboxCounts } from './message-query.service';
import type { IndexedEquality } from '../model/equality-index.probe';
import { fitsInFewBlocks, readByUidBlocks } from './uid-block.reader';

/** A compare-and-set flag change: applied only while the message still has `oldModseq`. */
export interface FlagUpdate {
  id: ObjectId;
  uid: number;
  oldModseq: number;
  flags: string[];
}

export type AppliedFlags = Pick<StoredMessageDocument, '_id' | 'uid' | 'flags'>;
export type CurrentFlags = Pick<StoredMessageDocument, '_id' | 'uid' | 'flags' | 'modseq'>;

const CURRENT_PROJECTION = { _id: 1, uid: 1, flags: 1, modseq: 1 } as const;

/** Counts delta of the flag updates that landed, from the flags each message had before. */
export const flagChangeTally = (
  before: ReadonlyArray<{ _id: ObjectId; flags: string[] }>,
  after: ReadonlyArray<{ _id: ObjectId; flags: string[] }>,
): MailboxCounts => {
  const previous = new Map(before.map((message) => [message._id.toHexString(), message.flags]));
  const delta: MailboxCounts = { messages: 0, unseen: 0, deleted: 0, size: 0 };
  for (const message of after) {
    const old = previous.get(message._id.toHexString());
    if (!old) continue;
    const change = flagTally(flagFields(old), flagFields(message.flags));
    delta.unseen += change.unseen;
    delta.deleted += change.deleted;
  }
  return delta;
};

/**
 * Reads and writes the flags of a STORE. MongoDB gets `$in` reads and one unordered bulk write. FerretDB
 * gets equality reads (by UID block, once the store indexes them) and one compare-and-set at a time.
 */
export class FlagWriter {
  constructor(
    private readonly messages: Collection<StoredMessageDocument>,
    private readonly ferretdb: boolean,
    private readonly equality?: IndexedEquality,
  ) {}

  async current(mailbox: ObjectId, uids: number[]): Promise<CurrentFlags[]> {
    if (this.equality && fitsInFewBlocks(uids) && (await this.equality.indexed()))
      return readByUidBlocks<CurrentFlags>(this.messages, { mailbox }, uids, {
        projection: CURRENT_PROJECTION,
      });
    return this.messages
      .find<CurrentFlags>({ mailbox, uid: { $in: uids } }, { projection: CURRENT_PROJECTION })
      .toArray();
  }

  apply(updates: FlagUpdate[], modseq: number): Promise<AppliedFlags[]> {
    return this.ferretdb ? this.applyOneByOne(updates, modseq) : this.applyInBulk(updates, modseq);
  }

  /** Compare-and-set flag updates in one unordered bulk write, then reads back which of them won. */
  private async applyInBulk(updates: FlagUpdate[], modseq: number): Promise<AppliedFlags[]> {
    const operations: AnyBulkWriteOperation<StoredMessageDocument>[] = updates.map((update) => ({
      updateOne: {
        filter: { _id: update.id, modseq: update.oldModseq },
        update: { $set: { ...flagFields(update.flags), modseq } },
      },
    }));
    await this.messages.bulkWrite(operations, { ordered: false });
    return this.messages
      .find(
        { _id: { $in: updates.map((update) => update.id) }, modseq },
        { projection: { _id: 1, uid: 1, flags: 1 } },
      )
      .toArray();
  }

  /**
   * FerretDB: one compare-and-set at a time. An unordered bulk write of about a hundred updates hung
   * FerretDB 1.24 (every PostgreSQL connection idle, nothing answered), and the read-back's `$in` would
   * decode every message in the store.
   */
  private async applyOneByOne(updates: FlagUpdate[], modseq: number): Promise<AppliedFlags[]> {
    for (const update of updates) {
      await this.messages.updateOne(
        { _id: update.id, modseq: update.oldModseq },
        { $set: { ...flagFields(update.flags), modseq } },
      );
    }
    // FerretDB's conditional update is not atomic: a racing writer may also be told it won. Only the
    // document itself knows whose write stayed, so each is read back (by `_id`, an equality it pushes down).
    const applied: AppliedFlags[] = [];
    for (const update of updates) {
      const current = await this.messages.findOne({ _id: update.id }, { projection: CURRENT_PROJECTION });
      if (current?.modseq === modseq)
        applied.push({ _id: current._id, uid: current.uid, flags: current.flags });
    }
    return applied;
  }
}
