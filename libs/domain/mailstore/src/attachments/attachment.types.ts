import type { ObjectId } from 'mongodb';

export const ATTACHMENT_BUCKET = 'attachments';
export const ATTACHMENT_KEYS_COLLECTION = 'attachment_keys';
export const ATTACHMENT_LOCKS_COLLECTION = 'attachment_key_locks';
export const ATTACHMENT_FILES_COLLECTION = `${ATTACHMENT_BUCKET}.files`;
export const ATTACHMENT_CHUNKS_COLLECTION = `${ATTACHMENT_BUCKET}.chunks`;

/** GridFS's own default; 255 KiB keeps a chunk document well below the 16 MiB BSON limit. */
export const DEFAULT_CHUNK_SIZE = 255 * 1024;
export const DEFAULT_MAX_COMMIT_ATTEMPTS = 50;
/**
 * An upload older than this refuses to commit. The orphan sweeper relies on it: a file started more
 * than this long ago can no longer gain a key document, so deleting it cannot race a late commit.
 */
export const DEFAULT_UPLOAD_TIMEOUT_MS = 30 * 60_000;
/** How long a key lock protects its holder; only a crashed holder's lock lives that long. */
export const DEFAULT_LOCK_LEASE_MS = 30_000;

/**
 * How key documents change. 'atomic': each change is one single-document operation (findOneAndUpdate,
 * insertOne, findOneAndDelete), which MongoDB applies atomically. 'locked': the same operations, each
 * sequence of them run under a per-key lock, for FerretDB v1, whose updates and conditional deletes
 * are a read followed by an unconditional write by `_id` (concurrent `$inc`s lose increments).
 */
import type { KeyUpdateMode } from '../concurrency/key-guard';

export type { KeyUpdateMode };

/**
 * `attachment_keys`: one document per distinct content. `refs` counts the messages that point at it;
 * once it reaches 0 the document is dead for good (every increment filters `refs > 0`) and is removed
 * together with its GridFS file by whoever gets there first.
 */
export interface AttachmentKeyDocument {
  /** SHA-256 (hex) of the stored bytes. */
  _id: string;
  /** GridFS file id in the `attachments` bucket. */
  file: ObjectId;
  size: number;
  refs: number;
  contentType?: string;
  created: Date;
  updated: Date;
}

export interface AttachmentMeta {
  /** Recorded when this upload creates the content; a deduplicated upload keeps the first writer's. */
  contentType?: string;
}

export interface AttachmentStoreOptions {
  /** Default 'locked', correct on every store; pick with `keyUpdateModeFor(capabilities)`. */
  keyUpdates?: KeyUpdateMode;
  bucketName?: string;
  keysCollection?: string;
  locksCollection?: string;
  lockLeaseMs?: number;
  chunkSizeBytes?: number;
  /** Commit attempts before giving up on a content that keeps changing under us. */
  maxCommitAttempts?: number;
  uploadTimeoutMs?: number;
}

export type AttachmentStat = Omit<AttachmentKeyDocument, '_id'> & { key: string };

export interface StoredAttachment {
  key: string;
  size: number;
  /** True when the content already existed and this upload only added a reference. */
  deduplicated: boolean;
}

export interface ReleaseResult {
  /** References left; 0 once the content is dead. */
  refs: number;
  /** True when this call removed the key document and the bytes. */
  freed: boolean;
}

/** Byte range of the stored content; `end` is exclusive and clamped to the size. */
export interface AttachmentRange {
  start: number;
  end: number;
}
