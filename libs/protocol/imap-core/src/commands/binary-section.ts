/**
 * RFC 3516 BINARY: FETCH BINARY[part]<partial>, BINARY.PEEK[...] and BINARY.SIZE[part].
 *
 * The content is the part's body with its Content-Transfer-Encoding removed. A decoded
 * literal's length must be on the wire before its first byte, so decoding runs twice for a
 * large part: once to count bytes (and look for NUL, which forces literal8), once to stream
 * them. Small results are kept from the first pass instead.
 */
import {
  createTransferDecoder,
  type MimeNode,
  resolvePart,
  type SectionContent,
  type SectionSpec,
} from '@eider/mime';

import type { FetchRecord } from '../imap-backend';
import { ImapSyntaxError } from '../protocol/command-tokens';
import type { StreamedLiteral } from '../protocol/response-writer';
import { type CommandResult, no } from '../session/command-handler';

export interface BinaryFetchItem {
  kind: 'binary';
  /** `BINARY.SIZE` answers with a number instead of the content. */
  size: boolean;
  part: number[];
  partial: { start: number; length: number | null } | null;
  /** BINARY (not PEEK) sets \Seen, like BODY[]. */
  setsSeen: boolean;
}

type Decoding = 'identity' | 'base64' | 'quoted-printable';

/** What one BINARY item of one message resolved to. */
export type BinaryValue =
  { kind: 'nil' } | { kind: 'size'; size: number } | { kind: 'literal'; literal: StreamedLiteral };

export type BinaryValues = ReadonlyMap<BinaryFetchItem, BinaryValue>;

const BINARY_RE = /^BINARY(\.PEEK|\.SIZE)?\[([^\]]*)\](?:<(\d{1,10})(?:\.(\d{1,10}))?>)?$/i;
const PART_RE = /^[1-9]\d{0,8}(?:\.[1-9]\d{0,8})*$/;
/** Decoded results up to this size are kept from the counting pass instead of decoded twice. */
const KEEP_DECODED = 256 * 1024;

export function isBinaryItemName(raw: string): boolean {
  return /^BINARY(?:\.PEEK|\.SIZE)?\[/i.test(raw);
}

/** Parses one BINARY fetch att; HEADER, TEXT, MIME and other keywords are syntax errors. */
export function parseBinaryItem(raw: string): BinaryFetchItem {
  const m = BINARY_RE.exec(raw);
  if (!m) throw new ImapSyntaxError(`Invalid BINARY item ${raw.slice(0, 40)}`);
  const variant = (m[1] ?? '').toUpperCase();
  const section = m[2] as string;
  if (section !== '' && !PART_RE.test(section)) throw new ImapSyntaxError('Invalid BINARY section');
  let partial: BinaryFetchItem['partial'] = null;
  if (m[3] !== undefined) {
    if (variant === '.SIZE') throw new ImapSyntaxError('BINARY.SIZE takes no partial');
    const length = m[4] === undefined ? null : Number(m[4]);
    if (length === 0) throw new ImapSyntaxError('Invalid partial');
    partial = { start: Number(m[3]), length };
  }
  return {
    kind: 'binary',
    size: variant === '.SIZE',
    part: section === '' ? [] : section.split('.').map(Number),
    partial,
    setsSeen: variant === '',
  };
}

/** The response label and value, e.g. `BINARY[1]<0> ` followed by the literal. */
export function renderBinaryItem(
  item: BinaryFetchItem,
  value: BinaryValue | undefined,
): { text: string; literal: StreamedLiteral | null } {
  const section = `[${item.part.join('.')}]`;
  if (item.size)
    return { text: `BINARY.SIZE${section} ${value?.kind === 'size' ? value.size : 0}`, literal: null };
  const origin = item.partial ? `<${item.partial.start}>` : '';
  const label = `BINARY${section}${origin} `;
  if (value?.kind !== 'literal') return { text: `${label}NIL`, literal: null };
  return { text: label, literal: value.literal };
}

/**
 * Resolves every BINARY item of one record before its response starts, so an undecodable
 * part fails the command (`NO [UNKNOWN-CTE]`) instead of leaving a half-written response.
 */
export async function resolveBinaryItems(
  record: FetchRecord,
  items: readonly { kind: string }[],
): Promise<{ values: BinaryValues } | { failure: CommandResult }> {
  const values = new Map<BinaryFetchItem, BinaryValue>();
  for (const item of items) {
    if (!isBinaryItem(item)) continue;
    const resolved = await resolveOne(record, item);
    if ('failure' in resolved) return resolved;
    values.set(item, resolved);
  }
  return { values };
}

function isBinaryItem(item: { kind: string }): item is BinaryFetchItem {
  return item.kind === 'binary';
}

function fullSpec(part: number[], partial: SectionSpec['partial']): SectionSpec {
  return { part, kind: 'FULL', fields: [], partial };
}

/**
 * The decoding BINARY applies to a part. The whole message, multiparts and encapsulated
 * messages are returned as they are (RFC 3516 section 4.2); so are 7bit/8bit/binary leaves.
 */
function decodingOf(tree: MimeNode | undefined, part: readonly number[]): Decoding | 'missing' | 'unknown' {
  if (part.length === 0) return 'identity';
  if (!tree) return 'missing';
  const node = resolvePart(tree, part);
  if (node === null) return 'missing';
  if (node.kind !== 'leaf') return 'identity';
  const cte = (node.transferEncoding ?? '').trim().toLowerCase();
  if (cte === '' || cte === '7bit' || cte === '8bit' || cte === 'binary') return 'identity';
  if (cte === 'base64' || cte === 'quoted-printable') return cte;
  return 'unknown';
}

async function resolveOne(
  record: FetchRecord,
  item: BinaryFetchItem,
): Promise<BinaryValue | { failure: CommandResult }> {
  const decoding = decodingOf(record.tree, item.part);
  if (decoding === 'unknown') return { failure: no('Unknown Content-Transfer-Encoding', 'UNKNOWN-CTE') };
  const open = record.openSection;
  if (decoding === 'missing' || !open) return { kind: 'nil' };
  if (decoding === 'identity') {
    const content = open(fullSpec(item.part, item.partial));
    if (content === null) return { kind: 'nil' };
    if (item.size) return { kind: 'size', size: content.size };
    return { kind: 'literal', literal: await identityLiteral(content) };
  }
  const encoded = open(fullSpec(item.part, null));
  if (encoded === null) return { kind: 'nil' };
  const start = item.partial?.start ?? 0;
  const end = item.partial?.length == null ? Number.POSITIVE_INFINITY : start + item.partial.length;
  const scan = await scanDecoded(encoded, decoding, item.size ? null : { start, end });
  if (item.size) return { kind: 'size', size: scan.size };
  const from = Math.min(start, scan.size);
  const length = Math.min(end, scan.size) - from;
  const kept = scan.kept;
  return {
    kind: 'literal',
    literal: {
      length,
      binary: scan.hasNul,
      chunks: kept
        ? () => fromBuffers(kept)
        : () => sliceStream(decodeStream(encoded, decoding), from, length),
    },
  };
}

/**
 * Content that needs no decoding: small content is read once to see whether it holds NUL;
 * large content goes out as literal8 unread, which the client must accept for BINARY.
 */
async function identityLiteral(content: SectionContent): Promise<StreamedLiteral> {
  if (content.length > KEEP_DECODED) {
    return { length: content.length, binary: true, chunks: () => content.chunks() };
  }
  const chunks: Buffer[] = [];
  for await (const chunk of content.chunks()) chunks.push(chunk);
  const data = Buffer.concat(chunks);
  return { length: data.length, binary: data.includes(0), chunks: () => fromBuffers([data]) };
}

interface DecodedScan {
  size: number;
  /** NUL inside the requested range. */
  hasNul: boolean;
  /** The requested range itself, when it was small enough to keep. */
  kept: Buffer[] | null;
}

/** One decoding pass: total decoded size, NUL in [start, end), and that range when small. */
async function scanDecoded(
  encoded: SectionContent,
  decoding: Decoding,
  range: { start: number; end: number } | null,
): Promise<DecodedScan> {
  let size = 0;
  let hasNul = false;
  let kept: Buffer[] | null = range ? [] : null;
  let keptBytes = 0;
  for await (const chunk of decodeStream(encoded, decoding)) {
    const at = size;
    size += chunk.length;
    if (!range || size <= range.start || at >= range.end) continue;
    const piece = chunk.subarray(Math.max(range.start - at, 0), Math.min(range.end - at, chunk.length));
    if (!hasNul && piece.includes(0)) hasNul = true;
    if (kept) {
      keptBytes += piece.length;
      // Past the limit the second pass re-decodes instead; memory stays bounded.
      if (keptBytes > KEEP_DECODED) kept = null;
      else kept.push(piece);
    }
  }
  return { size, hasNul, kept };
}

async function* decodeStream(encoded: SectionContent, decoding: Decoding): AsyncGenerator<Buffer> {
  const decoder = createTransferDecoder(decoding);
  for await (const chunk of encoded.chunks()) {
    const out = decoder.write(chunk);
    if (out.length > 0) yield out;
  }
  const tail = decoder.end();
  if (tail.length > 0) yield tail;
}

async function* sliceStream(
  source: AsyncIterable<Buffer>,
  start: number,
  length: number,
): AsyncGenerator<Buffer> {
  const end = start + length;
  let pos = 0;
  for await (const chunk of source) {
    const at = pos;
    pos += chunk.length;
    if (pos <= start) continue;
    if (at >= end) return;
    yield chunk.subarray(Math.max(start - at, 0), Math.min(end - at, chunk.length));
    if (pos >= end) return;
  }
}

// eslint-disable-next-line @typescript-eslint/require-await
async function* fromBuffers(buffers: readonly Buffer[]): AsyncGenerator<Buffer> {
  for (const b of buffers) if (b.length > 0) yield b;
}
