import { type Db, ObjectId } from 'mongodb';
import type { StoreCapabilities } from '@eider/mongo';
import { AttachmentStore, keyUpdateModeFor } from './attachments';
import {
  JournalService,
  JournalSweeper,
  ModseqAllocator,
  counterModeFor,
  type JournalBeaconPublisher,
  type JournalEntry,
  type JournalEntryInput,
} from './journal';
import { MailboxService } from './mailboxes/mailbox.service';
import { MailboxBlockPager } from './messages/mailbox-block.pager';
import { MailboxCountsCache, type CountsCacheClient } from './messages/mailbox-counts.cache';
import { MessageIngestService } from './messages/message-ingest.service';
import { MessageListingService } from './messages/message-listing.service';
import type { StoredMessageDocument } from './messages/message-body.document';
import { MessageBodyStore } from './messages/message-body.store';
import type { ChangeRecorder, MessageChange } from './messages/message-store.ports';
import { MessageQueryService } from './messages/message-query.service';
import { EqualityIndexProbe } from './model/equality-index.probe';
import { JournalBlockReader } from './journal/journal-block.reader';
import { MailboxTallies } from './messages/mailbox-tallies';
import { MessageService } from './messages/message.service';
import type { ThreadRefDocument } from './messages/thread-resolver';
import { UidBlockBackfill } from './messages/uid-block.backfill';
import { QuotaService } from './quota/quota.service';
import { UserService } from './users/user.service';

export interface MailStoreOptions {
  maxMessageSize: number;
  /** Body runs above this many bytes go to GridFS. */
  inlineThreshold?: number;
  journalRetentionSeconds: number;
  beacons?: JournalBeaconPublisher;
  onBeaconError?: (error: unknown) => void;
  /** Redis for cached mailbox counts; without it counts are computed on every call. */
  countsCache?: CountsCacheClient;
  /** Prefix of the cache keys, e.g. `eider:`. */
  cacheKeyPrefix?: string;
  /** Writer-kept mailbox counts; on by default where counting means scanning (not on MongoDB). */
  tallies?: boolean;
}

export const DEFAULT_INLINE_THRESHOLD = 64 * 1024;

/** Journal-backed change recording: allocate counters, then append entries that announce themselves. */
class JournalChangeRecorder implements ChangeRecorder {
  constructor(
    private readonly allocator: ModseqAllocator,
    private readonly journal: JournalService,
    private readonly counts: MailboxCountsCache,
  ) {}

  settled(mailboxes: ObjectId[]): Promise<void> {
    return this.counts.settled(mailboxes);
  }

  allocateUids(mailbox: ObjectId, count: number): Promise<{ firstUid: number; modseq: number }> {
    return this.allocator.allocateUids(mailbox, count);
  }

  allocateModseq(mailbox: ObjectId): Promise<number> {
    return this.allocator.allocateModseq(mailbox);
  }

  async record(user: ObjectId, changes: MessageChange[]): Promise<void> {
    const entries: JournalEntryInput[] = changes.map((change) => ({
      user,
      mailbox: change.mailbox,
      modseq: change.modseq,
      kind: change.kind,
      uid: change.uid,
      message: change.message,
      ...(change.flags ? { flags: change.flags } : {}),
    }));
    await this.journal.append(entries);
  }
}

/**
 * The mail store: one object wiring users, mailboxes, messages, attachments, quota and the journal for a
 * database. Counter allocation and attachment reference counting pick their safe mode from the store's
 * capabilities, because FerretDB's read-modify-write updates are not atomic under concurrency.
 */
export class MailStore {
  readonly attachments: AttachmentStore;
  readonly allocator: ModseqAllocator;
  readonly journal: JournalService;
  readonly journalSweeper: JournalSweeper;
  readonly quota: QuotaService;
  readonly mailboxes: MailboxService;
  readonly users: UserService;
  readonly messages: MessageService;
  readonly queries: MessageQueryService;
  readonly listing: MessageListingService;
  readonly ingest: MessageIngestService;
  readonly messageBodies: MessageBodyStore;
  readonly uidBlocks: UidBlockBackfill;
  /** Writer-kept counts; only FerretDB keeps them (see MailboxTallies). */
  readonly tallies: MailboxTallies;

  constructor(
    readonly db: Db,
    readonly capabilities: StoreCapabilities,
    options: MailStoreOptions,
  ) {
    this.attachments = new AttachmentStore(db, { keyUpdates: keyUpdateModeFor(capabilities) });
    this.allocator = new ModseqAllocator(db, counterModeFor(capabilities));
    this.journal = new JournalService(db, {
      ...(options.beacons ? { beacons: options.beacons } : {}),
      ...(options.onBeaconError ? { onBeaconError: options.onBeaconError } : {}),
      ...(capabilities.backend === 'mongodb'
        ? {}
        : {
            blockReader: new JournalBlockReader(
              db,
              async (mailbox) => (await this.allocator.current(mailbox)).modseq,
              new EqualityIndexProbe(db.collection<JournalEntry>('journal'), () => ({
                mailbox: new ObjectId(),
                modseqBlock: 0,
              })),
            ),
          }),
    });
    this.journalSweeper = new JournalSweeper(db, options.journalRetentionSeconds);
    this.quota = new QuotaService(db, keyUpdateModeFor(capabilities));
    this.tallies = new MailboxTallies(
      db,
      options.tallies ?? capabilities.backend !== 'mongodb',
      keyUpdateModeFor(capabilities) === 'locked',
    );
    this.mailboxes = new MailboxService(db, this.tallies);
    this.users = new UserService(db, this.mailboxes);
    const countsCache = new MailboxCountsCache(options.countsCache, this.allocator, {
      keyPrefix: options.cacheKeyPrefix ?? 'eider:',
    });
    const recorder = new JournalChangeRecorder(this.allocator, this.journal, countsCache);
    const messages = db.collection<StoredMessageDocument>('messages');
    this.messageBodies = new MessageBodyStore(db, messages, capabilities.backend !== 'mongodb');
    const ferretdb = capabilities.backend !== 'mongodb';
    const equality = ferretdb
      ? new EqualityIndexProbe(messages, () => ({
          mailbox: new ObjectId(),
          uidBlock: 0,
        }))
      : undefined;
    this.queries = new MessageQueryService(messages, this.messageBodies, countsCache, this.tallies, equality);
    this.uidBlocks = new UidBlockBackfill(db, messages);
    // MongoDB range-scans {mailbox, uid}; FerretDB would decode the whole mailbox for the same query.
    const pager =
      capabilities.backend === 'mongodb'
        ? undefined
        : new MailboxBlockPager(messages, this.uidBlocks, this.allocator);
    this.listing = new MessageListingService(messages, this.messageBodies, {
      counts: (mailbox) => this.queries.counts(mailbox),
      ...(pager ? { pager } : {}),
    });
    this.messages = new MessageService(
      messages,
      this.messageBodies,
      this.attachments,
      recorder,
      this.quota,
      this.tallies,
      capabilities.backend !== 'mongodb',
      equality,
    );
    this.ingest = new MessageIngestService(
      messages,
      this.messageBodies,
      db.collection<ThreadRefDocument>('thread_refs'),
      this.attachments,
      recorder,
      this.quota,
      {
        maxMessageSize: options.maxMessageSize,
        inlineThreshold: options.inlineThreshold ?? DEFAULT_INLINE_THRESHOLD,
      },
      this.tallies,
    );
    this.mailboxes.useContentsRemover(this.messages);
  }
}
