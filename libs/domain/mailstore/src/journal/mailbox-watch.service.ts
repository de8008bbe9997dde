import type { ObjectId } from 'mongodb';
import { isMailStoreError, type MailStoreError } from '../errors/mail-store.error';
import { positionOf, type JournalService } from './journal.service';
import type { JournalBeacon, JournalBeaconSubscriber, JournalEntry, JournalPosition } from './journal.types';

export interface WatchMailboxOptions {
  /** Reads the journal this often even without beacons, to recover lost ones. Default 10 s. */
  pollIntervalMs?: number;
  /**
   * How long an entry that follows a modseq gap is held back. A writer allocates its modseq before it
   * appends, so a later modseq can land in the journal first; delivering it at once would move the cursor
   * past the earlier one for good. The gap is trusted as permanent (a writer crashed, or the modseq was
   * allocated without a journal entry) once the entry after it is this old. Default 2 s; 0 disables.
   */
  gapGraceMs?: number;
  /** Entries read per query. Default 500. */
  pageSize?: number;
  /** Transient read failures and exceptions thrown by the handler; the watch keeps going. */
  onError?: (error: unknown) => void;
  /** The watch fell below the journal's floor and stopped; the consumer must resynchronize in full. */
  onExpired?: (error: MailStoreError) => void;
}

/** Receives ordered, de-duplicated batches; the next batch waits until the returned promise settles. */
export type ChangesHandler = (entries: JournalEntry[], position: JournalPosition) => void | Promise<void>;

export interface MailboxWatch {
  /** Everything up to here has been handed to the handler. */
  readonly position: JournalPosition;
  readonly stopped: boolean;
  /** Read now, e.g. right after this process changed the mailbox itself. */
  poke(): void;
  stop(): Promise<void>;
}

const DEFAULTS = { pollIntervalMs: 10_000, gapGraceMs: 2_000, pageSize: 500 };

type JournalReader = Pick<JournalService, 'changesAfter'>;

class JournalMailboxWatch implements MailboxWatch {
  position: JournalPosition;
  stopped = false;
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private gapTimer: NodeJS.Timeout | undefined;
  /** The entry held back behind a gap, and when this watch first saw it. */
  private held: { id: string; since: number } | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;
  private readonly mailboxHex: string;

  constructor(
    private readonly journal: JournalReader,
    private readonly mailboxId: ObjectId,
    fromModseq: number,
    private readonly onChanges: ChangesHandler,
    private readonly options: Required<Omit<WatchMailboxOptions, 'onError' | 'onExpired'>> &
      Pick<WatchMailboxOptions, 'onError' | 'onExpired'>,
  ) {
    this.position = { modseq: fromModseq };
    this.mailboxHex = mailboxId.toHexString();
  }

  async start(userId: ObjectId, beacons: JournalBeaconSubscriber): Promise<void> {
    // Subscribe before the first read: a change made in between is then either read or announced.
    this.unsubscribe = await beacons.subscribe(userId.toHexString(), (beacon) => this.onBeacon(beacon), {
      // Beacons sent while the subscriber was disconnected are gone; read instead.
      onReconnect: () => this.poke(),
    });
    this.pollTimer = setInterval(() => this.poke(), this.options.pollIntervalMs);
    this.pollTimer.unref();
    this.poke();
  }

  poke(): void {
    if (this.stopped) return;
    if (this.reading) {
      // Coalesce: one more read after the current one covers any number of pokes meanwhile.
      this.readAgain = true;
      return;
    }
    this.reading = this.drain().finally(() => {
      this.reading = undefined;
      if (this.readAgain) {
        this.readAgain = false;
        this.poke();
      }
    });
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.halt(), this.reading]);
  }

  /** Stops timers and beacons without waiting for the current read (which may be the caller). */
  private async halt(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.gapTimer);
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    await unsubscribe?.();
  }

  private onBeacon(beacon: JournalBeacon): void {
    // Equal modseq still counts: our position may sit in the middle of that modseq's entries.
    if (beacon.mailbox === this.mailboxHex && beacon.modseq >= this.position.modseq) this.poke();
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      let entries: JournalEntry[];
      try {
        entries = await this.journal.changesAfter(this.mailboxId, this.position, this.options.pageSize);
      } catch (error) {
        if (isMailStoreError(error, 'JOURNAL_EXPIRED')) {
          await this.halt().catch((unsubscribeError: unknown) => this.options.onError?.(unsubscribeError));
          this.options.onExpired?.(error);
        } else {
          this.options.onError?.(error);
        }
        return;
      }
      const ready = this.settle(entries);
      const last = ready[ready.length - 1];
      if (last) {
        this.position = positionOf(last);
        try {
          await this.onChanges(ready, this.position);
        } catch (error) {
          this.options.onError?.(error);
        }
      }
      // Continue only with a full page that was delivered whole; anything held waits for its timer.
      if (entries.length < this.options.pageSize || ready.length < entries.length) return;
    }
  }

  /** The prefix of `entries` that can be delivered now without skipping a modseq that may still come. */
  private settle(entries: JournalEntry[]): JournalEntry[] {
    let last = this.position.modseq;
    let count = 0;
    for (const entry of entries) {
      if (entry.modseq > last + 1 && !this.gapExpired(entry)) break;
      last = entry.modseq;
      count++;
    }
    if (count === entries.length) this.held = undefined;
    return entries.slice(0, count);
  }

  private gapExpired(entry: JournalEntry): boolean {
    const grace = this.options.gapGraceMs;
    if (grace <= 0) return true;
    const id = entry._id.toHexString();
    const now = Date.now();
    if (this.held?.id !== id) this.held = { id, since: now };
    // The writer's timestamp lets old history through at once; our own first sighting bounds the wait
    // when the writer's clock runs ahead.
    const since = Math.min(this.held.since, entry.created.getTime());
    const remaining = since + grace - now;
    if (remaining <= 0) {
      this.held = undefined;
      return true;
    }
    clearTimeout(this.gapTimer);
    this.gapTimer = setTimeout(() => this.poke(), remaining + 5);
    this.gapTimer.unref();
    return false;
  }
}

/**
 * Follows one mailbox's journal for a session (IDLE, NOOP polling, another process's writes): reads on
 * every beacon for the mailbox and on a slow poll, and hands over each change exactly once, in
 * (modseq, _id) order. Beacons only say "look now"; the journal decides what is delivered.
 */
export class MailboxWatchService {
  constructor(
    private readonly journal: JournalReader,
    private readonly beacons: JournalBeaconSubscriber,
    private readonly defaults: WatchMailboxOptions = {},
  ) {}

  async watchMailbox(
    userId: ObjectId,
    mailboxId: ObjectId,
    fromModseq: number,
    onChanges: ChangesHandler,
    options: WatchMailboxOptions = {},
  ): Promise<MailboxWatch> {
    if (!Number.isSafeInteger(fromModseq) || fromModseq < 0) {
      throw new RangeError(`fromModseq must be a non-negative integer, got ${fromModseq}`);
    }
    const pick = (name: keyof typeof DEFAULTS): number =>
      options[name] ?? this.defaults[name] ?? DEFAULTS[name];
    const settings = {
      pollIntervalMs: Math.max(10, pick('pollIntervalMs')),
      gapGraceMs: pick('gapGraceMs'),
      pageSize: Math.max(1, pick('pageSize')),
      onError: options.onError ?? this.defaults.onError,
      onExpired: options.onExpired ?? this.defaults.onExpired,
    };
    const watch = new JournalMailboxWatch(this.journal, mailboxId, fromModseq, onChanges, settings);
    await watch.start(userId, this.beacons);
    return watch;
  }
}
