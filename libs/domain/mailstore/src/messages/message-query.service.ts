import type { Collection, Filter, ObjectId } from 'mongodb';
import type { MimeNode } from '@eider/mime';
import { resolveBodyConditions } from './body-search.filter';
import { isBodyField, type StoredMessageDocument } from './message-body.document';
import type { MailboxCountsCache } from './mailbox-counts.cache';
import type { MailboxTallies } from './mailbox-tallies';
import type { MessageBodyStore } from './message-body.store';
import type { MessageDocument } from './message.document';
import type { IndexedEquality } from '../model/equality-index.probe';
import { readByUidBlocks, runsOfFewBlocks } from './uid-block.reader';

export type StreamedMessage = Pick<
  MessageDocument,
  'uid' | 'modseq' | 'flags' | 'idate' | 'sizeCrlf' | 'emailId' | 'thread' | 'created'
> & {
  /** Only when asked for (`stream`'s `withPreview`): most reads never need it. */
  preview?: string;
  tree?: MimeNode;
};

export interface MailboxCounts {
  messages: number;
  unseen: number;
  deleted: number;
  /** Sum of the CRLF sizes, what STATUS=SIZE and POP3 report. */
  size: number;
}

// The object ids are small and IMAP's OBJECTID asks for them alongside flags.
const LIGHT_PROJECTION = {
  _id: 0,
  uid: 1,
  modseq: 1,
  flags: 1,
  idate: 1,
  sizeCrlf: 1,
  emailId: 1,
  thread: 1,
  created: 1,
} as const;
const PREVIEW_PROJECTION = { ...LIGHT_PROJECTION, preview: 1 } as const;
// `tree` is only inline on documents written before bodies moved to `message_bodies`.
const TREE_PROJECTION = { ...LIGHT_PROJECTION, _id: 1, tree: 1, preview: 1 } as const;
const TREE_BATCH = 20;
// Below this many UIDs an $in list is cheapest; above it one range scan filtered here reads less.
const IN_LIST_LIMIT = 500;

export interface MailboxSnapshot extends MailboxCounts {
  uids: Uint32Array;
  flagsInUse: string[];
  firstUnseenUid: number | null;
}

/** One message as a snapshot sees it: what SELECT counts and a flags-only FETCH reports. */
export interface SnapshotRow {
  uid: number;
  flags: string[];
  sizeCrlf: number;
  modseq: number;
  idate: Date;
  /** Missing on documents stored before it was recorded. */
  created?: Date | null;
}

/** A snapshot from rows in ascending UID order (unseen and deleted follow from the flags). */
export const summariseSnapshot = async (
  rows: AsyncIterable<SnapshotRow> | Iterable<SnapshotRow>,
): Promise<MailboxSnapshot> => {
  const uids: number[] = [];
  const flagsInUse = new Set<string>();
  let unseen = 0;
  let deleted = 0;
  let size = 0;
  let firstUnseenUid: number | null = null;
  for await (const row of rows) {
    uids.push(row.uid);
    for (const flag of row.flags) flagsInUse.add(flag);
    if (!row.flags.includes('\\Seen')) {
      unseen += 1;
      firstUnseenUid ??= row.uid;
    }
    if (row.flags.includes('\\Deleted')) deleted += 1;
    size += row.sizeCrlf;
  }
  return {
    uids: Uint32Array.from(uids),
    messages: uids.length,
    unseen,
    deleted,
    size,
    flagsInUse: [...flagsInUse],
    firstUnseenUid,
  };
};

/** The mailbox a query runs in: its id, and its owner, who scopes body searches. */
export interface MailboxRef {
  _id: ObjectId;
  user: ObjectId;
}

type TreeRow = StreamedMessage & { _id: ObjectId };

/**
 * Read-only views of a mailbox's messages that the protocols list, count and search with. Only `stream`
 * with trees and searches over body fields read `message_bodies`; everything else reads the slim
 * `messages` documents alone.
 */
export class MessageQueryService {
  constructor(
    private readonly messages: Collection<StoredMessageDocument>,
    private readonly bodies: MessageBodyStore,
    private readonly cache?: MailboxCountsCache,
    private readonly tallies?: Pick<MailboxTallies, 'read'>,
    /** FerretDB: reads by UID go by equality on UID blocks once the store indexes them. */
    private readonly equality?: IndexedEquality,
  ) {}

  /** The mailbox's counts, from the cache while its modseq has not moved. */
  async counts(mailbox: ObjectId): Promise<MailboxCounts> {
    const one = async ([missing]: ObjectId[]): Promise<Map<string, MailboxCounts>> => {
      if (!missing) return new Map();
      const tallied = await this.tallies?.read([missing]);
      return new Map([
        [missing.toHexString(), tallied?.get(missing.toHexString()) ?? (await this.countNow(missing))],
      ]);
    };
    const counted = this.cache ? await this.cache.counts([mailbox], one) : await one([mailbox]);
    return counted.get(mailbox.toHexString()) ?? this.countNow(mailbox);
  }

  /** Counts of several mailboxes, the cached ones from the cache and the rest in one round. */
  countsMany(mailboxes: readonly ObjectId[]): Promise<Map<string, MailboxCounts>> {
    const many = async (missing: ObjectId[]): Promise<Map<string, MailboxCounts>> => {
      const tallied = (await this.tallies?.read(missing)) ?? new Map<string, MailboxCounts>();
      const untallied = missing.filter((mailbox) => !tallied.has(mailbox.toHexString()));
      if (untallied.length === 0) return tallied;
      for (const [id, counts] of await this.countManyNow(untallied)) tallied.set(id, counts);
      return tallied;
    };
    return this.cache ? this.cache.counts(mailboxes, many) : many([...mailboxes]);
  }

  /** Separate counts: FerretDB computes only the first accumulator of a $group. */
  private async countNow(mailbox: ObjectId): Promise<MailboxCounts> {
    const [messages, unseen, deleted, sizes] = await Promise.all([
      this.messages.countDocuments({ mailbox }),
      this.messages.countDocuments({ mailbox, unseen: true }),
      this.messages.countDocuments({ mailbox, deleted: true }),
      this.messages
        .aggregate<{ size: number }>([
          { $match: { mailbox } },
          { $group: { _id: null, size: { $sum: '$sizeCrlf' } } },
        ])
        .toArray(),
    ]);
    return { messages, unseen, deleted, size: sizes[0]?.size ?? 0 };
  }

  /**
   * Counts of several mailboxes in a constant number of queries, one grouped aggregation per counter
   * (FerretDB computes only the first accumulator of a $group). Mailboxes without messages count zero.
   */
  private async countManyNow(mailboxes: readonly ObjectId[]): Promise<Map<string, MailboxCounts>> {
    const result = new Map<string, MailboxCounts>();
    for (const mailbox of mailboxes) {
      result.set(mailbox.toHexString(), { messages: 0, unseen: 0, deleted: 0, size: 0 });
    }
    if (mailboxes.length === 0) return result;
    const grouped = (match: Filter<MessageDocument>, sum: 1 | '$sizeCrlf') =>
      this.messages
        .aggregate<{ _id: ObjectId; value: number }>([
          { $match: { ...match, mailbox: { $in: [...mailboxes] } } },
          { $group: { _id: '$mailbox', value: { $sum: sum } } },
        ])
        .toArray();
    const [messages, unseen, deleted, sizes] = await Promise.all([
      grouped({}, 1),
      grouped({ unseen: true }, 1),
      grouped({ deleted: true }, 1),
      grouped({}, '$sizeCrlf'),
    ]);
    const apply = (rows: { _id: ObjectId; value: number }[], field: keyof MailboxCounts) => {
      for (const row of rows) {
        const counts = result.get(row._id.toHexString());
        if (counts) counts[field] = row.value;
      }
    };
    apply(messages, 'messages');
    apply(unseen, 'unseen');
    apply(deleted, 'deleted');
    apply(sizes, 'size');
    return result;
  }

  /**
   * Every message's snapshot row, in UID order: everything SELECT needs (`summariseSnapshot`) from one
   * pass, because on FerretDB a count, three more counts, a distinct and a UID list would be six scans.
   */
  async *snapshotRows(mailbox: ObjectId): AsyncGenerator<SnapshotRow> {
    yield* this.messages
      .find<SnapshotRow>(
        { mailbox },
        { projection: { _id: 0, uid: 1, flags: 1, sizeCrlf: 1, modseq: 1, idate: 1, created: 1 } },
      )
      .sort({ uid: 1 })
      .batchSize(5000);
  }

  countAboveUid(mailbox: ObjectId, uid: number): Promise<number> {
    return this.messages.countDocuments({ mailbox, uid: { $gt: uid } });
  }

  /** Flags and keywords in use in the mailbox. */
  async flagsInUse(mailbox: ObjectId): Promise<string[]> {
    const flags = await this.messages.distinct('flags', { mailbox });
    return flags.filter((flag): flag is string => typeof flag === 'string');
  }

  /**
   * Streams the listed messages in UID order without holding them all: flag-only reads stay small, and
   * the MIME tree is read only when asked for.
   */
  async *stream(
    mailbox: ObjectId,
    uids: readonly number[] | Uint32Array,
    withTree: boolean,
    withPreview = false,
  ): AsyncGenerator<StreamedMessage> {
    if (!withTree) {
      yield* this.scan<StreamedMessage>(
        mailbox,
        uids,
        withPreview ? PREVIEW_PROJECTION : LIGHT_PROJECTION,
        2000,
      );
      return;
    }
    // Trees come from the body documents, joined a small batch at a time so memory stays bounded.
    let batch: TreeRow[] = [];
    for await (const row of this.scan<TreeRow>(mailbox, uids, TREE_PROJECTION, TREE_BATCH)) {
      batch.push(row);
      if (batch.length === TREE_BATCH) {
        yield* await this.withTrees(batch);
        batch = [];
      }
    }
    if (batch.length > 0) yield* await this.withTrees(batch);
  }

  private async withTrees(rows: TreeRow[]): Promise<StreamedMessage[]> {
    const bodies = await this.bodies.byId(
      rows.filter((row) => !row.tree).map((row) => row._id),
      ['tree'],
    );
    const joined: StreamedMessage[] = [];
    for (const { _id, ...row } of rows) {
      const tree = row.tree ?? bodies.get(_id.toHexString())?.tree;
      // No body means the message is mid-delete (the message document goes first): skip it.
      if (tree) joined.push({ ...row, tree });
    }
    return joined;
  }

  private async *scan<T extends { uid: number }>(
    mailbox: ObjectId,
    uids: readonly number[] | Uint32Array,
    projection: Record<string, 0 | 1>,
    batchSize: number,
  ): AsyncGenerator<T> {
    if (uids.length === 0) return;
    if (this.equality && (await this.equality.indexed())) {
      for (const run of runsOfFewBlocks(uids)) {
        yield* await readByUidBlocks<T>(this.messages, { mailbox }, run, {
          projection: { ...projection, uid: 1 },
        });
      }
      return;
    }
    if (uids.length <= IN_LIST_LIMIT) {
      const cursor = this.messages
        .find<T>({ mailbox, uid: { $in: [...uids] } }, { projection })
        .sort({ uid: 1 })
        .batchSize(batchSize);
      for await (const message of cursor) yield message;
      return;
    }
    const cursor = this.messages
      .find<T>({ mailbox, uid: { $gte: uids[0] ?? 0, $lte: uids[uids.length - 1] ?? 0 } }, { projection })
      .sort({ uid: 1 })
      .batchSize(batchSize);
    let next = 0;
    for await (const found of cursor) {
      while (next < uids.length && (uids[next] ?? 0) < found.uid) next += 1;
      if (next < uids.length && uids[next] === found.uid) yield found;
    }
  }

  /**
   * Messages of one mailbox matching a filter built by a search translator, with the fields asked for.
   * Conditions on body fields are answered by `message_bodies` (scoped to the mailbox's owner), and body
   * fields asked for are joined from it.
   */
  async find<K extends keyof MessageDocument>(
    mailbox: MailboxRef,
    filter: Filter<MessageDocument>,
    fields: readonly K[],
  ): Promise<Pick<MessageDocument, K>[]> {
    const resolved = await resolveBodyConditions(filter as Filter<StoredMessageDocument>, (bodyFilter) =>
      this.bodies.matchingIds(mailbox.user, bodyFilter),
    );
    const heavy = fields.filter((field) => isBodyField(field));
    const projection: Record<string, 0 | 1> = { _id: heavy.length > 0 ? 1 : 0 };
    for (const field of fields) projection[field] = 1;
    const rows = await this.messages
      .find<Partial<MessageDocument> & { _id: ObjectId }>(
        { ...resolved, mailbox: mailbox._id },
        { projection },
      )
      .toArray();
    if (heavy.length === 0) return rows as Pick<MessageDocument, K>[];
    const first = heavy[0]!;
    const bodies = await this.bodies.byId(
      rows.filter((row) => row[first] === undefined).map((row) => row._id),
      heavy,
    );
    const joined: Pick<MessageDocument, K>[] = [];
    for (const row of rows) {
      const body = row[first] === undefined ? bodies.get(row._id.toHexString()) : undefined;
      if (row[first] === undefined && !body) continue;
      const whole: Partial<MessageDocument> = { ...row, ...(body ? pick(body, heavy) : {}) };
      if (!fields.includes('_id' as K)) delete whole._id;
      joined.push(whole as Pick<MessageDocument, K>);
    }
    return joined;
  }
}

const pick = (source: object, keys: readonly string[]): Record<string, unknown> => {
  const picked: Record<string, unknown> = {};
  for (const key of keys) picked[key] = (source as Record<string, unknown>)[key];
  return picked;
};
