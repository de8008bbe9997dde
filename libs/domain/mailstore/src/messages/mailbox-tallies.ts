import type { Collection, Db, ObjectId } from 'mongodb';
import { isDuplicateKeyError } from '@eider/mongo';
import { atomicKeyGuard, KeyLocks, type KeyGuard, type LeaseLockDocument } from '../concurrency/key-guard';
import type { MailboxCounts } from './message-query.service';

/** One mailbox's counts, kept by the writers; `_id` is the mailbox id. */
export interface MailboxTallyDocument extends MailboxCounts {
  _id: ObjectId;
}

/** What one message adds to its mailbox's counts. */
export interface TalliedMessage {
  unseen: boolean;
  deleted: boolean;
  sizeCrlf: number;
}

const ZERO: MailboxCounts = { messages: 0, unseen: 0, deleted: 0, size: 0 };

export const tallyOf = (messages: readonly TalliedMessage[], sign: 1 | -1 = 1): MailboxCounts => {
  const delta = { ...ZERO };
  for (const message of messages) {
    delta.messages += sign;
    if (message.unseen) delta.unseen += sign;
    if (message.deleted) delta.deleted += sign;
    delta.size += sign * message.sizeCrlf;
  }
  return delta;
};

/** The change in counts when a message's flags go from `before` to `after`. */
export const flagTally = (
  before: Pick<TalliedMessage, 'unseen' | 'deleted'>,
  after: Pick<TalliedMessage, 'unseen' | 'deleted'>,
): MailboxCounts => ({
  messages: 0,
  unseen: Number(after.unseen) - Number(before.unseen),
  deleted: Number(after.deleted) - Number(before.deleted),
  size: 0,
});

const isZero = (delta: MailboxCounts): boolean =>
  delta.messages === 0 && delta.unseen === 0 && delta.deleted === 0 && delta.size === 0;

/**
 * Mailbox counts kept by the writers, for FerretDB: there every count is a scan that decodes each
 * message (minutes on 100k), while MongoDB answers the same counts from its indexes and needs none of
 * this. A tally starts at zero when its mailbox is created, so it is complete from the first message;
 * every write that lands adds its own delta. FerretDB v1 updates are read-modify-write, so the deltas
 * are applied under the same lease locks quota uses. Mailboxes created before tallies existed have none
 * and are counted as before. A process that dies between a write and its delta leaves the tally off by
 * that write; `rebuild` with a fresh count puts it right (the bench seeders use it the same way).
 */
export class MailboxTallies {
  private readonly tallies: Collection<MailboxTallyDocument>;
  private readonly guard: KeyGuard;

  constructor(
    db: Db,
    readonly enabled: boolean,
    locked: boolean,
  ) {
    this.tallies = db.collection<MailboxTallyDocument>('mailbox_tallies');
    this.guard = locked
      ? new KeyLocks(db.collection<LeaseLockDocument>('tally_locks'), 30_000)
      : atomicKeyGuard;
  }

  /** A new, empty mailbox. */
  async start(mailbox: ObjectId): Promise<void> {
    if (!this.enabled) return;
    try {
      await this.tallies.insertOne({ _id: mailbox, ...ZERO });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** Adds a landed write's effect; a mailbox without a tally is left without one. */
  async apply(mailbox: ObjectId, delta: MailboxCounts): Promise<void> {
    if (!this.enabled || isZero(delta)) return;
    await this.guard.run(`tally:${mailbox.toHexString()}`, () =>
      this.tallies.updateOne({ _id: mailbox }, { $inc: { ...delta } }),
    );
  }

  /** The tallies that exist among `mailboxes`, by mailbox id. */
  async read(mailboxes: readonly ObjectId[]): Promise<Map<string, MailboxCounts>> {
    const found = new Map<string, MailboxCounts>();
    if (!this.enabled || mailboxes.length === 0) return found;
    const rows =
      mailboxes.length === 1
        ? await this.tallies.find({ _id: mailboxes[0] }).toArray()
        : await this.tallies.find({ _id: { $in: [...mailboxes] } }).toArray();
    for (const { _id, messages, unseen, deleted, size } of rows)
      found.set(_id.toHexString(), { messages, unseen, deleted, size });
    return found;
  }

  /** Replaces a tally with counts taken while nothing else wrote to the mailbox (seeding, repair). */
  async rebuild(mailbox: ObjectId, counts: MailboxCounts): Promise<void> {
    if (!this.enabled) return;
    await this.guard.run(`tally:${mailbox.toHexString()}`, () =>
      this.tallies.replaceOne({ _id: mailbox }, { ...counts }, { upsert: true }),
    );
  }

  async forget(mailbox: ObjectId): Promise<void> {
    if (this.enabled) await this.tallies.deleteOne({ _id: mailbox });
  }
}
