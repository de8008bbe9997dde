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

  async sweepOnce(now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.rule.afterSeconds * 1000);
    const result = await this.collection.deleteMany({ [this.rule.field]: { $lt: cutoff } });
    return result.deletedCount;
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
