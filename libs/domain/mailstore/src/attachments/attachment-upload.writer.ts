import { createHash, type Hash } from 'node:crypto';
import { ObjectId, type GridFSBucketWriteStream } from 'mongodb';
import type { BodyWriter } from '@eider/mime';
import type { AttachmentMeta, StoredAttachment } from './attachment.types';

/** A finished upload, handed to the store to be committed under its content hash. */
export interface FinishedUpload {
  key: string;
  size: number;
  file: ObjectId;
  startedAt: number;
  meta: AttachmentMeta;
  /**
   * Set when the bytes are still only in memory (the whole run fit in one chunk): the store calls it
   * only if the content turns out to be new, so a duplicate small body never touches GridFS.
   */
  materialize?: () => Promise<void>;
}

/** What an upload needs from the store; kept narrow so the writer holds no commit policy. */
export interface UploadTarget {
  readonly chunkSizeBytes: number;
  openUploadStream(file: ObjectId): GridFSBucketWriteStream;
  deleteFile(file: ObjectId): Promise<void>;
  commit(upload: FinishedUpload): Promise<StoredAttachment>;
}

type UploadState = 'open' | 'ending' | 'done' | 'failed' | 'aborted';

const writeTo = (stream: GridFSBucketWriteStream, piece: Buffer): Promise<void> =>
  new Promise((resolve, reject) => {
    stream.write(piece, (error) => (error ? reject(error) : resolve()));
  });

const endStream = (stream: GridFSBucketWriteStream, last?: Buffer): Promise<void> =>
  new Promise((resolve, reject) => {
    const done = (error?: Error | null): void => (error ? reject(error) : resolve());
    if (last) stream.end(last, done);
    else stream.end(done);
  });

/**
 * Streams one byte run into GridFS under a fresh id while hashing it, then lets the store commit it
 * under the hash. Usable directly as the MIME parser's `BodyWriter`: calls must not overlap, and a
 * written chunk may be reused by the caller as soon as its `write` has resolved.
 */
export class AttachmentUpload implements BodyWriter {
  readonly file = new ObjectId();
  private readonly startedAt = Date.now();
  private readonly hash: Hash = createHash('sha256');
  private state: UploadState = 'open';
  private bytes = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private stream: GridFSBucketWriteStream | null = null;
  private stored: StoredAttachment | null = null;

  constructor(
    private readonly target: UploadTarget,
    private readonly meta: AttachmentMeta = {},
  ) {}

  get size(): number {
    return this.bytes;
  }

  /** The commit outcome, once `end()` has resolved. */
  get result(): StoredAttachment | null {
    return this.stored;
  }

  write(chunk: Buffer): void | Promise<void> {
    this.assertOpen('write');
    if (chunk.length === 0) return;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.stream && this.pendingBytes + chunk.length < this.target.chunkSizeBytes) {
      // The caller may reuse its buffer after we return, and these bytes may sit here until end().
      this.pending.push(Buffer.from(chunk));
      this.pendingBytes += chunk.length;
      return;
    }
    return this.spill(chunk);
  }

  async end(): Promise<string> {
    return (await this.finish()).key;
  }

  /** Like `end()`, with the size and whether the content was already stored. */
  async finish(): Promise<StoredAttachment> {
    this.assertOpen('end');
    this.state = 'ending';
    const key = this.hash.digest('hex');
    const stream = this.stream;
    if (stream) {
      try {
        await endStream(stream);
      } catch (error) {
        this.state = 'failed';
        await this.target.deleteFile(this.file).catch(() => undefined);
        throw error;
      }
    }
    const held = this.pending;
    this.pending = [];
    try {
      this.stored = await this.target.commit({
        key,
        size: this.bytes,
        file: this.file,
        startedAt: this.startedAt,
        meta: this.meta,
        materialize: stream ? undefined : () => this.materialize(held),
      });
    } catch (error) {
      this.state = 'failed';
      throw error;
    }
    this.state = 'done';
    return this.stored;
  }

  /** Deletes whatever was written. A no-op once `end()` has been called: the store owns the bytes then. */
  async abort(_error?: Error): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    this.pending = [];
    const stream = this.stream;
    if (!stream) return;
    stream.destroy();
    await this.target.deleteFile(this.file);
  }

  private async spill(chunk: Buffer): Promise<void> {
    let stream = this.stream;
    if (!stream) {
      stream = this.target.openUploadStream(this.file);
      this.stream = stream;
      const held = this.pending;
      this.pending = [];
      this.pendingBytes = 0;
      for (const piece of held) await writeTo(stream, piece);
    }
    // At most one chunk flushes per stream write, and each is awaited, so chunks reach the store in
    // order: chunk 0 exists whenever any chunk does, which the orphan sweep relies on.
    const size = this.target.chunkSizeBytes;
    for (let offset = 0; offset < chunk.length; offset += size) {
      await writeTo(stream, chunk.subarray(offset, offset + size));
    }
  }

  private async materialize(held: Buffer[]): Promise<void> {
    const stream = this.target.openUploadStream(this.file);
    try {
      await endStream(stream, held.length === 1 ? held[0] : Buffer.concat(held));
    } catch (error) {
      await this.target.deleteFile(this.file).catch(() => undefined);
      throw error;
    }
  }

  private assertOpen(operation: string): void {
    if (this.state !== 'open')
      throw new Error(`cannot ${operation} an attachment upload that is ${this.state}`);
  }
}
