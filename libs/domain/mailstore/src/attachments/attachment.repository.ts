import {
  GridFSBucket,
  type Collection,
  type Db,
  type GridFSBucketWriteStream,
  type GridFSChunk,
  type GridFSFile,
  type ObjectId,
} from 'mongodb';
import { Readable } from 'node:stream';
import { retryBusy } from '../concurrency/busy-retry.helper';
import {
  ATTACHMENT_BUCKET,
  ATTACHMENT_KEYS_COLLECTION,
  DEFAULT_CHUNK_SIZE,
  type AttachmentKeyDocument,
} from './attachment.types';

const FILENAME = 'attachment';

/**
 * Raw operations on `attachment_keys` and the `attachments` GridFS bucket. Every write here is a single
 * document operation; the ordering that makes them safe together lives in the store.
 */
export class AttachmentRepository {
  readonly bucket: GridFSBucket;
  readonly keys: Collection<AttachmentKeyDocument>;
  readonly files: Collection<GridFSFile>;
  readonly chunks: Collection<GridFSChunk>;

  constructor(
    db: Db,
    readonly chunkSizeBytes: number = DEFAULT_CHUNK_SIZE,
    bucketName: string = ATTACHMENT_BUCKET,
    keysCollection: string = ATTACHMENT_KEYS_COLLECTION,
  ) {
    this.bucket = new GridFSBucket(db, { bucketName, chunkSizeBytes });
    this.keys = db.collection<AttachmentKeyDocument>(keysCollection);
    this.files = db.collection<GridFSFile>(`${bucketName}.files`);
    this.chunks = db.collection<GridFSChunk>(`${bucketName}.chunks`);
  }

  openUploadStream(file: ObjectId): GridFSBucketWriteStream {
    const stream = this.bucket.openUploadStreamWithId(file, FILENAME, {
      chunkSizeBytes: this.chunkSizeBytes,
    });
    // Failures reach the caller through write/end callbacks; without a listener they would also crash the process.
    stream.on('error', () => undefined);
    return stream;
  }

  openDownloadStream(file: ObjectId, start: number, end: number): Readable {
    if (end <= start) return Readable.from([]);
    return this.bucket.openDownloadStream(file, { start, end });
  }

  /** Adds references to live content only; a dead document (refs <= 0) is never revived. */
  incrementLive(key: string, count: number): Promise<AttachmentKeyDocument | null> {
    return retryBusy(() =>
      this.keys.findOneAndUpdate(
        { _id: key, refs: { $gt: 0 } },
        { $inc: { refs: count }, $set: { updated: new Date() } },
        { returnDocument: 'after' },
      ),
    );
  }

  decrementLive(key: string, count: number): Promise<AttachmentKeyDocument | null> {
    return retryBusy(() =>
      this.keys.findOneAndUpdate(
        { _id: key, refs: { $gt: 0 } },
        { $inc: { refs: -count }, $set: { updated: new Date() } },
        { returnDocument: 'after' },
      ),
    );
  }

  async insertKey(doc: AttachmentKeyDocument): Promise<void> {
    await retryBusy(() => this.keys.insertOne(doc));
  }

  /** Read-only, so filtered here rather than in the query: FerretDB only pushes `{ _id }` alone down. */
  async findLive(key: string): Promise<AttachmentKeyDocument | null> {
    const doc = await this.keys.findOne({ _id: key });
    return doc && doc.refs > 0 ? doc : null;
  }

  /**
   * Removes the document if it is dead and returns what was removed, so exactly one of several
   * concurrent cleaners learns which GridFS file it now owns and must delete.
   */
  removeDead(key: string): Promise<AttachmentKeyDocument | null> {
    return retryBusy(() => this.keys.findOneAndDelete({ _id: key, refs: { $lte: 0 } }));
  }

  async deadKeys(after: string | null, limit: number): Promise<string[]> {
    const filter = after === null ? { refs: { $lte: 0 } } : { refs: { $lte: 0 }, _id: { $gt: after } };
    const docs = await this.keys
      .find(filter, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map((doc) => doc._id);
  }

  /**
   * Chunks before the files document, so a crash leaves the files document for the orphan sweep to
   * find. An upload that never wrote one loses chunk 0 last, for the same reason.
   */
  async deleteFile(file: ObjectId): Promise<void> {
    if (await this.files.findOne({ _id: file }, { projection: { _id: 1 } })) {
      await retryBusy(() => this.chunks.deleteMany({ files_id: file }));
      await retryBusy(() => this.files.deleteOne({ _id: file }));
      return;
    }
    await retryBusy(() => this.chunks.deleteMany({ files_id: file, n: { $gt: 0 } }));
    await retryBusy(() => this.chunks.deleteOne({ files_id: file, n: 0 }));
  }

  async completeFiles(files: ObjectId[]): Promise<Set<string>> {
    if (files.length === 0) return new Set();
    const docs = await this.files.find({ _id: { $in: files } }, { projection: { _id: 1 } }).toArray();
    return new Set(docs.map((doc) => doc._id.toHexString()));
  }

  /** Ids of GridFS files whose upload started at or before `cutoff` (by their ObjectId). */
  async filesStartedBefore(cutoff: ObjectId, after: ObjectId | null, limit: number): Promise<ObjectId[]> {
    const range = after ? { $lte: cutoff, $gt: after } : { $lte: cutoff };
    const docs = await this.files
      .find({ _id: range }, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map((doc) => doc._id);
  }

  /** Uploads that wrote at least one chunk, found by chunk 0, including those with no files document. */
  async chunkedUploadsStartedBefore(
    cutoff: ObjectId,
    after: ObjectId | null,
    limit: number,
  ): Promise<ObjectId[]> {
    const range = after ? { $lte: cutoff, $gt: after } : { $lte: cutoff };
    const docs = await this.chunks
      .find({ files_id: range, n: 0 }, { projection: { files_id: 1 } })
      .sort({ files_id: 1 })
      .limit(limit)
      .toArray();
    return docs.map((doc) => doc.files_id);
  }

  async referencedFiles(files: ObjectId[]): Promise<Set<string>> {
    if (files.length === 0) return new Set();
    const docs = await this.keys.find({ file: { $in: files } }, { projection: { file: 1 } }).toArray();
    return new Set(docs.map((doc) => doc.file.toHexString()));
  }
}
