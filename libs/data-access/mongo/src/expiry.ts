import type { Collection, Document } from 'mongodb';
import type { StoreCapabilities } from './store-capabilities';

export interface ExpiryRule {
  /** Date field that starts the clock. */
  field: string;
  afterSeconds: number;
}

/**
 * Deletes documents whose `field` is older than `afterSeconds`: what a TTL index does on MongoDB.
 * Used where the store refuses `expireAfterSeconds` (FerretDB). Sweeps are idempotent, so several
 * processes may run one for the same collection.
 */
export class ExpirySweeper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly collection: Collection<Document>,
    private readonly rule: ExpiryRule,
  ) {}

  /**
   * Deletes in batches of ids: FerretDB's SQLite backend turns one deleteMany into a single statement
   * and fails beyond 32,766 documents, which a backlog after downtime would otherwise exceed for good.
   */
  async sweepOnce(now: Date = new Date(), batchSize = 5000): Promise<number> {
    const cutoff = new Date(now.getTime() - this.rule.afterSeconds * 1000);
    let deleted = 0;
    for (;;) {
      const batch = await this.collection
        .find({ [this.rule.field]: { $lt: cutoff } }, { projection: { _id: 1 } })
        .limit(batchSize)
        .toArray();
      if (batch.length === 0) return deleted;
      const result = await this.collection.deleteMany({
        _id: { $in: batch.map((document) => document._id) },
      });
      deleted += result.deletedCount;
      if (batch.length < batchSize) return deleted;
    }
  }

  start(intervalMs: number, onError: (error: unknown) => void): void {
    this.stop();
    this.timer = setInterval(() => {
      this.sweepOnce().catch(onError);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/**
 * Makes documents expire: a TTL index on MongoDB, or a sweeper the caller must start on stores without TTL.
 * Returns the sweeper when one is needed, undefined when the store handles expiry itself.
 */
export const ensureExpiry = async (
  collection: Collection<Document>,
  rule: ExpiryRule,
  capabilities: StoreCapabilities,
): Promise<ExpirySweeper | undefined> => {
  if (capabilities.ttlIndexes) {
    await collection.createIndex(
      { [rule.field]: 1 },
      { expireAfterSeconds: rule.afterSeconds, name: `${rule.field}_ttl` },
    );
    return undefined;
  }
  await collection.createIndex({ [rule.field]: 1 }, { name: `${rule.field}_expiry` });
  return new ExpirySweeper(collection, rule);
};
