import { createHash } from 'node:crypto';
import type { Binary, Db, GridFSFile, ObjectId } from 'mongodb';
import {
  ATTACHMENT_CHUNKS_COLLECTION,
  ATTACHMENT_FILES_COLLECTION,
  ATTACHMENT_KEYS_COLLECTION,
  ATTACHMENT_LOCKS_COLLECTION,
  type AttachmentKeyDocument,
} from './attachment.types';

/** What is physically in the store, read without going through the code under test. */
export interface AttachmentCensus {
  keys: AttachmentKeyDocument[];
  files: GridFSFile[];
  /** Per GridFS file id (hex): chunk count and the summed length of their data. */
  chunks: Map<string, { count: number; bytes: number }>;
  chunkBytes: number;
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

export const takeCensus = async (db: Db): Promise<AttachmentCensus> => {
  const keys = await db.collection<AttachmentKeyDocument>(ATTACHMENT_KEYS_COLLECTION).find().toArray();
  const files = await db.collection<GridFSFile>(ATTACHMENT_FILES_COLLECTION).find().toArray();
  const chunks = new Map<string, { count: number; bytes: number }>();
  let chunkBytes = 0;
  // $binarySize is not implemented by FerretDB v1, so the bytes are summed here from the chunk data.
  const cursor = db
    .collection<{ files_id: ObjectId; data: Binary }>(ATTACHMENT_CHUNKS_COLLECTION)
    .find({}, { projection: { files_id: 1, data: 1 } })
    .batchSize(16);
  for await (const chunk of cursor) {
    const id = chunk.files_id.toHexString();
    const entry = chunks.get(id) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += chunk.data.length();
    chunkBytes += chunk.data.length();
    chunks.set(id, entry);
  }
  return { keys, files, chunks, chunkBytes };
};

export const clearAttachments = async (db: Db): Promise<void> => {
  for (const name of [
    ATTACHMENT_KEYS_COLLECTION,
    ATTACHMENT_LOCKS_COLLECTION,
    ATTACHMENT_FILES_COLLECTION,
    ATTACHMENT_CHUNKS_COLLECTION,
  ]) {
    await db.collection(name).deleteMany({});
  }
};

/** Runs `task` over `items` with at most `limit` in flight. */
export const mapLimited = async <T, R>(
  items: T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> => {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
};

/** Splits a buffer into parser-sized pieces. */
export const piecesOf = (data: Buffer, size = 64 * 1024): Buffer[] => {
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += size)
    pieces.push(data.subarray(offset, offset + size));
  return pieces;
};
