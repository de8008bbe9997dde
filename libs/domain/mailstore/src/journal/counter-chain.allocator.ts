import type { Collection, Db, ObjectId } from 'mongodb';
import { MailStoreError } from '../errors/mail-store.error';
import { COUNTER_LINKS_COLLECTION, MAILBOXES_COLLECTION } from './journal.types';

/**
 * One allocation step on the counter chain. Its `_id`, `<mailbox>:<prev>`, says "the step after modseq
 * `prev`": the store's unique `_id` lets exactly one writer take each step.
 */
export interface CounterLinkDocument {
  _id: string;
  mailbox: ObjectId;
  prev: number;
  /** Highest modseq and next free UID once this step is taken. */
  modseq: number;
  uidNext: number;
  created: Date;
}

export interface MailboxCounters {
  uidNext: number;
  /** Highest modseq given out. */
  modseq: number;
  uidValidity: number;
}

/** Handed out per request: `uids` UIDs from `firstUid`, and one modseq. */
export interface ChainGrant {
  firstUid: number;
  modseq: number;
  uidValidity: number;
}

interface MailboxFields {
  _id: ObjectId;
  uidValidity: number;
  uidNext: number;
  modseq: number;
}

interface Waiting {
  uids: number;
  resolve: (grant: ChainGrant) => void;
  reject: (error: unknown) => void;
}

interface KnownTop {
  modseq: number;
  uidNext: number;
  /** When this process last saw this step as the newest one; bounds how long the knowledge is trusted. */
  seenAt: number;
}

// A link is deleted only once it is LINK_RETENTION_MS old, and this process trusts what it saw for
// FRESH_MS: a step it saw as newest less than FRESH_MS ago cannot have lost its successor to pruning.
const FRESH_MS = 10 * 60_000;
const LINK_RETENTION_MS = 60 * 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;
const MAX_ATTEMPTS = 200;
const MAX_BATCH = 1000;
const MAX_WALK = 32;

const isDuplicateKey = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * UID/modseq allocation for stores whose updates are not atomic. FerretDB v1 applies every update as
 * read, modify in Go, write the whole document back by `_id`, with no isolation: concurrent `$inc`s on
 * one document lose increments (measured: 200 concurrent `$inc` left the counter at 12). Only inserts are
 * atomic against a unique key. So each allocation inserts the next link of a per-mailbox chain; a writer
 * that loses the race gets a duplicate-key error, reads the winner's link and tries the step after it.
 *
 * Every lookup is by `_id`, the only filter FerretDB's SQLite backend pushes down. Concurrent requests of
 * one process for one mailbox are served by a single link, so contention is between processes only.
 * The chain, not the mailbox document, holds the current counters in this mode (see `current`).
 */
export class CounterChainAllocator {
  private readonly links: Collection<CounterLinkDocument>;
  private readonly mailboxes: Collection<MailboxFields>;
  private readonly queues = new Map<string, Waiting[]>();
  private readonly tops = new Map<string, KnownTop>();
  private readonly prunedAt = new Map<string, number>();

  constructor(db: Db) {
    this.links = db.collection<CounterLinkDocument>(COUNTER_LINKS_COLLECTION);
    this.mailboxes = db.collection<MailboxFields>(MAILBOXES_COLLECTION);
  }

  /** Reserves `uids` UIDs (0 for a bare modseq) and one modseq. */
  allocate(mailboxId: ObjectId, uids: number): Promise<ChainGrant> {
    return new Promise((resolve, reject) => {
      const key = mailboxId.toHexString();
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ uids, resolve, reject });
        return;
      }
      this.queues.set(key, [{ uids, resolve, reject }]);
      void this.drain(key, mailboxId);
    });
  }

  /** The counters as they are now: walks the chain from the newest step this process knows. */
  async current(mailboxId: ObjectId): Promise<MailboxCounters> {
    const mailbox = await this.readMailbox(mailboxId);
    const top = await this.advance(mailboxId, mailbox, await this.knownTop(mailboxId, mailbox));
    return { uidNext: top.uidNext, modseq: top.modseq, uidValidity: mailbox.uidValidity };
  }

  /** Deletes this mailbox's links older than the retention, always keeping the newest. */
  async prune(mailboxId: ObjectId, now: Date = new Date()): Promise<number> {
    const newest = await this.links.find({ mailbox: mailboxId }).sort({ prev: -1 }).limit(1).next();
    if (!newest) return 0;
    const result = await this.links.deleteMany({
      mailbox: mailboxId,
      prev: { $lt: newest.prev },
      created: { $lt: new Date(now.getTime() - LINK_RETENTION_MS) },
    });
    return result.deletedCount;
  }

  /** Drops a deleted mailbox's chain. */
  async forget(mailboxId: ObjectId): Promise<void> {
    this.tops.delete(mailboxId.toHexString());
    await this.links.deleteMany({ mailbox: mailboxId });
  }

  /** Serves the mailbox's queue, one link per round, until it is empty; rounds never overlap. */
  private async drain(key: string, mailboxId: ObjectId): Promise<void> {
    for (;;) {
      const queue = this.queues.get(key);
      if (!queue || queue.length === 0) {
        this.queues.delete(key);
        return;
      }
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const grants = await this.claim(mailboxId, batch);
        batch.forEach((waiting, index) => waiting.resolve(grants[index]!));
      } catch (error) {
        batch.forEach((waiting) => waiting.reject(error));
      }
    }
  }

  private async claim(mailboxId: ObjectId, batch: Waiting[]): Promise<ChainGrant[]> {
    const mailbox = await this.readMailbox(mailboxId);
    const uids = batch.reduce((sum, waiting) => sum + waiting.uids, 0);
    let top = await this.knownTop(mailboxId, mailbox);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const link: CounterLinkDocument = {
        _id: this.linkId(mailboxId, top.modseq),
        mailbox: mailboxId,
        prev: top.modseq,
        modseq: top.modseq + batch.length,
        uidNext: top.uidNext + uids,
        created: new Date(),
      };
      try {
        await this.links.insertOne(link);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Another process took this step: catch up with the chain and try the step after its end.
        top = await this.advance(mailboxId, mailbox, top);
        if (attempt >= 3) await sleep(Math.random() * Math.min(2 ** attempt, 50));
        continue;
      }
      this.tops.set(mailboxId.toHexString(), {
        modseq: link.modseq,
        uidNext: link.uidNext,
        seenAt: Date.now(),
      });
      this.maybePrune(mailboxId);
      let uidNext = top.uidNext;
      return batch.map((waiting, index) => {
        const grant = { firstUid: uidNext, modseq: top.modseq + index + 1, uidValidity: mailbox.uidValidity };
        uidNext += waiting.uids;
        return grant;
      });
    }
    throw new MailStoreError(
      'CONFLICT',
      `could not allocate in mailbox ${mailboxId.toHexString()}: too much contention`,
    );
  }

  /**
   * Follows the links after `from` by `_id` (cheap on every store) to the newest one. Far behind, one
   * scan for the newest link is cheaper than many lookups.
   */
  private async advance(mailboxId: ObjectId, mailbox: MailboxFields, from: KnownTop): Promise<KnownTop> {
    let top = from;
    for (let step = 0; step < MAX_WALK; step++) {
      const next = await this.links.findOne({ _id: this.linkId(mailboxId, top.modseq) });
      if (!next) return top;
      // The successor was created after `from` was seen, so `from.seenAt` still bounds its age.
      top = { modseq: next.modseq, uidNext: next.uidNext, seenAt: from.seenAt };
    }
    return this.readTop(mailboxId, mailbox);
  }

  private linkId(mailboxId: ObjectId, prev: number): string {
    return `${mailboxId.toHexString()}:${prev}`;
  }

  private async readMailbox(mailboxId: ObjectId): Promise<MailboxFields> {
    const mailbox = await this.mailboxes.findOne({ _id: mailboxId });
    if (!mailbox)
      throw new MailStoreError('MAILBOX_NOT_FOUND', `mailbox ${mailboxId.toHexString()} not found`);
    return mailbox;
  }

  /** The newest step this process saw recently, else the newest in the store. */
  private async knownTop(mailboxId: ObjectId, mailbox: MailboxFields): Promise<KnownTop> {
    const known = this.tops.get(mailboxId.toHexString());
    if (known && Date.now() - known.seenAt < FRESH_MS) return known;
    return this.readTop(mailboxId, mailbox);
  }

  /** The slow path (a scan on FerretDB): the newest link, or the mailbox's own counters before the first. */
  private async readTop(mailboxId: ObjectId, mailbox: MailboxFields): Promise<KnownTop> {
    const seenAt = Date.now();
    const newest = await this.links.find({ mailbox: mailboxId }).sort({ prev: -1 }).limit(1).next();
    if (newest) return { modseq: newest.modseq, uidNext: newest.uidNext, seenAt };
    return { modseq: Number(mailbox.modseq), uidNext: Number(mailbox.uidNext), seenAt };
  }

  private maybePrune(mailboxId: ObjectId): void {
    const key = mailboxId.toHexString();
    const now = Date.now();
    const last = this.prunedAt.get(key);
    if (last === undefined) {
      // First allocation here: start the clock rather than scan right away.
      this.prunedAt.set(key, now);
      return;
    }
    if (now - last < PRUNE_EVERY_MS) return;
    this.prunedAt.set(key, now);
    // Housekeeping only: a failed prune leaves a few more links and is retried later.
    this.prune(mailboxId).catch(() => undefined);
  }
}
