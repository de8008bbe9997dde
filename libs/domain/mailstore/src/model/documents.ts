import type { ObjectId } from 'mongodb';

export type SpecialUse = '\\Drafts' | '\\Sent' | '\\Trash' | '\\Junk' | '\\Archive' | '\\All' | '\\Flagged';

export interface UserDocument {
  _id: ObjectId;
  /** Lowercased login name. */
  username: string;
  name: string;
  disabled: boolean;
  /** Storage quota in bytes; 0 means unlimited. */
  quota: number;
  /** Bytes used by stored messages, kept in step by every add, copy, delete and expunge. */
  storageUsed: number;
  /** Per-user overrides of the daily limits (0 = unlimited); absent keys use the configured defaults. */
  limits?: Partial<Record<UserLimitKind, number>>;
  created: Date;
}

/** Daily budgets counted in Redis: recipients of submitted mail, forwards, and bytes downloaded. */
export type UserLimitKind = 'recipients' | 'forwards' | 'imapDownload' | 'pop3Download';

export interface MailboxDocument {
  _id: ObjectId;
  user: ObjectId;
  /** Full hierarchical name with `/` as the delimiter; `INBOX` is always upper case. */
  path: string;
  specialUse: SpecialUse | null;
  uidValidity: number;
  uidNext: number;
  /** Highest modseq given out in this mailbox. */
  modseq: number;
  subscribed: boolean;
  created: Date;
  /**
   * Every message here carries `uidBlock`. True from creation for mailboxes made since every writer sets
   * it; older ones get it from `UidBlockBackfill` on their first block-paged listing.
   */
  uidBlocks?: boolean;
  /** Every journal entry from this modseq on carries `modseqBlock` (JournalBlockReader); 0 for new ones. */
  journalBlocksFrom?: number;
}
