import {
  bodyPieces,
  type ExternalBodyReader,
  nodePieces,
  type Piece,
  pieceSize,
  readExternal,
} from './byte-pieces';
import { splitHeaderBlock } from './header-block.parser';
import { CrlfConverter, countBareLfs } from './line-ending.normalizer';
import type { MimeNode } from './mime-tree.types';
import { resolvePart } from './part-path.resolver';
import { parseSectionSpec, type SectionSpec } from './section-spec.parser';

export interface SectionReadOptions {
  /** Needed when the section touches an externally stored byte run. */
  readExternal?: ExternalBodyReader;
  /** Convert bare LF to CRLF; sizes and partial offsets then refer to the converted bytes. */
  crlf?: boolean;
}

export interface SectionContent {
  /** Size of the whole section (before any partial range). */
  size: number;
  /** Bytes `chunks()` will produce after the partial range is applied (the IMAP literal size). */
  length: number;
  /** Streams the section; only external runs overlapping the requested range are read. */
  chunks(): AsyncGenerator<Buffer>;
}

const CRLF = Buffer.from('\r\n');
const LF_ONLY = Buffer.from('\n');

/** The empty line that ends the stored header, so filtered headers keep the message's line-ending style. */
function headerTerminator(header: Buffer): Buffer {
  const n = header.length;
  if (n >= 2 && header[n - 1] === 0x0a && header[n - 2] === 0x0d && (n === 2 || header[n - 3] === 0x0a))
    return CRLF;
  if (n >= 1 && header[n - 1] === 0x0a && (n === 1 || header[n - 2] === 0x0a)) return LF_ONLY;
  return CRLF;
}

/**
 * HEADER.FIELDS: the selected fields, byte-exact from the stored header, followed by an
 * empty line (the message's own empty line when it has one, CRLF otherwise). Names match
 * case-insensitively; lines that are not well-formed fields are never returned.
 */
export function filterHeaderFields(header: Buffer, names: readonly string[], not: boolean): Buffer {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const out: Buffer[] = [];
  for (const line of splitHeaderBlock(header)) {
    if (line.key === null || wanted.has(line.key) === not) continue;
    const bytes = header.subarray(line.start, line.end);
    out.push(bytes);
    if (bytes[bytes.length - 1] !== 0x0a) out.push(CRLF);
  }
  out.push(headerTerminator(header));
  return Buffer.concat(out);
}

/** The pieces that make up a section, or null when the part does not exist. */
export function sectionPieces(tree: MimeNode, spec: SectionSpec): Piece[] | null {
  let target: MimeNode | null = tree;
  if (spec.part.length > 0) {
    target = resolvePart(tree, spec.part);
    if (target === null) return null;
    if (spec.kind === 'FULL') return [...bodyPieces(target)];
    if (spec.kind === 'MIME') return [{ kind: 'bytes', data: target.header }];
    // HEADER/TEXT/HEADER.FIELDS of a part address its encapsulated message.
    if (target.kind !== 'message' || target.message === null) return null;
    target = target.message;
  }
  switch (spec.kind) {
    case 'FULL':
      return [...nodePieces(target)];
    case 'HEADER':
      return [{ kind: 'bytes', data: target.header }];
    case 'TEXT':
      return [...bodyPieces(target)];
    case 'HEADER.FIELDS':
    case 'HEADER.FIELDS.NOT':
      return [
        {
          kind: 'bytes',
          data: filterHeaderFields(target.header, spec.fields, spec.kind === 'HEADER.FIELDS.NOT'),
        },
      ];
    case 'MIME':
      return null;
  }
}

function effectiveSize(piece: Piece, crlf: boolean): number {
  if (!crlf) return pieceSize(piece);
  return piece.kind === 'bytes' ? piece.data.length + countBareLfs(piece.data) : piece.size + piece.bareLfs;
}

async function* pieceChunks(
  piece: Piece,
  crlf: boolean,
  skip: number,
  take: number,
  read: ExternalBodyReader | undefined,
): AsyncGenerator<Buffer> {
  if (piece.kind === 'bytes') {
    const data = crlf ? new CrlfConverter().push(piece.data) : piece.data;
    yield data.subarray(skip, skip + take);
    return;
  }
  if (!crlf) {
    yield* readExternal(read, piece.key, piece.size, { start: skip, end: skip + take });
    return;
  }
  // Offsets after conversion do not map to stored offsets, so the run is read from its start.
  const converter = new CrlfConverter();
  let pos = 0;
  for await (const raw of readExternal(read, piece.key, piece.size)) {
    const chunk = converter.push(raw);
    const from = Math.max(skip - pos, 0);
    const to = Math.min(skip + take - pos, chunk.length);
    if (to > from) yield chunk.subarray(from, to);
    pos += chunk.length;
    if (pos >= skip + take) return;
  }
}

/**
 * Resolves an IMAP section (a parsed spec or its text form) to a lazily read byte stream.
 * Returns null when the addressed part does not exist.
 */
export function openSection(
  tree: MimeNode,
  spec: SectionSpec | string,
  options: SectionReadOptions = {},
): SectionContent | null {
  const parsed = typeof spec === 'string' ? parseSectionSpec(spec) : spec;
  const pieces = sectionPieces(tree, parsed);
  if (pieces === null) return null;
  const crlf = options.crlf ?? false;
  const sizes = pieces.map((p) => effectiveSize(p, crlf));
  const size = sizes.reduce((a, b) => a + b, 0);
  const start = Math.min(parsed.partial?.start ?? 0, size);
  const end = parsed.partial?.length == null ? size : Math.min(start + parsed.partial.length, size);
  return {
    size,
    length: end - start,
    async *chunks() {
      let offset = 0;
      for (let i = 0; i < pieces.length; i++) {
        const pSize = sizes[i] ?? 0;
        const pStart = offset;
        offset += pSize;
        if (offset <= start || pSize === 0) continue;
        if (pStart >= end) return;
        const skip = Math.max(start - pStart, 0);
        const take = Math.min(end, offset) - pStart - skip;
        for await (const chunk of pieceChunks(pieces[i] as Piece, crlf, skip, take, options.readExternal)) {
          if (chunk.length > 0) yield chunk;
        }
      }
    },
  };
}

/** Convenience: the whole section in one Buffer, or null when the part does not exist. */
export async function readSection(
  tree: MimeNode,
  spec: SectionSpec | string,
  options: SectionReadOptions = {},
): Promise<Buffer | null> {
  const section = openSection(tree, spec, options);
  if (section === null) return null;
  const out: Buffer[] = [];
  for await (const chunk of section.chunks()) out.push(chunk);
  return Buffer.concat(out);
}
