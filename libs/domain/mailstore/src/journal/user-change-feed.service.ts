import { ObjectId, type Collection, type Db } from 'mongodb';
import {
  JOURNAL_COLLECTION,
  type JournalBeaconSubscriber,
  type JournalEntry,
  type JournalKind,
} from './journal.types';

/** One journal entry as a feed consumer sees it: ids as hex strings, nothing Mongo-specific. */
export interface UserChange {
  /** The journal entry id (24 hex). */
  id: string;
  kind: JournalKind;
  mailbox: string;
  modseq: number;
  uid?: number;
  message?: string;
  flags?: string[];
  created: Date;
}

/**
 * What a feed yields. `cursor` is the position to resume from after this event (the highest entry id
 * handed out so far), which is what an SSE `id:` or a GraphQL subscription cursor should carry.
 * A `reset` means the feed cannot say exactly what changed since the requested cursor (the journal was
 * swept past it, or the cursor makes no sense): the consumer must reload its view, then continue.
 */
export type UserFeedEvent =
  | { type: 'change'; change: UserChange; cursor: string }
  | { type: 'reset'; reason: 'expired' | 'future'; cursor: string };

export interface UserChangeStream extends AsyncIterable<UserFeedEvent> {
  /** Where a new stream should resume to continue exactly after what was handed out. */
  readonly cursor: string;
  /** Stops reading and ends the iteration; safe to call more than once. */
  close(): Promise<void>;
}

export interface UserChangeFeedOptions {
  /** How long entries are kept (limits.journalRetentionSeconds); older cursors get a reset. */
  retentionSeconds: number;
  /** Reads this often even without beacons, to recover lost ones. Default 5 s. */
  pollIntervalMs?: number;
  /**
   * How far back each read looks again. Entry ids come from many processes and are only ordered to
   * the second (and by clock), so an entry with a lower id can land after a higher one was read.
   * Default 3 s.
   */
  overlapMs?: number;
  /** Entries per query. Default 500. */
  pageSize?: number;
  /** Events held for a consumer that does not pull; reading pauses (the journal keeps the rest). */
  maxBuffered?: number;
  onError?: (error: unknown) => void;
}

export interface OpenUserFeedOptions {
  /** Resume after this journal entry id (24 hex); without it the feed starts at "now". */
  after?: string;
}

const HEX_ID = /^[0-9a-f]{24}$/i;
// Ids already handed out are remembered only inside the overlap window; this caps a pathological burst.
const MAX_SEEN = 100_000;
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const toChange = (entry: JournalEntry): UserChange => ({
  id: entry._id.toHexString(),
  kind: entry.kind,
  mailbox: entry.mailbox.toHexString(),
  modseq: entry.modseq,
  ...(entry.uid !== undefined ? { uid: entry.uid } : {}),
  ...(entry.message ? { message: entry.message.toHexString() } : {}),
  ...(entry.flags ? { flags: [...entry.flags] } : {}),
  created: entry.created,
});

const secondsOf = (id: ObjectId): number => Math.floor(id.getTimestamp().getTime() / 1000);

interface StreamSettings {
  pollIntervalMs: number;
  overlapSeconds: number;
  pageSize: number;
  maxBuffered: number;
  onError: (error: unknown) => void;
}

class JournalUserStream implements UserChangeStream {
  private highWater: ObjectId;
  /** Entries at or below this id that exist when the stream opens were delivered by a previous stream. */
  private deliveredUpTo: ObjectId | null;
  private readonly seen = new Map<string, number>();
  private readonly queue: UserFeedEvent[] = [];
  private waiter: (() => void) | undefined;
  private closed = false;
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private paused = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly entries: Collection<JournalEntry>,
    private readonly user: ObjectId,
    start: { highWater: ObjectId; deliveredUpTo: ObjectId | null; reset?: 'expired' | 'future' },
    private readonly settings: StreamSettings,
  ) {
    this.highWater = start.highWater;
    this.deliveredUpTo = start.deliveredUpTo;
    if (start.reset) this.queue.push({ type: 'reset', reason: start.reset, cursor: this.cursor });
  }

  get cursor(): string {
    return this.highWater.toHexString();
  }

  async start(beacons: JournalBeaconSubscriber): Promise<void> {
    // Subscribe before the first read: a change made in between is then either read or announced.
    this.unsubscribe = await beacons.subscribe(this.user.toHexString(), () => this.poke(), {
      onReconnect: () => this.poke(),
    });
    this.pollTimer = setInterval(() => this.poke(), this.settings.pollIntervalMs);
    this.pollTimer.unref();
    this.poke();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pollTimer);
    this.wake();
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    await Promise.allSettled([unsubscribe?.(), this.reading]);
  }

  [Symbol.asyncIterator](): AsyncIterator<UserFeedEvent> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  private async next(): Promise<IteratorResult<UserFeedEvent>> {
    for (;;) {
      if (this.closed) return { done: true, value: undefined };
      const event = this.queue.shift();
      if (event) {
        if (this.paused && this.queue.length <= this.settings.maxBuffered / 2) {
          this.paused = false;
          this.poke();
        }
        return { done: false, value: event };
      }
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  private poke(): void {
    if (this.closed || this.paused) return;
    if (this.reading) {
      // One more read after the current one covers any number of pokes meanwhile.
      this.readAgain = true;
      return;
    }
    this.reading = this.drain()
      .catch((error: unknown) => this.settings.onError(error))
      .finally(() => {
        this.reading = undefined;
        if (this.readAgain) {
          this.readAgain = false;
          this.poke();
        }
      });
  }

  /** Reads everything after the overlap window below the high-water mark, handing out unseen entries. */
  private async drain(): Promise<void> {
    const windowStart = secondsOf(this.highWater) - this.settings.overlapSeconds;
    let after = ObjectId.createFromTime(Math.max(0, windowStart));
    while (!this.closed) {
      const page = await this.entries
        .find({ user: this.user, _id: { $gt: after } })
        .sort({ _id: 1 })
        .limit(this.settings.pageSize)
        .toArray();
      for (const entry of page) {
        after = entry._id;
        const hex = entry._id.toHexString();
        if (this.seen.has(hex)) continue;
        this.seen.set(hex, secondsOf(entry._id));
        if (this.deliveredUpTo && hex <= this.deliveredUpTo.toHexString()) continue;
        if (hex > this.highWater.toHexString()) this.highWater = entry._id;
        this.queue.push({ type: 'change', change: toChange(entry), cursor: this.cursor });
      }
      if (page.length > 0) this.wake();
      if (this.queue.length >= this.settings.maxBuffered) {
        // The consumer is behind: stop reading until it catches up; the journal holds the rest.
        this.paused = true;
        break;
      }
      if (page.length < this.settings.pageSize) break;
    }
    // Only the first complete read after opening can meet entries the previous stream handed out.
    if (!this.paused) this.deliveredUpTo = null;
    this.forgetOld();
  }

  private forgetOld(): void {
    const oldest = secondsOf(this.highWater) - this.settings.overlapSeconds - 1;
    for (const [hex, seconds] of this.seen) {
      if (seconds >= oldest && this.seen.size <= MAX_SEEN) break;
      this.seen.delete(hex);
    }
  }
}

/**
 * Every change of one user, across all mailboxes, in journal order, from a cursor: what the REST
 * updates stream (SSE) and GraphQL subscriptions follow. Beacons wake it at once; a slow poll covers
 * lost beacons. Delivery is at least once: each stream re-reads a short window and drops ids it already
 * handed out, so an entry that lands late behind a newer id is still delivered.
 */
export class UserChangeFeed {
  private readonly entries: Collection<JournalEntry>;
  private readonly settings: StreamSettings;
  private readonly retentionMs: number;

  constructor(
    db: Db,
    private readonly beacons: JournalBeaconSubscriber,
    options: UserChangeFeedOptions,
  ) {
    if (!Number.isFinite(options.retentionSeconds) || options.retentionSeconds <= 0) {
      throw new RangeError(`journal retention must be positive, got ${options.retentionSeconds}`);
    }
    this.entries = db.collection<JournalEntry>(JOURNAL_COLLECTION);
    this.retentionMs = options.retentionSeconds * 1000;
    const overlapMs = options.overlapMs ?? 3000;
    this.settings = {
      pollIntervalMs: Math.max(10, options.pollIntervalMs ?? 5000),
      overlapSeconds: Math.max(1, Math.ceil(overlapMs / 1000)),
      pageSize: Math.max(1, options.pageSize ?? 500),
      maxBuffered: Math.max(2, options.maxBuffered ?? 1000),
      onError: options.onError ?? (() => undefined),
    };
  }

  static isCursor(value: string): boolean {
    return HEX_ID.test(value);
  }

  async open(user: ObjectId, options: OpenUserFeedOptions = {}): Promise<UserChangeStream> {
    const start = await this.startFor(user, options.after);
    const stream = new JournalUserStream(this.entries, user, start, this.settings);
    await stream.start(this.beacons);
    return stream;
  }

  /** The newest entry id of the user, or null when the journal holds none. */
  async latest(user: ObjectId): Promise<ObjectId | null> {
    const [entry] = await this.entries
      .find({ user }, { projection: { _id: 1 } })
      .sort({ _id: -1 })
      .limit(1)
      .toArray();
    return entry?._id ?? null;
  }

  private async startFor(
    user: ObjectId,
    after: string | undefined,
  ): Promise<{ highWater: ObjectId; deliveredUpTo: ObjectId | null; reset?: 'expired' | 'future' }> {
    const now = Date.now();
    if (after !== undefined) {
      if (!HEX_ID.test(after)) throw new RangeError('cursor must be a 24-character hex id');
      const cursor = new ObjectId(after);
      const time = cursor.getTimestamp().getTime();
      const overlapMs = this.settings.overlapSeconds * 1000;
      if (time < now - this.retentionMs + overlapMs) return this.fromNow(user, now, 'expired');
      if (time > now + FUTURE_TOLERANCE_MS) return this.fromNow(user, now, 'future');
      return { highWater: cursor, deliveredUpTo: cursor };
    }
    return this.fromNow(user, now);
  }

  private async fromNow(
    user: ObjectId,
    now: number,
    reset?: 'expired' | 'future',
  ): Promise<{ highWater: ObjectId; deliveredUpTo: ObjectId | null; reset?: 'expired' | 'future' }> {
    const latest = await this.latest(user);
    const highWater = latest ?? ObjectId.createFromTime(Math.floor(now / 1000));
    return { highWater, deliveredUpTo: latest, ...(reset ? { reset } : {}) };
  }
}
