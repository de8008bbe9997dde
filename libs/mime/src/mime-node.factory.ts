import { defaultContentType, isIdentityEncoding, parseContentHeaders } from './content-headers.parser';
import { headerFieldsOf, splitHeaderBlock, type RawHeaderLine } from './header-block.parser';
import { findParam, parseStructuredHeader } from './header-params.parser';
import type { ContentType, MimeNode } from './mime-tree.types';

export type BodyPlan =
  { kind: 'multipart'; boundary: Buffer; childType: ContentType } | { kind: 'message' } | { kind: 'leaf' };

export interface PlanContext {
  depth: number;
  maxDepth: number;
  partsLeft: boolean;
  maxBoundaryLength: number;
}

const LF = 0x0a;
const CR = 0x0d;

export function createNode(defaultType: ContentType): MimeNode {
  return {
    kind: 'leaf',
    header: Buffer.alloc(0),
    headers: [],
    contentType: defaultType,
    disposition: null,
    transferEncoding: null,
    contentId: null,
    description: null,
    language: null,
    location: null,
    md5: null,
    body: null,
    multipart: null,
    message: null,
    bodySize: 0,
    bodyLines: 0,
    bodyBareLfs: 0,
    defects: [],
  };
}

/** Stores the raw header block on the node and fills the parsed header fields. */
export function completeHeader(node: MimeNode, header: Buffer, defaultType: ContentType): RawHeaderLine[] {
  const lines = splitHeaderBlock(header);
  node.header = header;
  node.headers = headerFieldsOf(lines);
  Object.assign(node, parseContentHeaders(lines, defaultType));
  return lines;
}

/*
 * The boundary is matched byte for byte, so it is taken from the latin1 view of the raw
 * header (one char per byte) rather than from the display-decoded parameters.
 */
function rawBoundary(lines: RawHeaderLine[]): Buffer | null {
  const line = lines.find((l) => l.key === 'content-type');
  if (!line) return null;
  const param = parseStructuredHeader(line.value).wireParams.find((p) => p.name === 'boundary');
  if (!param || param.value === '') return null;
  return Buffer.from(param.value, 'latin1');
}

/** Decides how the bytes after a header are to be read, recording why a container was refused. */
export function decideBody(node: MimeNode, lines: RawHeaderLine[], ctx: PlanContext): BodyPlan {
  const mediaType = node.contentType.mediaType;
  const leaf = (): BodyPlan => {
    node.kind = 'leaf';
    return { kind: 'leaf' };
  };
  const containerAllowed = (): boolean => {
    if (ctx.depth >= ctx.maxDepth) {
      node.defects.push('NESTING_TOO_DEEP');
      return false;
    }
    if (!ctx.partsLeft) {
      node.defects.push('TOO_MANY_PARTS');
      return false;
    }
    return true;
  };
  if (mediaType.startsWith('multipart/')) {
    const boundary = rawBoundary(lines);
    if (boundary === null) {
      node.defects.push('MISSING_BOUNDARY');
      return leaf();
    }
    if (boundary.length > ctx.maxBoundaryLength) {
      node.defects.push('BOUNDARY_TOO_LONG');
      return leaf();
    }
    if (!containerAllowed()) return leaf();
    node.kind = 'multipart';
    node.multipart = {
      boundary: findParam(node.contentType.wireParams, 'boundary') ?? boundary.toString('latin1'),
      preamble: null,
      parts: [],
      closeDelimiter: null,
      epilogue: null,
    };
    const childType = defaultContentType(mediaType === 'multipart/digest' ? 'message/rfc822' : 'text/plain');
    return { kind: 'multipart', boundary, childType };
  }
  if (mediaType === 'message/rfc822') {
    if (!isIdentityEncoding(node.transferEncoding)) {
      node.defects.push('ENCODED_MESSAGE');
      return leaf();
    }
    if (!containerAllowed()) return leaf();
    node.kind = 'message';
    return { kind: 'message' };
  }
  return leaf();
}

export function countLines(buf: Buffer): { lines: number; bareLfs: number } {
  let lines = 0;
  let bareLfs = 0;
  let pos = buf.indexOf(LF);
  while (pos !== -1) {
    lines++;
    if (pos === 0 || buf[pos - 1] !== CR) bareLfs++;
    pos = buf.indexOf(LF, pos + 1);
  }
  return { lines, bareLfs };
}

/** Fills bodySize/bodyLines/bodyBareLfs from the node's already finished children. */
export function computeTotals(node: MimeNode): void {
  let size = 0;
  let lines = 0;
  let bare = 0;
  const addBuf = (buf: Buffer): void => {
    const c = countLines(buf);
    size += buf.length;
    lines += c.lines;
    bare += c.bareLfs;
  };
  const addStats = (s: { size: number; lines: number; bareLfs: number } | null): void => {
    if (!s) return;
    size += s.size;
    lines += s.lines;
    bare += s.bareLfs;
  };
  const addNode = (child: MimeNode): void => {
    addBuf(child.header);
    addStats({ size: child.bodySize, lines: child.bodyLines, bareLfs: child.bodyBareLfs });
  };
  if (node.kind === 'leaf') {
    addStats(node.body);
  } else if (node.kind === 'message') {
    if (node.message) addNode(node.message);
  } else if (node.multipart) {
    const mp = node.multipart;
    addStats(mp.preamble);
    for (const part of mp.parts) {
      addBuf(part.delimiter);
      addNode(part.node);
    }
    if (mp.closeDelimiter) addBuf(mp.closeDelimiter);
    addStats(mp.epilogue);
  }
  node.bodySize = size;
  node.bodyLines = lines;
  node.bodyBareLfs = bare;
}
