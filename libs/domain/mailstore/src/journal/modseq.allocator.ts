import type { Collection, Db, Document, ObjectId } from 'mongodb';
import type { StoreCapabilities } from '@eider/mongo';
import { MailStoreError } from '../errors/mail-store.error';
import { CounterChainAllocator, type MailboxCounters } from './counter-chain.allocator';
import { MAILBOXES_COLLECTION } from './journal.types';

/** The mailbox fields this allocator touches; the mailbox service owns the rest of the document. */
interface MailboxCounterFields {
  _id: ObjectId;
  uidValidity: number;
  uidNext: number;
  /** Highest modseq given out in this mailbox. */
  modseq: number;
}

export interface UidAllocation {
  /** The allocated UIDs are firstUid .. lastUid, all inclusive, never given out again. */
  firstUid: number;
  lastUid: number;
  /** The modseq every change of this allocation carries. */
  modseq: number;
  uidValidity: number;
}

/**
 * 'atomic-update': one findOneAndUpdate $inc on the mailbox document (MongoDB, where single-document
 * updates are atomic). 'insert-chain': CounterChainAllocator (FerretDB v1, where they are not).
 */
export type CounterMode = 'atomic-update' | 'insert-chain';

export const counterModeFor = (capabilities: Pick<StoreCapabilities, 'backend'>): CounterMode =>
  capabilities.backend === 'mongodb' ? 'atomic-update' : 'insert-chain';

// The filter and update documents are exported as data so every writer runs exactly the same
// single-document operation.
export const mailboxCounterFilter = (mailboxId: ObjectId): { _id: ObjectId } => ({ _id: mailboxId });

export const uidAllocationUpdate = (count: number): { $inc: { uidNext: number; modseq: number } } => ({
  $inc: { uidNext: count, modseq: 1 },
});

export const modseqAllocationUpdate = (): { $inc: { modseq: number } } => ({ $inc: { modseq: 1 } });

/** Node's numbers are exact up to 2^53; $inc may hand back a Long once a counter passes 2^31. */
const toCounter = (value: unknown, field: string): number => {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(number)) throw new Error(`mailbox ${field} is not an integer: ${String(value)}`);
  return number;
};

const notFound = (mailboxId: ObjectId): MailStoreError =>
  new MailStoreError('MAILBOX_NOT_FOUND', `mailbox ${mailboxId.toHexString()} not found`);

/**
 * Hands out UIDs and modseqs so that concurrent writers in any number of processes get disjoint,
 * ascending ranges, without transactions and without locks. Every allocation gets its own modseq, and
 * UIDs and modseqs advance in the same step: ordered by UID, allocations are ordered by modseq too.
 *
 * In 'insert-chain' mode the mailbox document's uidNext/modseq are only the starting values; read the
 * live counters with `current` (which works in both modes).
 */
export class ModseqAllocator {
  private readonly mailboxes: Collection<Document>;
  private readonly chain: CounterChainAllocator | undefined;

  constructor(
    db: Db,
    readonly mode: CounterMode,
  ) {
    this.mailboxes = db.collection(MAILBOXES_COLLECTION);
    this.chain = mode === 'insert-chain' ? new CounterChainAllocator(db) : undefined;
  }

  /** Reserves `count` UIDs and one new modseq. */
  async allocateUids(mailboxId: ObjectId, count: number): Promise<UidAllocation> {
    if (!Number.isSafeInteger(count) || count < 1) {
      throw new RangeError(`allocateUids needs a positive integer count, got ${count}`);
    }
    if (this.chain) {
      const grant = await this.chain.allocate(mailboxId, count);
      return { ...grant, lastUid: grant.firstUid + count - 1 };
    }
    // The document as it was BEFORE the increment: the reserved UIDs start at the old uidNext and the
    // new modseq is the old one plus one.
    const before = (await this.mailboxes.findOneAndUpdate(
      mailboxCounterFilter(mailboxId),
      uidAllocationUpdate(count),
      // No projection: FerretDB v1 rejects findAndModify with `fields`, and a mailbox document is small.
      { returnDocument: 'before' },
    )) as MailboxCounterFields | null;
    if (!before) throw notFound(mailboxId);
    const firstUid = toCounter(before.uidNext, 'uidNext');
    return {
      firstUid,
      lastUid: firstUid + count - 1,
      modseq: toCounter(before.modseq, 'modseq') + 1,
      uidValidity: toCounter(before.uidValidity, 'uidValidity'),
    };
  }

  /** Reserves one new modseq (flag changes, expunges, mailbox-level changes) and returns it. */
  async allocateModseq(mailboxId: ObjectId): Promise<number> {
    if (this.chain) return (await this.chain.allocate(mailboxId, 0)).modseq;
    const after = (await this.mailboxes.findOneAndUpdate(
      mailboxCounterFilter(mailboxId),
      modseqAllocationUpdate(),
      {
        returnDocument: 'after',
      },
    )) as MailboxCounterFields | null;
    if (!after) throw notFound(mailboxId);
    return toCounter(after.modseq, 'modseq');
  }

  /** The live counters: uidNext and highest modseq given out so far (SELECT, STATUS, HIGHESTMODSEQ). */
  async current(mailboxId: ObjectId): Promise<MailboxCounters> {
    if (this.chain) return this.chain.current(mailboxId);
    const mailbox = (await this.mailboxes.findOne(
      mailboxCounterFilter(mailboxId),
    )) as MailboxCounterFields | null;
    if (!mailbox) throw notFound(mailboxId);
    return {
      uidNext: toCounter(mailbox.uidNext, 'uidNext'),
      modseq: toCounter(mailbox.modseq, 'modseq'),
      uidValidity: toCounter(mailbox.uidValidity, 'uidValidity'),
    };
  }

  /** Drops allocation state kept outside the mailbox document (the chain), for a deleted mailbox. */
  async forgetMailbox(mailboxId: ObjectId): Promise<void> {
    await this.chain?.forget(mailboxId);
  }
}
