import type { ObjectId } from 'mongodb';

export const JOURNAL_COLLECTION = 'journal';
/** Insert-only floor records; a mailbox's floor is the highest `expiredUpTo` among its records. */
export const JOURNAL_FLOORS_COLLECTION = 'journal_floors';
export const MAILBOXES_COLLECTION = 'mailboxes';
/** The counter chain used where updates are not atomic (FerretDB); see CounterChainAllocator. */
export const COUNTER_LINKS_COLLECTION = 'mailbox_counter_links';

export type JournalKind = 'exists' | 'expunge' | 'flags' | 'mailbox';

/**
 * One change in one mailbox. Several entries may share a modseq (a batch of UIDs allocated together);
 * the journal orders them by (modseq, _id).
 */
export interface JournalEntry {
  _id: ObjectId;
  user: ObjectId;
  mailbox: ObjectId;
  modseq: number;
  kind: JournalKind;
  uid?: number;
  message?: ObjectId;
  flags?: string[];
  created: Date;
  /** `journalBlockOf(modseq)`: lets FerretDB read a modseq range with equality queries. */
  modseqBlock?: number;
}

/** Modseqs per journal block (see JournalBlockReader). */
export const JOURNAL_BLOCK_SIZE = 64;
export const journalBlockOf = (modseq: number): number => Math.floor(modseq / JOURNAL_BLOCK_SIZE);

export type JournalEntryInput = Omit<JournalEntry, '_id' | 'created'>;

/**
 * A reading position: everything up to and including `modseq` has been seen, or, with `id`, everything
 * up to that entry of `modseq`. The id form lets a reader page through, or catch the rest of, a modseq
 * whose entries arrived in several reads.
 */
export interface JournalPosition {
  modseq: number;
  id?: ObjectId;
}

export interface JournalFloorDocument {
  _id: ObjectId;
  mailbox: ObjectId;
  user: ObjectId;
  /** Journal entries with modseq <= this may have been deleted; reading from below it is not exact. */
  expiredUpTo: number;
  created: Date;
}

/** A change beacon as the journal sees it: a hint that a mailbox has entries up to `modseq`. */
export interface JournalBeacon {
  mailbox: string;
  modseq: number;
  kind?: string;
}

/**
 * What the journal needs from a beacon transport (ChangeNotifier in @eider/redis satisfies it). Declared
 * structurally so the domain does not load Redis code and tests can run a writer without it.
 */
export interface JournalBeaconPublisher {
  publish(userId: string, beacon: JournalBeacon): Promise<unknown>;
}

export interface JournalBeaconSubscriber {
  subscribe(
    userId: string,
    handler: (beacon: JournalBeacon) => void,
    options?: { onReconnect?: () => void },
  ): Promise<() => Promise<void>>;
}
