import { randomBytes } from 'node:crypto';
import { GridFSBucket, MongoClient, ObjectId, type Db } from 'mongodb';
import { parseMessage } from '@eider/mime';
import { detectStoreCapabilities } from '@eider/mongo';
import { onEmbeddedStore, testConfig } from '@eider/testing';
import { isMailStoreError } from '../errors/mail-store.error';
import { AttachmentStore } from './attachment-store.service';
import { keyUpdateModeFor, type LeaseLockDocument } from '../concurrency/key-guard';
import {
  ATTACHMENT_KEYS_COLLECTION,
  ATTACHMENT_LOCKS_COLLECTION,
  DEFAULT_CHUNK_SIZE,
  type AttachmentKeyDocument,
} from './attachment.types';
import { clearAttachments, mapLimited, piecesOf, sha256, takeCensus } from './attachment-store.test-helpers';

const MB = 1024 * 1024;

describe('AttachmentStore (real store)', () => {
  const config = testConfig();
  let client: MongoClient;
  let db: Db;
  let store: AttachmentStore;

  beforeAll(async () => {
    client = new MongoClient(config.mongo.uri);
    await client.connect();
    db = client.db(config.mongo.database);
    store = new AttachmentStore(db, { keyUpdates: keyUpdateModeFor(await detectStoreCapabilities(db)) });
  });
  afterAll(async () => {
    await clearAttachments(db);
    await client.close();
  });
  // FerretDB's SQLite backend uses no index for GridFS lookups by file: each one scans and decodes
  // every chunk, so more uploads in flight only make each scan longer (measured: 8 at a time moves
  // 1.2 MB/s, one at a time 3.1 MB/s, on 2 cores). MongoDB gets the suggested 8.
  const SLOW = 900_000;
  const parallel = onEmbeddedStore() ? 2 : 8;
  beforeEach(async () => {
    await clearAttachments(db);
  });

  /** Uploads like the MIME parser does: through the sink, in 64 KiB pieces. */
  const uploadViaSink = async (data: Buffer): Promise<string> => {
    const writer = await store
      .asBodySink()
      .open({ role: 'body', mediaType: 'application/pdf', transferEncoding: null });
    for (const piece of piecesOf(data)) await writer.write(piece);
    return writer.end();
  };

  it(
    'stores the same 5 MB attachment for 100 users once, and frees it with the last release',
    async () => {
      const content = randomBytes(5 * MB);
      const started = performance.now();
      const first = await uploadViaSink(content);
      const firstMs = performance.now() - started;
      const rest = await mapLimited(Array.from({ length: 99 }), parallel, () => uploadViaSink(content));
      const totalMs = performance.now() - started;
      expect(new Set([first, ...rest])).toEqual(new Set([sha256(content)]));

      const census = await takeCensus(db);
      expect(census.keys).toHaveLength(1);
      expect(census.keys[0]).toMatchObject({
        _id: first,
        refs: 100,
        size: 5 * MB,
        contentType: 'application/pdf',
      });
      expect(census.files).toHaveLength(1);
      expect(census.files[0]?._id).toEqual(census.keys[0]?.file);
      expect(census.chunkBytes).toBe(5 * MB);
      expect(census.chunks.size).toBe(1);
      expect(census.chunks.get(census.files[0]!._id.toHexString())?.count).toBe(
        Math.ceil((5 * MB) / DEFAULT_CHUNK_SIZE),
      );
      console.log(
        `[attachments] 100 x 5 MB uploads: GridFS holds ${census.chunkBytes} bytes in ${census.files.length} file ` +
          `(${census.chunks.get(census.files[0]!._id.toHexString())?.count} chunks; 100 copies would be ${100 * 5 * MB}); ` +
          `first upload ${firstMs.toFixed(0)} ms = ${(5 / (firstMs / 1000)).toFixed(1)} MB/s, ` +
          `all 100 (${parallel} in parallel) ${(totalMs / 1000).toFixed(1)} s = ${(500 / (totalMs / 1000)).toFixed(1)} MB/s`,
      );
      expect(sha256(await store.readAll(first))).toBe(first);

      const releases = await mapLimited(Array.from({ length: 100 }), 8, () => store.release(first));
      expect(releases.filter((result) => result.freed)).toHaveLength(1);
      expect(releases.map((result) => result.refs).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 100 }, (_v, index) => index),
      );
      const after = await takeCensus(db);
      expect(after.keys).toHaveLength(0);
      expect(after.files).toHaveLength(0);
      expect(after.chunks.size).toBe(0);
      expect(await store.stat(first)).toBeNull();
      await expect(store.openRead(first)).rejects.toSatisfy((error) =>
        isMailStoreError(error, 'ATTACHMENT_NOT_FOUND'),
      );
    },
    SLOW,
  );

  it(
    'reads byte ranges, across chunk boundaries and at the end',
    async () => {
      const content = randomBytes(3 * DEFAULT_CHUNK_SIZE + 12_345);
      const { key } = await store.store(content);
      const c = DEFAULT_CHUNK_SIZE;
      const n = content.length;
      const ranges: Array<[number, number]> = [
        [0, 10],
        [0, n],
        [c - 10, c + 10],
        [c, 2 * c],
        [c - 1, 2 * c + 1],
        [100, 3 * c + 5],
        [n - 5, n],
        [n - 1, n + 100],
        [3 * c, n],
        [n, n],
        [7, 7],
        [n + 10, n + 20],
      ];
      for (const [start, end] of ranges) {
        const read = await store.readAll(key, { start, end });
        expect(read.equals(content.subarray(start, end)), `range ${start}-${end}`).toBe(true);
      }
      expect((await store.readAll(key)).equals(content)).toBe(true);
      await expect(store.openRead(key, { start: -1, end: 4 })).rejects.toThrow(RangeError);

      const small = randomBytes(1000);
      const smallKey = (await store.store(small)).key;
      expect((await store.readAll(smallKey, { start: 990, end: 2000 })).equals(small.subarray(990))).toBe(
        true,
      );
      const empty = await store.store(Buffer.alloc(0));
      expect(empty).toMatchObject({ key: sha256(Buffer.alloc(0)), size: 0 });
      expect(await store.readAll(empty.key)).toHaveLength(0);
    },
    SLOW,
  );

  it(
    'leaves a crashed upload as an orphan that sweepOrphans removes, and abort removes at once',
    async () => {
      const live = await store.store(randomBytes(700_000));
      const crashed = store.openUpload();
      for (const piece of piecesOf(randomBytes(600_000))) await crashed.write(piece);
      // A crash after the GridFS upload but before the key insert leaves a complete file nobody points at.
      const complete = new ObjectId();
      await new Promise<void>((resolve, reject) => {
        new GridFSBucket(db, { bucketName: 'attachments' })
          .openUploadStreamWithId(complete, 'attachment')
          .end(randomBytes(300_000), (error?: Error | null) => (error ? reject(error) : resolve()));
      });
      let census = await takeCensus(db);
      expect(census.chunks.get(crashed.file.toHexString())?.count).toBe(2);
      expect(census.files.map((file) => file._id.toHexString()).sort()).toEqual(
        [census.keys[0]!.file.toHexString(), complete.toHexString()].sort(),
      );

      expect(await store.sweepOrphans()).toBe(0);
      expect(await store.sweepOrphans(0)).toBe(2);
      census = await takeCensus(db);
      expect([...census.chunks.keys()]).toEqual([census.keys[0]!.file.toHexString()]);
      expect(census.files).toHaveLength(1);
      expect(sha256(await store.readAll(live.key))).toBe(live.key);
      expect(await store.sweepOrphans(0)).toBe(0);

      const aborted = store.openUpload();
      for (const piece of piecesOf(randomBytes(600_000))) await aborted.write(piece);
      expect((await takeCensus(db)).chunks.get(aborted.file.toHexString())?.count).toBe(2);
      await aborted.abort(new Error('parse failed'));
      census = await takeCensus(db);
      expect(census.chunks.has(aborted.file.toHexString())).toBe(false);
      expect(census.files).toHaveLength(1);
      expect(() => aborted.write(Buffer.from('x'))).toThrow(/aborted/);
    },
    SLOW,
  );

  it(
    'does not let a dead key document block a new upload of the same content',
    async () => {
      for (const size of [900_000, 20_000]) {
        const content = randomBytes(size);
        const key = sha256(content);
        const stale = new ObjectId();
        await new Promise<void>((resolve, reject) => {
          new GridFSBucket(db, { bucketName: 'attachments' })
            .openUploadStreamWithId(stale, 'attachment')
            .end(content, (error?: Error | null) => (error ? reject(error) : resolve()));
        });
        const now = new Date();
        // What a releaser leaves when it crashes between dropping refs to 0 and deleting the document.
        await db
          .collection<AttachmentKeyDocument>(ATTACHMENT_KEYS_COLLECTION)
          .insertOne({ _id: key, file: stale, size, refs: 0, created: now, updated: now });
        await expect(store.addReference(key)).rejects.toSatisfy((error) =>
          isMailStoreError(error, 'ATTACHMENT_NOT_FOUND'),
        );
        expect(await store.stat(key)).toBeNull();

        const stored = await store.store(content);
        expect(stored).toEqual({ key, size, deduplicated: false });
        const stat = await store.stat(key);
        expect(stat?.refs).toBe(1);
        expect(stat?.file.equals(stale)).toBe(false);
        expect((await store.readAll(key)).equals(content)).toBe(true);
        const census = await takeCensus(db);
        expect(census.files.map((file) => file._id.toHexString())).toEqual([stat!.file.toHexString()]);
        expect([...census.chunks.keys()]).toEqual([stat!.file.toHexString()]);
        expect(await store.release(key)).toEqual({ refs: 0, freed: true });
      }
    },
    SLOW,
  );

  it(
    'finishes deletions a crashed releaser left behind in sweepDead and in release',
    async () => {
      const keys = db.collection<AttachmentKeyDocument>(ATTACHMENT_KEYS_COLLECTION);
      const a = await store.store(randomBytes(400_000));
      const b = await store.store(randomBytes(50_000));
      await keys.updateMany({}, { $set: { refs: 0 } });
      await expect(store.release(b.key)).rejects.toSatisfy((error) =>
        isMailStoreError(error, 'ATTACHMENT_NOT_FOUND'),
      );
      expect(await keys.countDocuments({ _id: b.key })).toBe(0);
      expect(await store.sweepDead()).toBe(1);
      expect(await store.sweepDead()).toBe(0);
      const census = await takeCensus(db);
      expect(census.keys).toHaveLength(0);
      expect(census.files).toHaveLength(0);
      expect(census.chunks.size).toBe(0);
      await expect(store.addReference(a.key)).rejects.toSatisfy((error) =>
        isMailStoreError(error, 'ATTACHMENT_NOT_FOUND'),
      );
    },
    SLOW,
  );

  it(
    'takes over a key lock whose holder died once its lease is over',
    async () => {
      const locking = new AttachmentStore(db, { keyUpdates: 'locked', lockLeaseMs: 400 });
      const content = randomBytes(5_000);
      const key = sha256(content);
      const locks = db.collection<LeaseLockDocument>(ATTACHMENT_LOCKS_COLLECTION);
      await locks.insertOne({ _id: key, token: new ObjectId(), expires: new Date(Date.now() + 400) });
      const started = performance.now();
      expect(await locking.store(content)).toEqual({ key, size: 5_000, deduplicated: false });
      expect(performance.now() - started).toBeGreaterThanOrEqual(300);
      expect(await locks.countDocuments()).toBe(0);
      expect(await locking.release(key)).toEqual({ refs: 0, freed: true });
    },
    SLOW,
  );

  it(
    'adds references for copies and counts releases',
    async () => {
      const { key } = await store.store(randomBytes(10_000), { contentType: 'image/png' });
      expect(await store.addReference(key, 3)).toBe(4);
      expect(await store.release(key, 2)).toEqual({ refs: 2, freed: false });
      expect(await store.stat(key)).toMatchObject({ key, refs: 2, size: 10_000, contentType: 'image/png' });
      expect(await store.release(key, 5)).toEqual({ refs: 0, freed: true });
      await expect(store.release(key)).rejects.toSatisfy((error) =>
        isMailStoreError(error, 'ATTACHMENT_NOT_FOUND'),
      );
      await expect(store.addReference('0'.repeat(64))).rejects.toSatisfy((error) =>
        isMailStoreError(error, 'ATTACHMENT_NOT_FOUND'),
      );
      await expect(store.addReference(key, 0)).rejects.toThrow(RangeError);
    },
    SLOW,
  );

  it(
    'deduplicates small bodies without touching GridFS, and measures what that saves',
    async () => {
      const content = randomBytes(100_000);
      const { key } = await store.store(content);
      const rounds = 30;
      let started = performance.now();
      for (let i = 0; i < rounds; i++) expect((await store.store(content)).deduplicated).toBe(true);
      const lazyMs = (performance.now() - started) / rounds;
      const bucket = new GridFSBucket(db, { bucketName: 'attachments' });
      started = performance.now();
      for (let i = 0; i < rounds; i++) {
        // What a duplicate would cost if every body went through GridFS first.
        const id = new ObjectId();
        await new Promise<void>((resolve, reject) => {
          bucket
            .openUploadStreamWithId(id, 'attachment')
            .end(content, (error?: Error | null) => (error ? reject(error) : resolve()));
        });
        await store.addReference(key);
        await store.repository.deleteFile(id);
      }
      const eagerMs = (performance.now() - started) / rounds;
      started = performance.now();
      for (let i = 0; i < rounds; i++) await store.store(randomBytes(100_000));
      const freshMs = (performance.now() - started) / rounds;
      console.log(
        `[attachments] 100 KB body: duplicate ${lazyMs.toFixed(1)} ms (in-memory hash, one findOneAndUpdate) vs ` +
          `${eagerMs.toFixed(1)} ms through GridFS and back; new content ${freshMs.toFixed(1)} ms`,
      );
      const census = await takeCensus(db);
      expect(census.keys.find((doc) => doc._id === key)?.refs).toBe(1 + 2 * rounds);
      expect(census.files).toHaveLength(1 + rounds);
    },
    SLOW,
  );

  it(
    'serves as the MIME parser body sink: identical attachments share one stored copy',
    async () => {
      const attachment = randomBytes(300_000).toString('base64').replace(/.{76}/g, '$&\r\n');
      const part = (name: string): string =>
        `--b1\r\nContent-Type: application/octet-stream; name=${name}\r\nContent-Transfer-Encoding: base64\r\n\r\n${attachment}\r\n`;
      const message = Buffer.from(
        `From: a@example.com\r\nTo: b@example.com\r\nSubject: twins\r\nMIME-Version: 1.0\r\n` +
          `Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n` +
          `${part('one.bin')}${part('two.bin')}--b1--\r\n`,
      );
      const parsed = await parseMessage(message, { sink: store.asBodySink() });
      const keys: string[] = [];
      const walk = (value: unknown): void => {
        if (!value || typeof value !== 'object' || Buffer.isBuffer(value)) return;
        const record = value as Record<string, unknown>;
        if (record['kind'] === 'external' && typeof record['key'] === 'string') keys.push(record['key']);
        Object.values(record).forEach(walk);
      };
      walk(parsed.tree);
      expect(keys).toHaveLength(2);
      expect(keys[0]).toBe(keys[1]);
      const census = await takeCensus(db);
      expect(census.keys).toEqual([
        expect.objectContaining({ _id: keys[0], refs: 2, contentType: 'application/octet-stream' }),
      ]);
      expect(census.files).toHaveLength(1);
      await store.asBodySink().discard?.(keys);
      expect((await takeCensus(db)).keys).toHaveLength(0);
    },
    SLOW,
  );
});
