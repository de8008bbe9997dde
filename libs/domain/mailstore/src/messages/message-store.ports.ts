import type { Readable } from 'node:stream';
import type { ObjectId } from 'mongodb';
import type { BodySink, ByteRange } from '@eider/mime';

/** Where large bodies live: the deduplicated, reference-counted attachment store. */
export interface BodyStorage {
  asBodySink(): BodySink;
  addReference(key: string, count?: number): Promise<unknown>;
  release(key: string, count?: number): Promise<unknown>;
  openRead(key: string, range?: ByteRange): Readable | Promise<Readable>;
}

export type ChangeKind = 'exists' | 'expunge' | 'flags';

export interface MessageChange {
  kind: ChangeKind;
  mailbox: ObjectId;
  uid: number;
  modseq: number;
  message: ObjectId;
  flags?: string[];
}

/** UID and MODSEQ allocation plus the journal and the beacon that tell other sessions about changes. */
export interface ChangeRecorder {
  allocateUids(mailbox: ObjectId, count: number): Promise<{ firstUid: number; modseq: number }>;
  allocateModseq(mailbox: ObjectId): Promise<number>;
  /** Writes ordered journal entries, then publishes one beacon per user. */
  record(user: ObjectId, changes: MessageChange[]): Promise<void>;
  /** The writes under the mailboxes' latest modseqs have landed (counts taken before them are stale). */
  settled(mailboxes: ObjectId[]): Promise<void>;
}
