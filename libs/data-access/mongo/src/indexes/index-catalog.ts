import type { Db } from 'mongodb';
import type { IndexSpec } from './index-spec';
import { mailstoreIndexes } from './mailstore.indexes';

/**
 * Every index Eider uses, in one place. Collections that need expiry (the journal) get it through
 * `ensureExpiry`, which picks a TTL index or a sweeper by store capabilities.
 */
export const INDEX_CATALOG: readonly IndexSpec[] = [...mailstoreIndexes];

export const ensureIndexes = async (db: Db, specs: readonly IndexSpec[] = INDEX_CATALOG): Promise<number> => {
  for (const spec of specs) {
    await db.collection(spec.collection).createIndex(spec.key, spec.options ?? {});
  }
  return specs.length;
};
