import { hostname } from 'node:os';
import type { Collection, Db } from 'mongodb';
import type { StoreCapabilities } from '@eider/mongo';

/**
 * The mail store writes with the client's default write concern. On a MongoDB replica set (production)
 * the default is `w: majority`, which is journaled because `writeConcernMajorityJournalDefault` is on, but
 * an operator can lower the cluster default, and a standalone server acknowledges `w: 1` before its journal
 * is flushed. So before an LMTP 250 we issue one `{ w: 'majority', j: true }` write: it is acknowledged
 * only once the journal and the majority commit point cover it, and with it every write this process made
 * before (one oplog, one journal). FerretDB commits each statement to SQLite/PostgreSQL before it answers,
 * so there it is skipped.
 */
export class DurabilityBarrier {
  private readonly barriers: Collection<{ _id: string; n: number }> | null;
  private readonly key = `${hostname()}:${process.pid}`;

  constructor(db: Db, capabilities: StoreCapabilities) {
    this.barriers =
      capabilities.backend === 'mongodb'
        ? db.collection<{ _id: string; n: number }>('delivery_barriers')
        : null;
  }

  get active(): boolean {
    return this.barriers !== null;
  }

  async commit(): Promise<void> {
    if (!this.barriers) return;
    await this.barriers.updateOne(
      { _id: this.key },
      { $inc: { n: 1 } },
      { upsert: true, writeConcern: { w: 'majority', journal: true } },
    );
  }
}
