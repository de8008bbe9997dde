import { ObjectId, type Db } from 'mongodb';
import { MailStoreError } from '../errors/mail-store.error';
import { JournalRepository } from './journal.repository';
import {
  journalBlockOf,
  type JournalBeaconPublisher,
  type JournalEntry,
  type JournalEntryInput,
  type JournalKind,
  type JournalPosition,
} from './journal.types';
import type { JournalBlockReader } from './journal-block.reader';

const KINDS: ReadonlySet<string> = new Set<JournalKind>(['exists', 'expunge', 'flags', 'mailbox']);
export const DEFAULT_CHANGES_LIMIT = 1000;

export interface JournalServiceOptions {
  /** When set, `append` announces each touched mailbox once the entries are stored. */
  beacons?: JournalBeaconPublisher;
  /** Called when a beacon could not be published; the entries are stored regardless. */
  onBeaconError?: (error: unknown) => void;
  /** FerretDB: reads a mailbox's recent entries by modseq block instead of scanning its whole journal. */
  blockReader?: JournalBlockReader;
}

const assertValid = (entry: JournalEntryInput): void => {
  if (!Number.isSafeInteger(entry.modseq) || entry.modseq < 1) {
    throw new RangeError(`journal entry modseq must be a positive integer, got ${entry.modseq}`);
  }
  if (!KINDS.has(entry.kind)) throw new RangeError(`unknown journal entry kind ${String(entry.kind)}`);
  if (entry.uid !== undefined && (!Number.isSafeInteger(entry.uid) || entry.uid < 1)) {
    throw new RangeError(`journal entry uid must be a positive integer, got ${entry.uid}`);
  }
};

/**
 * The change journal: the source of truth for "what changed in this mailbox since modseq N", read by
 * IDLE/NOOP, CONDSTORE/QRESYNC and any process that missed a beacon. Writers allocate a modseq with
 * ModseqAllocator, apply their change, then append; readers page through (modseq, _id) order.
 */
export class JournalService {
  private readonly repository: JournalRepository;

  constructor(
    db: Db,
    private readonly options: JournalServiceOptions = {},
  ) {
    this.repository = new JournalRepository(db, options.blockReader);
  }

  /**
   * Stores the entries in the given order (an ordered insertMany: on failure, the ones before the failing
   * entry are stored and the rest are not). Returns them with their ids and creation time.
   */
  async append(inputs: readonly JournalEntryInput[]): Promise<JournalEntry[]> {
    if (inputs.length === 0) return [];
    inputs.forEach(assertValid);
    // One timestamp for the whole append: entries that share a modseq then also expire together.
    const created = new Date();
    const entries: JournalEntry[] = inputs.map((input) => ({
      ...input,
      modseqBlock: journalBlockOf(input.modseq),
      _id: new ObjectId(),
      created,
    }));
    await this.repository.insertOrdered(entries);
    if (this.options.beacons) await this.announce(entries, this.options.beacons);
    return entries;
  }

  /**
   * Entries with modseq > `sinceModseq`, ordered by (modseq, _id), at most `limit` of them; when the limit
   * cuts the list, continue with `changesAfter(mailbox, positionOf(last entry))`.
   * Throws MailStoreError('JOURNAL_EXPIRED') when entries above `sinceModseq` may already have been swept:
   * the caller cannot be told exactly what changed and must resynchronize in full.
   */
  async changesSince(
    mailboxId: ObjectId,
    sinceModseq: number,
    limit = DEFAULT_CHANGES_LIMIT,
  ): Promise<JournalEntry[]> {
    return this.changesAfter(mailboxId, { modseq: sinceModseq }, limit);
  }

  /**
   * Like changesSince, from a position that may sit in the middle of a modseq's entries. A position
   * inside the floor's own modseq is accepted: its remaining entries were stored by the same append as
   * the ones already read, so a reader that keeps reading saw them long before they could expire.
   */
  async changesAfter(
    mailboxId: ObjectId,
    position: JournalPosition,
    limit = DEFAULT_CHANGES_LIMIT,
  ): Promise<JournalEntry[]> {
    if (!Number.isSafeInteger(position.modseq) || position.modseq < 0) {
      throw new RangeError(`modseq must be a non-negative integer, got ${position.modseq}`);
    }
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new RangeError(`limit must be positive, got ${limit}`);
    // Entries first, floor second. The sweeper raises the floor before it deletes, so if anything this
    // read needed was already gone, the floor read afterwards is guaranteed to show it.
    const entries = await this.repository.findAfter(mailboxId, position, limit);
    const floor = await this.repository.readFloor(mailboxId);
    if (position.modseq < floor) {
      throw new MailStoreError(
        'JOURNAL_EXPIRED',
        `journal of mailbox ${mailboxId.toHexString()} was swept up to modseq ${floor}; changes since ${position.modseq} are no longer known`,
      );
    }
    return entries;
  }

  /** The lowest modseq changesSince still answers exactly (0 when nothing was swept). */
  async floor(mailboxId: ObjectId): Promise<number> {
    return this.repository.readFloor(mailboxId);
  }

  /** Drops a deleted mailbox's entries and floor. */
  async forgetMailbox(mailboxId: ObjectId): Promise<void> {
    await this.repository.dropMailbox(mailboxId);
  }

  /** One beacon per touched mailbox, carrying its highest modseq in this append. */
  private async announce(entries: JournalEntry[], beacons: JournalBeaconPublisher): Promise<void> {
    const latest = new Map<string, JournalEntry>();
    for (const entry of entries) {
      const key = entry.mailbox.toHexString();
      const known = latest.get(key);
      if (!known || entry.modseq >= known.modseq) latest.set(key, entry);
    }
    // Beacons are hints: a lost one only delays readers until their next poll, so failures never fail
    // the append (whose entries are already stored).
    await Promise.all(
      [...latest.values()].map((entry) =>
        beacons
          .publish(entry.user.toHexString(), {
            mailbox: entry.mailbox.toHexString(),
            modseq: entry.modseq,
            kind: entry.kind,
          })
          .catch((error: unknown) => this.options.onBeaconError?.(error)),
      ),
    );
  }
}

export const positionOf = (entry: Pick<JournalEntry, 'modseq' | '_id'>): JournalPosition => ({
  modseq: entry.modseq,
  id: entry._id,
});
