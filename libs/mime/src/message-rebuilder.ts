/**
 * Rebuilds the original message from a MimeNode tree.
 *
 * Line-ending rule: the rebuild is byte-for-byte identical to the input the parser saw.
 * No line ending is ever changed here: bare LF stays bare LF, CRLF stays CRLF, a missing
 * final line break stays missing. Protocols that must send CRLF (IMAP, POP3) pass the
 * output through `normalizeLineEndings()` / `LineEndingNormalizer`, whose only change is
 * bare LF -> CRLF; `messageSizeCrlf()` gives the matching size.
 */
import { Readable } from 'node:stream';

import { type ExternalBodyReader, nodePieces, readExternal } from './byte-pieces';
import type { MimeNode } from './mime-tree.types';

export interface RebuildOptions {
  /** Required when any byte run of the tree is stored externally. */
  readExternal?: ExternalBodyReader;
}

/** Yields the original message bytes in order, reading external runs one at a time. */
export async function* rebuildChunks(tree: MimeNode, options: RebuildOptions = {}): AsyncGenerator<Buffer> {
  for (const piece of nodePieces(tree)) {
    if (piece.kind === 'bytes') {
      if (piece.data.length > 0) yield piece.data;
    } else {
      yield* readExternal(options.readExternal, piece.key, piece.size);
    }
  }
}

/** The original message as a byte stream. */
export function rebuildMessage(tree: MimeNode, options: RebuildOptions = {}): Readable {
  return Readable.from(rebuildChunks(tree, options), { objectMode: false });
}

/** Convenience for small messages and tests: the whole message in one Buffer. */
export async function rebuildToBuffer(tree: MimeNode, options: RebuildOptions = {}): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of rebuildChunks(tree, options)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** RFC822.SIZE: the exact number of bytes `rebuildMessage` produces. */
export function messageSize(tree: MimeNode): number {
  return tree.header.length + tree.bodySize;
}

/** Size after bare LF -> CRLF normalisation. */
export function messageSizeCrlf(tree: MimeNode): number {
  let headerBare = 0;
  for (let i = tree.header.indexOf(0x0a); i !== -1; i = tree.header.indexOf(0x0a, i + 1)) {
    if (i === 0 || tree.header[i - 1] !== 0x0d) headerBare++;
  }
  return messageSize(tree) + headerBare + tree.bodyBareLfs;
}
