import type { Readable } from 'node:stream';

import { MimeError } from './mime-error';
import type { BodyRef, MimeNode } from './mime-tree.types';

/** Half-open byte range `[start, end)` inside one externally stored byte run. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads an externally stored byte run back. When `range` is given only those bytes may be
 * returned (GridFS `openDownloadStream(id, { start, end })` has exactly these semantics).
 */
export type ExternalBodyReader = (
  key: string,
  range?: ByteRange,
) => Readable | AsyncIterable<Uint8Array> | Promise<Readable | AsyncIterable<Uint8Array>>;

/** A contiguous run of message bytes, either in memory or in external storage. */
export type Piece =
  { kind: 'bytes'; data: Buffer } | { kind: 'external'; key: string; size: number; bareLfs: number };

export function pieceSize(piece: Piece): number {
  return piece.kind === 'bytes' ? piece.data.length : piece.size;
}

function refPiece(ref: BodyRef): Piece {
  return ref.kind === 'inline'
    ? { kind: 'bytes', data: ref.data }
    : { kind: 'external', key: ref.key, size: ref.size, bareLfs: ref.bareLfs };
}

/** Everything after the node's header, in stream order. */
export function* bodyPieces(node: MimeNode): Generator<Piece> {
  if (node.kind === 'leaf') {
    if (node.body) yield refPiece(node.body);
  } else if (node.kind === 'message') {
    if (node.message) yield* nodePieces(node.message);
  } else if (node.multipart) {
    const mp = node.multipart;
    if (mp.preamble) yield refPiece(mp.preamble);
    for (const part of mp.parts) {
      yield { kind: 'bytes', data: part.delimiter };
      yield* nodePieces(part.node);
    }
    if (mp.closeDelimiter) yield { kind: 'bytes', data: mp.closeDelimiter };
    if (mp.epilogue) yield refPiece(mp.epilogue);
  }
}

/** The node's header followed by its body. */
export function* nodePieces(node: MimeNode): Generator<Piece> {
  if (node.header.length > 0) yield { kind: 'bytes', data: node.header };
  yield* bodyPieces(node);
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string') return Buffer.from(chunk, 'latin1');
  throw new MimeError('EXTERNAL_READ_FAILED', 'external reader produced a non-binary chunk');
}

/**
 * Streams one external run (or a range of it), verifying the byte count so that a
 * truncated or wrong blob is reported instead of silently corrupting the message.
 */
export async function* readExternal(
  read: ExternalBodyReader | undefined,
  key: string,
  size: number,
  range?: ByteRange,
): AsyncGenerator<Buffer> {
  if (!read) throw new MimeError('EXTERNAL_READ_FAILED', `no external reader configured for body ${key}`);
  const expected = range ? range.end - range.start : size;
  if (expected <= 0) return;
  let source: Readable | AsyncIterable<Uint8Array>;
  try {
    source = await read(key, range);
  } catch (error) {
    throw new MimeError('EXTERNAL_READ_FAILED', `cannot open external body ${key}`, { cause: error });
  }
  let seen = 0;
  try {
    for await (const raw of source as AsyncIterable<unknown>) {
      const chunk = toBuffer(raw);
      if (seen + chunk.length > expected) {
        // A reader that ignores the range (or a blob that grew) must not leak extra bytes.
        const keep = expected - seen;
        if (keep > 0) yield chunk.subarray(0, keep);
        seen = expected + 1;
        break;
      }
      seen += chunk.length;
      if (chunk.length > 0) yield chunk;
    }
  } catch (error) {
    if (error instanceof MimeError) throw error;
    throw new MimeError('EXTERNAL_READ_FAILED', `reading external body ${key} failed`, { cause: error });
  }
  if (seen < expected) {
    throw new MimeError(
      'EXTERNAL_READ_FAILED',
      `external body ${key} ended after ${seen} of ${expected} bytes`,
    );
  }
}
