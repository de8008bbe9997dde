import { ObjectId, type Collection, type Db, type Document, type Filter } from 'mongodb';
import {
  MESSAGE_BODIES_COLLECTION,
  joinMessage,
  type MessageBodyDocument,
  type StoredMessageDocument,
} from './message-body.document';
import type { MessageDocument } from './message.document';

const JOIN_BATCH = 200;
const POINT_LOOKUP_CONCURRENCY = 20;
const SWEEP_BATCH = 500;
/** Far longer than any insert takes between writing a body and writing its message. */
export const DEFAULT_BODY_ORPHAN_AGE_MS = 30 * 60_000;

/** The newest ObjectId of the second `olderThanMs` ago: bodies at or below it were written at least that long ago. */
const cutoffId = (olderThanMs: number, now: number): ObjectId => {
  const seconds = Math.floor((now - olderThanMs) / 1000);
  return ObjectId.createFromHexString(`${seconds.toString(16).padStart(8, '0')}ffffffffffffffff`);
};

/**
 * Documents by `_id`. FerretDB v1 pushes a plain `_id` equality down to its storage but evaluates `$in`
 * by scanning the whole collection, so there each id is its own point read (a few at a time).
 */
export const findByIds = async <T extends Document & { _id: ObjectId }>(
  collection: Collection<T>,
  ids: ObjectId[],
  pointLookups: boolean,
  projection?: Document,
): Promise<T[]> => {
  if (ids.length === 0) return [];
  const options = projection ? { projection } : {};
  if (!pointLookups) {
    return (await collection.find({ _id: { $in: ids } } as Filter<T>, options).toArray()) as T[];
  }
  const found: T[] = [];
  for (let start = 0; start < ids.length; start += POINT_LOOKUP_CONCURRENCY) {
    const slice = ids.slice(start, start + POINT_LOOKUP_CONCURRENCY);
    const rows = await Promise.all(slice.map((_id) => collection.findOne({ _id } as Filter<T>, options)));
    for (const row of rows) if (row) found.push(row as T);
  }
  return found;
};

/**
 * The `message_bodies` collection. Write order is what keeps it consistent without transactions: a body
 * is written before its message and deleted after it, so a message is never visible without its body,
 * and a crash leaves at most a body nobody points at, which `sweepOrphans` collects.
 */
export class MessageBodyStore {
  readonly bodies: Collection<MessageBodyDocument>;

  constructor(
    db: Db,
    private readonly messages: Collection<StoredMessageDocument>,
    /** True on FerretDB, where only `_id` equality (not `$in`) avoids a full scan. */
    private readonly pointLookups = false,
  ) {
    this.bodies = db.collection<MessageBodyDocument>(MESSAGE_BODIES_COLLECTION);
  }

  async insert(bodies: MessageBodyDocument[]): Promise<void> {
    if (bodies.length === 0) return;
    await this.bodies.insertMany(bodies, { ordered: false });
  }

  async remove(ids: ObjectId[]): Promise<number> {
    if (ids.length === 0) return 0;
    if (!this.pointLookups) return (await this.bodies.deleteMany({ _id: { $in: ids } })).deletedCount;
    // On FerretDB a `$in` delete decodes every body document; `_id` equality deletes go straight to the row.
    let deleted = 0;
    for (let start = 0; start < ids.length; start += POINT_LOOKUP_CONCURRENCY) {
      const results = await Promise.all(
        ids.slice(start, start + POINT_LOOKUP_CONCURRENCY).map((_id) => this.bodies.deleteOne({ _id })),
      );
      for (const result of results) deleted += result.deletedCount;
    }
    return deleted;
  }

  /** Best effort, for a message insert that failed: the sweeper collects what this misses. */
  async discard(ids: ObjectId[]): Promise<void> {
    await this.remove(ids).catch(() => 0);
  }

  /** Body documents by message id, with the fields asked for. */
  async byId(ids: ObjectId[], fields?: readonly string[]): Promise<Map<string, MessageBodyDocument>> {
    const found = new Map<string, MessageBodyDocument>();
    if (ids.length === 0) return found;
    const projection = fields ? Object.fromEntries(fields.map((field) => [field, 1])) : undefined;
    for (const body of await findByIds(this.bodies, ids, this.pointLookups, projection)) {
      found.set(body._id.toHexString(), body);
    }
    return found;
  }

  /** One stored message made whole, or null when it has no body (never visible by the write order). */
  async joinOne(message: StoredMessageDocument): Promise<MessageDocument | null> {
    if (message.tree) return joinMessage(message, null);
    return joinMessage(message, await this.bodies.findOne({ _id: message._id }));
  }

  /** Stored messages made whole, in their order, skipping any without a body. */
  async join(messages: StoredMessageDocument[]): Promise<MessageDocument[]> {
    const joined: MessageDocument[] = [];
    for (let start = 0; start < messages.length; start += JOIN_BATCH) {
      const batch = messages.slice(start, start + JOIN_BATCH);
      const bodies = await this.byId(batch.filter((message) => !message.tree).map((message) => message._id));
      for (const message of batch) {
        const whole = joinMessage(message, bodies.get(message._id.toHexString()) ?? null);
        if (whole) joined.push(whole);
      }
    }
    return joined;
  }

  /** Ids of the user's messages whose body matches `filter` (a filter over body fields only). */
  async matchingIds(user: ObjectId, filter: Filter<MessageBodyDocument>): Promise<ObjectId[]> {
    const ids: ObjectId[] = [];
    const cursor = this.bodies.find({ ...filter, user }, { projection: { _id: 1 } }).batchSize(5000);
    for await (const { _id } of cursor) ids.push(_id);
    return ids;
  }

  /**
   * Deletes bodies older than `olderThanMs` whose message no longer exists: left by a crash between a
   * message delete and its body delete, or between a body insert and its message insert. One pass over
   * the body ids (a single cursor: FerretDB would rescan for every keyset page), then point lookups by
   * `_id` on `messages`, a batch at a time. Idempotent and safe to run from several processes.
   */
  async sweepOrphans(
    olderThanMs: number = DEFAULT_BODY_ORPHAN_AGE_MS,
    now: number = Date.now(),
  ): Promise<number> {
    if (!Number.isFinite(olderThanMs) || olderThanMs < 0)
      throw new RangeError(`invalid orphan age ${olderThanMs}`);
    const cursor = this.bodies
      .find({ _id: { $lte: cutoffId(olderThanMs, now) } }, { projection: { _id: 1 } })
      .batchSize(SWEEP_BATCH);
    let removed = 0;
    let batch: ObjectId[] = [];
    const flush = async (): Promise<void> => {
      const alive = await this.messages.find({ _id: { $in: batch } }, { projection: { _id: 1 } }).toArray();
      const aliveIds = new Set(alive.map((message) => message._id.toHexString()));
      const orphans = batch.filter((id) => !aliveIds.has(id.toHexString()));
      removed += await this.remove(orphans);
      batch = [];
    };
    for await (const { _id } of cursor) {
      batch.push(_id);
      if (batch.length === SWEEP_BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    return removed;
  }
}
