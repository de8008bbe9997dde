import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { connectTestDatabase, onEmbeddedStore } from '@eider/testing';
import {
  type CreateIndexesOptions,
  GridFSBucket,
  type IndexSpecification,
  MongoClient,
  type Collection,
  type Db,
  type Document,
  type ObjectId,
} from 'mongodb';
import { ensureExpiry, ExpirySweeper, type ExpiryRule } from './expiry';
import { isDuplicateKeyError } from './mongo-errors';
import { detectStoreCapabilities, type StoreCapabilities } from './store-capabilities';

/**
 * What Eider needs from its store, checked against the store the run uses: the embedded FerretDB v1
 * (SQLite) by default, or a real MongoDB when MONGODB_URI points to one. The same file runs on both.
 * Where FerretDB v1 behaves differently, the test states both behaviours, so the gap is written down
 * and a change of FerretDB version that alters it fails loudly. docs/storage-compatibility.md explains
 * what Eider does about each gap.
 */

const MB = 1024 * 1024;

/** 1..n, the values a gap-free allocator must hand out. */
const oneTo = (n: number): number[] => Array.from({ length: n }, (_, index) => index + 1);

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

const readAll = async (stream: AsyncIterable<Buffer>): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
};

/** The error an operation is rejected with; fails the test when it succeeds instead. */
const rejectionOf = async (operation: Promise<unknown>): Promise<unknown> => {
  try {
    await operation;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to be rejected, but it succeeded');
};

/**
 * A full garbage collection, so heap samples measure what is retained rather than garbage that has not
 * been collected yet. Vitest does not start workers with --expose-gc; setting the V8 flag at run time
 * makes `gc` available in contexts created afterwards.
 */
const exposeGc = (): (() => void) => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
};

describe('store compatibility (real store)', () => {
  let client: MongoClient;
  let db: Db;
  let capabilities: StoreCapabilities;
  const onFerretdb = (): boolean => capabilities.backend === 'ferretdb';

  beforeAll(async () => {
    ({ client, db } = await connectTestDatabase());
    capabilities = await detectStoreCapabilities(db);
  });
  afterAll(async () => {
    await client.close();
  });

  describe('unique indexes', () => {
    interface Placement {
      mailbox: string;
      uid?: number | null;
      note?: string;
    }
    let placements: Collection<Placement>;

    beforeAll(async () => {
      placements = db.collection<Placement>('compat_unique');
      await placements.createIndex({ mailbox: 1, uid: 1 }, { unique: true, name: 'mailbox_uid' });
    });

    it('rejects a duplicate insert with duplicate-key error 11000', async () => {
      await placements.insertOne({ mailbox: 'inbox', uid: 1 });
      const error = await rejectionOf(placements.insertOne({ mailbox: 'inbox', uid: 1 }));
      expect(isDuplicateKeyError(error)).toBe(true);
      // The same key in another mailbox is not a duplicate: the index is compound.
      await placements.insertOne({ mailbox: 'sent', uid: 1 });
      expect(await placements.countDocuments({ uid: 1 })).toBe(2);
    });

    it('reports 11000 per document from an unordered insertMany and keeps the others', async () => {
      const error = await rejectionOf(
        placements.insertMany(
          [
            { mailbox: 'bulk', uid: 1 },
            { mailbox: 'bulk', uid: 1 },
            { mailbox: 'bulk', uid: 2 },
          ],
          { ordered: false },
        ),
      );
      expect(isDuplicateKeyError(error)).toBe(true);
      const writeErrors = (error as { writeErrors?: { code?: number; index?: number }[] }).writeErrors ?? [];
      expect(writeErrors.map(({ code, index }) => ({ code, index }))).toEqual([{ code: 11000, index: 1 }]);
      expect(await placements.countDocuments({ mailbox: 'bulk' })).toBe(2);
    });

    it('rejects an upsert that would insert a duplicate with 11000', async () => {
      await placements.insertOne({ mailbox: 'upsert', uid: 7 });
      const error = await rejectionOf(
        placements.updateOne({ note: 'absent' }, { $set: { mailbox: 'upsert', uid: 7 } }, { upsert: true }),
      );
      expect(isDuplicateKeyError(error)).toBe(true);
    });

    it('rejects an update that would collide, but FerretDB v1 does not report it as 11000', async () => {
      await placements.insertMany([
        { mailbox: 'move', uid: 1 },
        { mailbox: 'move', uid: 2 },
      ]);
      const error = await rejectionOf(
        placements.updateOne({ mailbox: 'move', uid: 2 }, { $set: { uid: 1 } }),
      );
      // Either way nothing changed.
      expect(await placements.countDocuments({ mailbox: 'move', uid: 2 })).toBe(1);
      if (onFerretdb()) {
        // FerretDB v1 maps unique violations to 11000 only on insert; from update, replace and
        // findAndModify the SQL constraint error comes back as InternalError (code 1). Callers that
        // move keys must therefore not rely on isDuplicateKeyError alone.
        expect(error).toMatchObject({ code: 1, codeName: 'InternalError' });
      } else {
        expect(isDuplicateKeyError(error)).toBe(true);
      }
    });

    it('treats a missing key as null on MongoDB, but never as a collision on FerretDB v1', async () => {
      await placements.insertOne({ mailbox: 'keyless' });
      const second = placements.insertOne({ mailbox: 'keyless' });
      if (onFerretdb()) {
        // SQLite and PostgreSQL unique indexes let NULLs repeat, and FerretDB stores a missing field as NULL.
        await second;
        expect(await placements.countDocuments({ mailbox: 'keyless' })).toBe(2);
      } else {
        expect(isDuplicateKeyError(await rejectionOf(second))).toBe(true);
      }
      // An explicit null collides on both, which is why Eider always writes its key fields.
      await placements.insertOne({ mailbox: 'null-key', uid: null });
      expect(
        isDuplicateKeyError(await rejectionOf(placements.insertOne({ mailbox: 'null-key', uid: null }))),
      ).toBe(true);
    });
  });

  describe('counters and concurrent updates', () => {
    interface Counter {
      _id: string;
      seq: number;
    }

    const incrementConcurrently = async (
      counters: Collection<Counter>,
      id: string,
      calls: number,
    ): Promise<{ values: number[]; errors: unknown[] }> => {
      const settled = await Promise.allSettled(
        Array.from({ length: calls }, () =>
          counters.findOneAndUpdate(
            { _id: id },
            { $inc: { seq: 1 } },
            { upsert: true, returnDocument: 'after' },
          ),
        ),
      );
      const values = settled
        .flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value.seq] : []))
        .sort((a, b) => a - b);
      const errors = settled.flatMap((result): unknown[] =>
        result.status === 'rejected' ? [result.reason] : [],
      );
      return { values, errors };
    };

    it('findOneAndUpdate $inc hands out 1..50 to 50 concurrent callers on MongoDB; FerretDB v1 loses increments', async () => {
      const counters = db.collection<Counter>('compat_counters');
      if (!onFerretdb()) {
        const { values, errors } = await incrementConcurrently(counters, 'uid-next', 50);
        expect(errors).toEqual([]);
        expect(values).toEqual(oneTo(50));
        expect((await counters.findOne({ _id: 'uid-next' }))?.seq).toBe(50);
        return;
      }
      // FerretDB v1 reads the document, applies $inc in Go and writes the whole document back by _id
      // with no check that it is unchanged, so concurrent callers get duplicate values and increments are
      // lost; racing upserts also fail with 11000. A race can come out clean by luck, so up to three
      // rounds are run; the observed rate is far higher than that.
      let clean = true;
      for (let round = 0; round < 3 && clean; round++) {
        const { values, errors } = await incrementConcurrently(counters, `uid-next-${round}`, 50);
        expect(errors.every(isDuplicateKeyError)).toBe(true);
        clean = errors.length === 0 && values.join() === oneTo(50).join();
      }
      expect(clean).toBe(false);
    });

    it('findOneAndUpdate $inc from one caller at a time is gap-free on every store', async () => {
      const counters = db.collection<Counter>('compat_counters');
      const values: number[] = [];
      for (let call = 0; call < 50; call++) {
        const doc = await counters.findOneAndUpdate(
          { _id: 'sequential' },
          { $inc: { seq: 1 } },
          { upsert: true, returnDocument: 'after' },
        );
        values.push(doc!.seq);
      }
      expect(values).toEqual(oneTo(50));
    });

    it('claiming values by unique insert is gap-free under concurrency on every store', async () => {
      // The allocation pattern that holds on FerretDB too: the unique index, not the update, arbitrates.
      const claims = db.collection<{ scope: string; value: number }>('compat_claims');
      await claims.createIndex({ scope: 1, value: 1 }, { unique: true });
      const claimNext = async (scope: string): Promise<number> => {
        const top = await claims.find({ scope }).sort({ value: -1 }).limit(1).next();
        for (let value = (top?.value ?? 0) + 1; ; value++) {
          try {
            await claims.insertOne({ scope, value });
            return value;
          } catch (error) {
            if (!isDuplicateKeyError(error)) throw error;
          }
        }
      };
      const values = await Promise.all(Array.from({ length: 50 }, () => claimNext('inbox')));
      expect(values.sort((a, b) => a - b)).toEqual(oneTo(50));
    });

    it('concurrent $set of different fields all land on MongoDB; FerretDB v1 keeps the last writer only', async () => {
      const docs = db.collection<{ _id: string; [field: string]: unknown }>('compat_concurrent_set');
      const fieldsKept = async (id: string): Promise<number> => {
        await docs.insertOne({ _id: id });
        await Promise.all(
          Array.from({ length: 20 }, (_, index) =>
            docs.updateOne({ _id: id }, { $set: { [`f${index}`]: index } }),
          ),
        );
        const doc = await docs.findOne({ _id: id });
        return Object.keys(doc ?? {}).filter((key) => key.startsWith('f')).length;
      };
      if (!onFerretdb()) {
        expect(await fieldsKept('message')).toBe(20);
        return;
      }
      // Same cause as the lost increments: every update rewrites the whole document.
      let kept = 20;
      for (let round = 0; round < 3 && kept === 20; round++) kept = await fieldsKept(`message-${round}`);
      expect(kept).toBeLessThan(20);
    });
  });

  describe('GridFS', () => {
    let bucket: GridFSBucket;
    let data: Buffer;
    let id: string;
    // The driver's typings say GridFS ids are ObjectIds; the server and the driver accept any _id.
    let fileId: ObjectId;

    beforeAll(async () => {
      bucket = new GridFSBucket(db, { bucketName: 'compat_blobs' });
      data = randomBytes(20 * MB);
      // Content-addressed, as Eider stores message bodies: the _id is the body's sha256.
      id = sha256(data);
      fileId = id as unknown as ObjectId;
      await pipeline(
        Readable.from([data]),
        bucket.openUploadStreamWithId(fileId, 'message.eml', {
          metadata: { contentType: 'message/rfc822', refs: 1 },
        }),
      );
    });

    it('stores the files document with the custom _id, length and metadata', async () => {
      const files = await bucket.find({ _id: fileId }).toArray();
      expect(files).toHaveLength(1);
      expect(files[0]).toMatchObject({
        _id: id,
        length: data.length,
        filename: 'message.eml',
        metadata: { contentType: 'message/rfc822', refs: 1 },
      });
      const chunkSize = files[0]!.chunkSize;
      expect(await db.collection('compat_blobs.chunks').countDocuments({ files_id: id })).toBe(
        Math.ceil(data.length / chunkSize),
      );
    });

    it('downloads the whole file intact', async () => {
      expect(sha256(await readAll(bucket.openDownloadStream(fileId)))).toBe(id);
    });

    it('downloads byte ranges, including ones that cross chunk boundaries', async () => {
      const [file] = await bucket.find({ _id: fileId }).toArray();
      const chunk = file!.chunkSize;
      const ranges: [start: number, end: number][] = [
        [0, 1],
        [0, chunk],
        [chunk - 10, chunk + 10],
        [3 * chunk - 1, 7 * chunk + 1],
        [12_345, 12_346],
        [5 * MB, 15 * MB],
        [data.length - chunk - 5, data.length],
      ];
      for (const [start, end] of ranges) {
        const part = await readAll(bucket.openDownloadStream(fileId, { start, end }));
        const expected = data.subarray(start, end);
        expect({ start, end, length: part.length }).toEqual({ start, end, length: expected.length });
        expect(part.equals(expected)).toBe(true);
      }
    });

    it('needs an explicit end with a start: the driver defaults end to 0', async () => {
      // A driver rule, not a store one, but it bites IMAP partial FETCH of a body's tail: pass the
      // file length as end.
      const error = await rejectionOf(readAll(bucket.openDownloadStream(fileId, { start: 10 })));
      expect(error).toMatchObject({ name: 'MongoInvalidArgumentError' });
    });

    it('refuses a second upload under the same _id with 11000 and keeps the first intact', async () => {
      // Deduplicated stores rely on this: a racing writer of the same body gets a duplicate-key error.
      // (Calling abort() on the failed stream would delete the first upload's chunks: never do that.)
      const error = await rejectionOf(
        pipeline(
          Readable.from([Buffer.from('other body')]),
          bucket.openUploadStreamWithId(fileId, 'again.eml'),
        ),
      );
      expect(isDuplicateKeyError(error)).toBe(true);
      const files = await bucket.find({ _id: fileId }).toArray();
      expect(files.map((file) => file.length)).toEqual([data.length]);
    });
  });

  describe('aggregation', () => {
    let messages: Collection<{ mailbox: string; size: number; seen: boolean }>;

    beforeAll(async () => {
      messages = db.collection('compat_aggregation');
      await messages.insertMany([
        { mailbox: 'inbox', size: 100, seen: true },
        { mailbox: 'inbox', size: 250, seen: true },
        { mailbox: 'inbox', size: 7, seen: false },
        { mailbox: 'sent', size: 40, seen: true },
        { mailbox: 'archive', size: 1000, seen: true },
        { mailbox: 'archive', size: 1, seen: false },
      ]);
    });

    it('totals sizes per mailbox with $match, $group, $sum, $sort and $limit', async () => {
      const totals = await messages
        .aggregate([
          { $match: { seen: true } },
          { $group: { _id: '$mailbox', bytes: { $sum: '$size' } } },
          { $sort: { bytes: -1 } },
          { $limit: 2 },
        ])
        .toArray();
      expect(totals).toEqual([
        { _id: 'archive', bytes: 1000 },
        { _id: 'inbox', bytes: 350 },
      ]);
    });

    it('counts per mailbox with $sum: 1', async () => {
      const counts = await messages
        .aggregate([{ $group: { _id: '$mailbox', count: { $sum: 1 } } }, { $sort: { _id: 1 } }])
        .toArray();
      expect(counts).toEqual([
        { _id: 'archive', count: 2 },
        { _id: 'inbox', count: 3 },
        { _id: 'sent', count: 1 },
      ]);
    });

    it('computes every accumulator of a $group on MongoDB; FerretDB v1 silently zeroes all but the first', async () => {
      const rows = await messages
        .aggregate([
          { $match: { mailbox: 'inbox' } },
          { $group: { _id: null, bytes: { $sum: '$size' }, count: { $sum: 1 } } },
        ])
        .toArray();
      // FerretDB v1 passes one iterator to all accumulators; the first drains it. Eider therefore uses a
      // single accumulator per $group (one pipeline per figure) until FerretDB is no longer supported.
      expect(rows).toEqual([{ _id: null, bytes: 357, count: onFerretdb() ? 0 : 3 }]);
    });
  });

  it('applies a mixed bulkWrite in order and reports the right counts', async () => {
    const docs = db.collection<{ _id: number; box: string; n: number; seen?: boolean }>('compat_bulk');
    await docs.insertMany([
      { _id: 1, box: 'a', n: 1 },
      { _id: 2, box: 'a', n: 2 },
      { _id: 3, box: 'b', n: 3 },
      { _id: 4, box: 'b', n: 4 },
    ]);
    const result = await docs.bulkWrite([
      { insertOne: { document: { _id: 5, box: 'c', n: 5 } } },
      { updateOne: { filter: { _id: 1 }, update: { $set: { seen: true } } } },
      { updateMany: { filter: { box: 'b' }, update: { $inc: { n: 10 } } } },
      { deleteOne: { filter: { _id: 2 } } },
      // Replaces the document inserted earlier in the same batch: ordered bulk writes run in sequence.
      { replaceOne: { filter: { _id: 5 }, replacement: { box: 'c', n: 50 } } },
      { updateOne: { filter: { _id: 6 }, update: { $set: { box: 'd', n: 6 } }, upsert: true } },
      // Matches but changes nothing, so it counts as matched and not as modified.
      { updateOne: { filter: { _id: 1 }, update: { $set: { seen: true } } } },
    ]);
    expect({
      inserted: result.insertedCount,
      matched: result.matchedCount,
      modified: result.modifiedCount,
      deleted: result.deletedCount,
      upserted: result.upsertedCount,
      upsertedIds: result.upsertedIds,
    }).toEqual({
      inserted: 1,
      matched: 5,
      modified: 4,
      deleted: 1,
      upserted: 1,
      // The upsert is operation 5. FerretDB v1 numbers upserts by their order among the upserts of one
      // update command instead of by statement, so the driver maps it to operation 4 (the first
      // statement of that command). Use the upserted _id values, not their keys, on both stores.
      upsertedIds: onFerretdb() ? { 4: 6 } : { 5: 6 },
    });
    expect(await docs.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, box: 'a', n: 1, seen: true },
      { _id: 3, box: 'b', n: 13 },
      { _id: 4, box: 'b', n: 14 },
      { _id: 5, box: 'c', n: 50 },
      { _id: 6, box: 'd', n: 6 },
    ]);
  });

  describe('expiry', () => {
    const rule: ExpiryRule = { field: 'expiresFrom', afterSeconds: 3600 };
    const now = new Date();
    const ago = (seconds: number): Date => new Date(now.getTime() - seconds * 1000);

    const seed = async (collection: Collection<Document>): Promise<void> => {
      await collection.insertMany([
        { _id: 'old-2h', expiresFrom: ago(2 * 3600) },
        { _id: 'old-1d', expiresFrom: ago(24 * 3600) },
        { _id: 'fresh-10m', expiresFrom: ago(600) },
        { _id: 'fresh-now', expiresFrom: now },
        // Documents without the field never expire, as with a TTL index.
        { _id: 'no-date' },
      ] as Document[]);
    };
    const remainingIds = async (collection: Collection<Document>): Promise<unknown[]> =>
      (await collection.find({}, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id).sort();

    it('ensureExpiry makes a TTL index on MongoDB and returns a working sweeper on FerretDB', async () => {
      const collection = db.collection<Document>('compat_expiry_ensure');
      const sweeper = await ensureExpiry(collection, rule, capabilities);
      // Services call it on every start, so a second call must succeed too.
      await ensureExpiry(collection, rule, capabilities);
      const indexes = await collection.listIndexes().toArray();
      if (capabilities.ttlIndexes) {
        expect(sweeper).toBeUndefined();
        expect(indexes).toContainEqual(
          expect.objectContaining({
            name: 'expiresFrom_ttl',
            key: { expiresFrom: 1 },
            expireAfterSeconds: 3600,
          }),
        );
        return;
      }
      expect(sweeper).toBeInstanceOf(ExpirySweeper);
      expect(indexes).toContainEqual(
        expect.objectContaining({ name: 'expiresFrom_expiry', key: { expiresFrom: 1 } }),
      );
      await seed(collection);
      expect(await sweeper!.sweepOnce(now)).toBe(2);
      expect(await remainingIds(collection)).toEqual(['fresh-10m', 'fresh-now', 'no-date']);
      expect(await sweeper!.sweepOnce(now)).toBe(0);
    });

    it('ExpirySweeper removes only expired documents, idempotently, on every store', async () => {
      // No TTL index on this collection, so on MongoDB only the sweeper deletes.
      const collection = db.collection<Document>('compat_expiry_sweeper');
      await seed(collection);
      const sweeper = new ExpirySweeper(collection, rule);
      expect(await sweeper.sweepOnce(now)).toBe(2);
      expect(await sweeper.sweepOnce(now)).toBe(0);
      expect(await remainingIds(collection)).toEqual(['fresh-10m', 'fresh-now', 'no-date']);
      // Fifty-five minutes later the ten-minute-old document has passed the hour; the other has not.
      expect(await sweeper.sweepOnce(new Date(now.getTime() + 55 * 60 * 1000))).toBe(1);
      expect(await remainingIds(collection)).toEqual(['fresh-now', 'no-date']);
    });

    it('ExpirySweeper.start sweeps on its timer until stopped', async () => {
      const collection = db.collection<Document>('compat_expiry_timer');
      await collection.insertMany([
        { _id: 'old', expiresFrom: new Date(Date.now() - 7200 * 1000) },
        { _id: 'fresh', expiresFrom: new Date() },
      ] as Document[]);
      const sweeper = new ExpirySweeper(collection, rule);
      const errors: unknown[] = [];
      sweeper.start(50, (error) => errors.push(error));
      try {
        const deadline = Date.now() + 10_000;
        while ((await remainingIds(collection)).length > 1 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        sweeper.stop();
      }
      expect(errors).toEqual([]);
      expect(await remainingIds(collection)).toEqual(['fresh']);
    });

    // FerretDB v1 (SQLite) turns one deleteMany into a single `DELETE ... WHERE _id IN (...)` and refuses it
    // beyond 32,766 matches, so the sweeper deletes in batches; a small batch size exercises the loop.
    it('ExpirySweeper clears a backlog in batches, leaving fresh documents', async () => {
      const collection = db.collection('compat_expiry_batches');
      const now = new Date();
      const old = new Date(now.getTime() - 3_600_000);
      await collection.insertMany([
        ...Array.from({ length: 12 }, (_value, index) => ({ _id: `old-${index}`, at: old })),
        { _id: 'fresh', at: now },
      ] as never[]);
      const sweeper = new ExpirySweeper(collection, { field: 'at', afterSeconds: 60 });
      expect(await sweeper.sweepOnce(now, 5)).toBe(12);
      expect(await remainingIds(collection)).toEqual(['fresh']);
      expect(await sweeper.sweepOnce(now, 5)).toBe(0);
    });
  });

  describe.runIf(onEmbeddedStore())('FerretDB v1 refusals the fallbacks exist for', () => {
    it('refuses expireAfterSeconds, partialFilterExpression, collation and text indexes', async () => {
      const collection = db.collection('compat_ferretdb_indexes');
      const refusals: { key: IndexSpecification; options: CreateIndexesOptions }[] = [
        { key: { at: 1 }, options: { expireAfterSeconds: 60 } },
        { key: { flagged: 1 }, options: { partialFilterExpression: { flagged: true } } },
        { key: { subject: 1 }, options: { collation: { locale: 'en', strength: 2 } } },
      ];
      for (const { key, options } of refusals) {
        expect(await rejectionOf(collection.createIndex(key, options))).toMatchObject({
          code: 238,
          codeName: 'NotImplemented',
        });
      }
      // Text indexes fail with a misleading IndexNotFound rather than NotImplemented.
      expect(await rejectionOf(collection.createIndex({ body: 'text' }))).toMatchObject({ code: 27 });
      // `sparse` is accepted but not kept: the index is listed without it.
      await collection.createIndex({ tag: 1 }, { sparse: true, name: 'tag_sparse' });
      const sparse = (await collection.listIndexes().toArray()).find(
        (index) => index['name'] === 'tag_sparse',
      );
      expect(sparse).toBeDefined();
      expect(sparse!['sparse']).toBeUndefined();
    });

    it('refuses the query features Eider avoids', async () => {
      const collection = db.collection<Document>('compat_ferretdb_queries');
      await collection.insertOne({ mailbox: 'inbox', flags: ['\\Seen'], size: 3 });
      // Started one at a time: a rejection nobody awaits yet would be reported as unhandled.
      const refused = [
        () =>
          collection
            .aggregate([{ $lookup: { from: 'x', localField: 'a', foreignField: 'b', as: 'c' } }])
            .toArray(),
        () => collection.aggregate([{ $facet: { all: [{ $limit: 1 }] } }]).toArray(),
        () => collection.aggregate([{ $group: { _id: null, largest: { $max: '$size' } } }]).toArray(),
        () => collection.aggregate([{ $project: { bigger: { $add: ['$size', 1] } } }]).toArray(),
        () => collection.find({ $expr: { $gt: ['$size', 1] } }).toArray(),
        () => collection.find({}, { projection: { flags: { $slice: 1 } } }).toArray(),
        () => collection.find({}, { projection: { flags: { $elemMatch: { $eq: '\\Seen' } } } }).toArray(),
      ];
      for (const operation of refused) {
        expect(await rejectionOf(operation())).toMatchObject({ code: 238, codeName: 'NotImplemented' });
      }
    });
  });

  it('streams 100k documents through a cursor in bounded memory', async () => {
    const total = 100_000;
    const batch = 5_000;
    const collection = db.collection<{
      mailbox: string;
      uid: number;
      subject: string;
      from: string;
      flags: string[];
      size: number;
      padding: string;
    }>('compat_cursor');
    const insertStarted = performance.now();
    for (let offset = 0; offset < total; offset += batch) {
      await collection.insertMany(
        Array.from({ length: batch }, (_, index) => ({
          mailbox: 'inbox',
          uid: offset + index + 1,
          subject: `Message number ${offset + index}`,
          from: 'alice@example.org',
          flags: ['\\Seen'],
          size: 1234 + index,
          // About 225 BSON bytes per document in all.
          padding: 'x'.repeat(80),
        })),
        { ordered: false },
      );
    }
    const insertMs = performance.now() - insertStarted;

    // Held as JS objects, 100k documents of this shape retain about 65 MB (measured with forced GC on
    // Node 24). Streaming should retain roughly one 1000-document batch, a few MB.
    const gc = exposeGc();
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peakGrowth = 0;
    let count = 0;
    const iterateStarted = performance.now();
    for await (const _doc of collection.find({}).batchSize(1000)) {
      count++;
      if (count % 10_000 === 0) {
        gc();
        peakGrowth = Math.max(peakGrowth, process.memoryUsage().heapUsed - baseline);
      }
    }
    const iterateMs = performance.now() - iterateStarted;
    console.info(
      `cursor on ${capabilities.backend}: insertMany ${total} in batches of ${batch} ${Math.round(insertMs)} ms, ` +
        `iterate ${Math.round(iterateMs)} ms, peak retained heap growth ${(peakGrowth / MB).toFixed(1)} MB`,
    );
    expect(count).toBe(total);
    expect(peakGrowth).toBeLessThan(20 * MB);
    // Dropped rather than emptied: on FerretDB v1 a deleteMany of more than 32,766 documents fails.
    await collection.drop();
  }, 240_000);
});
