import type { IndexSpec } from './index-spec';

/**
 * The change journal and UID/modseq allocation (`libs/domain/mailstore/src/journal`).
 *
 * `journal.created` is a plain index, deliberately not a TTL index and not `ensureExpiry`, on MongoDB too:
 * the JournalSweeper must record a per-mailbox floor in `journal_floors` before it deletes, which a TTL
 * monitor cannot do. None of these indexes is needed for correctness; uniqueness of counter-chain steps
 * comes from `_id`.
 */
export const journalIndexes: IndexSpec[] = [
  // changesSince: one mailbox's entries after a (modseq, _id) position, in that order.
  { collection: 'journal', key: { mailbox: 1, modseq: 1, _id: 1 }, options: { name: 'mailbox_modseq_id' } },
  // FerretDB reads a modseq range block by block (JournalBlockReader); MongoDB uses mailbox_modseq_id.
  { collection: 'journal', key: { mailbox: 1, modseqBlock: 1 }, options: { name: 'mailbox_modseq_block' } },
  // UserChangeFeed: one user's entries across mailboxes, in id order, from a cursor.
  { collection: 'journal', key: { user: 1, _id: 1 }, options: { name: 'user_id' } },
  // The sweeper's scan for expired entries.
  { collection: 'journal', key: { created: 1 }, options: { name: 'created_sweep' } },
  // A mailbox's floor is its highest floor record.
  { collection: 'journal_floors', key: { mailbox: 1, expiredUpTo: -1 }, options: { name: 'mailbox_floor' } },
  // Counter chain (insert-chain mode, FerretDB): newest link of a mailbox, and pruning.
  { collection: 'mailbox_counter_links', key: { mailbox: 1, prev: 1 }, options: { name: 'mailbox_prev' } },
];
