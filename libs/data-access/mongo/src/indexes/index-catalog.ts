import type { Db } from 'mongodb';
import type { IndexSpec } from './index-spec';
import { accountsIndexes } from './accounts.indexes';
import { attachmentIndexes } from './attachments.indexes';
import { imapIndexes } from './imap.indexes';
import { journalIndexes } from './journal.indexes';
import { mailstoreIndexes } from './mailstore.indexes';

/**
 * Every index Eider uses, in one place. None is a TTL index: the journal expires through its sweeper on
 * every store, because QRESYNC must know exactly what was deleted (see JournalSweeper).
 */
export const INDEX_CATALOG: readonly IndexSpec[] = [
  ...mailstoreIndexes,
  ...attachmentIndexes,
  ...journalIndexes,
  ...accountsIndexes,
  ...imapIndexes,
];

export const ensureIndexes = async (db: Db, specs: readonly IndexSpec[] = INDEX_CATALOG): Promise<number> => {
  for (const spec of specs) {
    await db.collection(spec.collection).createIndex(spec.key, spec.options ?? {});
  }
  return specs.length;
};
