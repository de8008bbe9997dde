import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import type { Db, ObjectId } from 'mongodb';
import type { BodySegmentInfo, BodySink } from '@eider/mime';
import { isDuplicateKeyError } from '@eider/mongo';
import { MailStoreError, isMailStoreError } from '../errors/mail-store.error';
import { AttachmentRepository } from './attachment.repository';
import { AttachmentSweeper } from './attachment-sweeper';
import { atomicKeyGuard, KeyLocks, type KeyGuard, type LeaseLockDocument } from '../concurrency/key-guard';
import { AttachmentUpload, type FinishedUpload, type UploadTarget } from './attachment-upload.writer';
import {
  ATTACHMENT_LOCKS_COLLECTION,
  DEFAULT_LOCK_LEASE_MS,
  DEFAULT_MAX_COMMIT_ATTEMPTS,
  DEFAULT_UPLOAD_TIMEOUT_MS,
  type AttachmentMeta,
  type AttachmentRange,
  type AttachmentStat,
  type AttachmentStoreOptions,
  type KeyUpdateMode,
  type ReleaseResult,
  type StoredAttachment,
} from './attachment.types';

/** What one guarded commit attempt decided; GridFS work happens outside the guard. */
type CommitStep =
  | { kind: 'deduplicated' }
  | { kind: 'inserted' }
  | { kind: 'needs-bytes' }
  | { kind: 'expired' }
  | { kind: 'retry'; deadFile: ObjectId | undefined };

const notFound = (key: string): MailStoreError =>
  new MailStoreError('ATTACHMENT_NOT_FOUND', `attachment ${key} does not exist`);

const assertCount = (count: number): void => {
  if (!Number.isSafeInteger(count) || count < 1)
    throw new RangeError(`reference count must be a positive integer, got ${count}`);
};

/** Up to ~100 ms, growing with the attempt, randomised so racing writers stop colliding in step. */
const backoff = (attempt: number): Promise<void> =>
  sleep(Math.random() * Math.min(100, 2 ** Math.min(attempt, 7)));

/**
 * Content-addressed, deduplicated, reference-counted attachment bytes, without transactions.
 *
 * The bytes of each distinct content live once in the `attachments` GridFS bucket; `attachment_keys`
 * maps the SHA-256 of the bytes to that file and counts references. The single rule that keeps this
 * correct under concurrency: a key document whose count reached 0 is dead and never incremented again
 * (every increment filters `refs > 0`). Whoever removes a dead document (findOneAndDelete, so exactly
 * one caller) deletes its file. A new upload of the same content that meets a dead document finishes
 * that deletion itself and then inserts a fresh one. Hence no reference ever points at freed bytes,
 * and a crash can leak bytes (collected by the sweeps) but never lose referenced ones.
 *
 * That needs each key-document operation to be atomic, which MongoDB gives ('atomic' mode). FerretDB
 * v1 does not (an update is a read, then an unconditional write by `_id`), so in 'locked' mode every
 * short sequence of key-document operations runs under a per-key lease lock. GridFS transfers and
 * deletions always happen outside it.
 */
export class AttachmentStore {
  readonly repository: AttachmentRepository;
  readonly mode: KeyUpdateMode;
  readonly uploadTimeoutMs: number;
  private readonly maxCommitAttempts: number;
  private readonly guard: KeyGuard;
  private readonly sweeper: AttachmentSweeper;
  private readonly target: UploadTarget;

  constructor(db: Db, options: AttachmentStoreOptions = {}) {
    this.repository = new AttachmentRepository(
      db,
      options.chunkSizeBytes,
      options.bucketName,
      options.keysCollection,
    );
    this.mode = options.keyUpdates ?? 'locked';
    this.guard =
      this.mode === 'atomic'
        ? atomicKeyGuard
        : new KeyLocks(
            db.collection<LeaseLockDocument>(options.locksCollection ?? ATTACHMENT_LOCKS_COLLECTION),
            options.lockLeaseMs ?? DEFAULT_LOCK_LEASE_MS,
          );
    this.uploadTimeoutMs = options.uploadTimeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS;
    this.maxCommitAttempts = options.maxCommitAttempts ?? DEFAULT_MAX_COMMIT_ATTEMPTS;
    this.sweeper = new AttachmentSweeper(this.repository, (key) => this.removeDead(key));
    const repository = this.repository;
    this.target = {
      chunkSizeBytes: repository.chunkSizeBytes,
      openUploadStream: (file) => repository.openUploadStream(file),
      deleteFile: (file) => repository.deleteFile(file),
      commit: (upload) => this.commit(upload),
    };
  }

  /** The smallest orphan age that cannot race a commit: twice the upload timeout, for clock skew. */
  get safeOrphanAgeMs(): number {
    return 2 * this.uploadTimeoutMs;
  }

  /** Starts an upload; `end()` returns the key, which carries one reference owned by the caller. */
  openUpload(meta: AttachmentMeta = {}): AttachmentUpload {
    return new AttachmentUpload(this.target, meta);
  }

  /** Stores a whole content (buffer or chunk stream) and returns its key with one new reference. */
  async store(
    content: Buffer | Iterable<Buffer> | AsyncIterable<Buffer>,
    meta: AttachmentMeta = {},
  ): Promise<StoredAttachment> {
    const upload = this.openUpload(meta);
    try {
      for await (const chunk of Buffer.isBuffer(content) ? [content] : content) await upload.write(chunk);
    } catch (error) {
      await upload.abort();
      throw error;
    }
    return upload.finish();
  }

  /** Adds references for a copied message. Returns the new count; ATTACHMENT_NOT_FOUND if not live. */
  async addReference(key: string, count = 1): Promise<number> {
    assertCount(count);
    const doc = await this.guard.run(key, () => this.repository.incrementLive(key, count));
    if (!doc) throw notFound(key);
    return doc.refs;
  }

  /**
   * Drops references of a deleted message; the last one frees the bytes. Releasing content that is
   * not live throws ATTACHMENT_NOT_FOUND, after finishing any deletion a crashed releaser left behind.
   */
  async release(key: string, count = 1): Promise<ReleaseResult> {
    assertCount(count);
    const outcome = await this.guard.run(key, async () => {
      const doc = await this.repository.decrementLive(key, count);
      if (doc && doc.refs > 0) return { refs: doc.refs, dead: null };
      return { refs: doc ? 0 : null, dead: await this.repository.removeDead(key) };
    });
    if (outcome.dead) await this.repository.deleteFile(outcome.dead.file);
    if (outcome.refs === null) throw notFound(key);
    return { refs: outcome.refs, freed: outcome.refs === 0 && outcome.dead !== null };
  }

  async stat(key: string): Promise<AttachmentStat | null> {
    const doc = await this.repository.findLive(key);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { key: _id, ...rest };
  }

  /** Streams the content, or the bytes in [start, end) of it. The caller must hold a reference. */
  async openRead(key: string, range?: AttachmentRange): Promise<Readable> {
    const doc = await this.repository.findLive(key);
    if (!doc) throw notFound(key);
    if (!range) return this.repository.openDownloadStream(doc.file, 0, doc.size);
    const { start, end } = range;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < 0) {
      throw new RangeError(`invalid byte range ${start}-${end}`);
    }
    const clampedEnd = Math.min(end, doc.size);
    return this.repository.openDownloadStream(doc.file, Math.min(start, clampedEnd), clampedEnd);
  }

  /** The whole content in memory; for small bodies and tests. */
  async readAll(key: string, range?: AttachmentRange): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const part of await this.openRead(key, range)) parts.push(part as Buffer);
    return Buffer.concat(parts);
  }

  /**
   * Deletes GridFS files that no key document points at and whose upload started at least
   * `olderThanMs` ago: uploads that crashed or were left by a crashed releaser. Ages below
   * `safeOrphanAgeMs` can delete uploads still in flight, so only tests should pass them.
   */
  sweepOrphans(olderThanMs: number = this.safeOrphanAgeMs): Promise<number> {
    return this.sweeper.sweepOrphans(olderThanMs);
  }

  /** Finishes the deletion of key documents stuck at refs <= 0; returns how many it removed. */
  sweepDead(): Promise<number> {
    return this.sweeper.sweepDead();
  }

  /**
   * The MIME parser's sink: every large body run becomes an upload whose key holds one reference;
   * runs of a failed parse are released again.
   */
  asBodySink(meta: AttachmentMeta = {}): BodySink {
    return {
      open: (info: BodySegmentInfo) =>
        this.openUpload({
          contentType: meta.contentType ?? (info.role === 'body' ? info.mediaType : undefined),
        }),
      discard: async (keys: string[]) => {
        const failures: unknown[] = [];
        for (const key of keys) {
          try {
            await this.release(key);
          } catch (error) {
            if (!isMailStoreError(error, 'ATTACHMENT_NOT_FOUND')) failures.push(error);
          }
        }
        if (failures.length > 0) throw failures[0];
      },
    };
  }

  private async commit(upload: FinishedUpload): Promise<StoredAttachment> {
    const { key, size, file } = upload;
    let written = !upload.materialize;
    for (let attempt = 0; attempt < this.maxCommitAttempts; attempt++) {
      const step = await this.guard.run(key, () => this.commitStep(upload, written));
      switch (step.kind) {
        case 'deduplicated':
          if (written) await this.repository.deleteFile(file);
          return { key, size, deduplicated: true };
        case 'inserted':
          return { key, size, deduplicated: false };
        case 'needs-bytes':
          await upload.materialize?.();
          written = true;
          continue;
        case 'expired':
          // Past the timeout the orphan sweep may already be deleting this file; never reference it then.
          await this.repository.deleteFile(file);
          throw new MailStoreError(
            'CONFLICT',
            `attachment upload took longer than ${this.uploadTimeoutMs} ms`,
          );
        case 'retry':
          if (step.deadFile) await this.repository.deleteFile(step.deadFile);
          await backoff(attempt);
      }
    }
    if (written) await this.repository.deleteFile(file);
    throw new MailStoreError(
      'CONFLICT',
      `could not commit attachment ${key} after ${this.maxCommitAttempts} attempts`,
    );
  }

  private async commitStep(upload: FinishedUpload, written: boolean): Promise<CommitStep> {
    const { key, size, file, meta } = upload;
    if (await this.repository.incrementLive(key, 1)) return { kind: 'deduplicated' };
    if (!written) return { kind: 'needs-bytes' };
    if (Date.now() - upload.startedAt > this.uploadTimeoutMs) return { kind: 'expired' };
    const now = new Date();
    try {
      await this.repository.insertKey({
        _id: key,
        file,
        size,
        refs: 1,
        ...(meta.contentType ? { contentType: meta.contentType } : {}),
        created: now,
        updated: now,
      });
      return { kind: 'inserted' };
    } catch (error) {
      // Any other failure may have inserted the document after all; the file must stay for it.
      if (!isDuplicateKeyError(error)) throw error;
    }
    // A live document appeared (a racing writer: the next increment finds it) or a dead one blocks the
    // key (its releaser is mid-delete or crashed): take over that deletion, then try again.
    const dead = await this.repository.removeDead(key);
    return { kind: 'retry', deadFile: dead?.file };
  }

  /** Removes the key document if dead, then its file; true when this call did the removal. */
  private async removeDead(key: string): Promise<boolean> {
    const dead = await this.guard.run(key, () => this.repository.removeDead(key));
    if (!dead) return false;
    await this.repository.deleteFile(dead.file);
    return true;
  }
}
