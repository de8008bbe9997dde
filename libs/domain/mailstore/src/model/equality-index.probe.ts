import type { Collection, Document, Filter } from 'mongodb';

const PROBE_TTL_MS = 60_000;

/**
 * Whether the store answers an equality query from an index. MongoDB always does for the indexes Eider
 * declares; FerretDB does only on PostgreSQL once GIN indexes sit beside its own (the embedded stack adds
 * them, possibly after this process started), never on SQLite. Asked through `explain` with a sample
 * filter at most once a minute until the answer is yes; a small table may be scanned even with the index,
 * and the probe then says no until the table grows.
 */
export interface IndexedEquality {
  indexed(): Promise<boolean>;
}

export class EqualityIndexProbe<T extends Document> implements IndexedEquality {
  private answer = false;
  private checkedAt = -Infinity;

  constructor(
    private readonly collection: Collection<T>,
    private readonly sample: () => Filter<T>,
  ) {}

  async indexed(): Promise<boolean> {
    if (this.answer || performance.now() - this.checkedAt < PROBE_TTL_MS) return this.answer;
    this.checkedAt = performance.now();
    try {
      const plan: Document = await this.collection.find(this.sample()).explain();
      this.answer = /Index Scan/.test(JSON.stringify(plan['queryPlanner'] ?? {}));
    } catch {
      this.answer = false;
    }
    return this.answer;
  }
}
