import { transferEncodingKind } from './content-headers.parser';
import { findParam } from './header-params.parser';
import type { MimeNode } from './mime-tree.types';
import { listParts } from './part-path.resolver';

export interface AttachmentInfo {
  /** IMAP part number. */
  part: string;
  /** Decoded file name (RFC 2231 / RFC 2047), from Content-Disposition or Content-Type `name`. */
  filename: string | null;
  /** Lowercased media type. */
  contentType: string;
  /** Lowercased disposition type, or null when the header is absent. */
  disposition: string | null;
  /** Content-ID without the angle brackets. */
  contentId: string | null;
  transferEncoding: string | null;
  /** Encoded size as stored. */
  size: number;
  /**
   * Size after transfer decoding: exact for inline base64, up to 2 bytes high for external base64
   * (padding is not visible without reading the body), the stored size for other encodings.
   */
  decodedSize: number;
  /** Inline resource referenced from the HTML body (or carried inside multipart/related). */
  related: boolean;
}

export function stripAngle(id: string | null): string | null {
  if (id === null) return null;
  const inner = id.trim().replace(/^<|>$/g, '').trim();
  return inner === '' ? null : inner;
}

export function filenameOf(node: MimeNode): string | null {
  return findParam(node.disposition?.params ?? [], 'filename') ?? findParam(node.contentType.params, 'name');
}

const BASE64_ALPHABET = new Uint8Array(256);
for (const c of Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'))
  BASE64_ALPHABET[c] = 1;

function decodedSizeOf(node: MimeNode): number {
  if (transferEncodingKind(node.transferEncoding) !== 'base64') return node.bodySize;
  if (node.body?.kind === 'inline') {
    let chars = 0;
    for (const c of node.body.data) if (BASE64_ALPHABET[c] === 1) chars++;
    return Math.floor((chars * 3) / 4);
  }
  // Every CRLF or bare LF is padding for base64; three bytes per four remaining characters.
  const crlfs = node.bodyLines - node.bodyBareLfs;
  const chars = Math.max(node.bodySize - node.bodyLines - crlfs, 0);
  return Math.floor((chars * 3) / 4);
}

/*
 * Attachment rules: message/rfc822 parts always count (the nested message is not searched);
 * a leaf counts when its disposition is `attachment`, when it carries a file name, or when
 * it is not text at all. Plain inline text/html without a name is body.
 */
function isAttachment(node: MimeNode): boolean {
  if (node.kind === 'multipart') return false;
  if (node.kind === 'message' || node.contentType.mediaType === 'message/rfc822') return true;
  if (node.disposition?.value === 'attachment') return true;
  if (filenameOf(node) !== null) return true;
  return !node.contentType.mediaType.startsWith('text/');
}

/** Lists attachments of the top-level message, marking cid-referenced inline resources as related. */
export function listAttachments(root: MimeNode, html: string | null): AttachmentInfo[] {
  const lowerHtml = html?.toLowerCase() ?? '';
  const out: AttachmentInfo[] = [];
  for (const visit of listParts(root)) {
    if (visit.ancestors.some((a) => a.kind === 'message')) continue;
    const node = visit.node;
    if (!isAttachment(node)) continue;
    const contentId = stripAngle(node.contentId);
    const parent = visit.ancestors[visit.ancestors.length - 1];
    const inRelated = parent?.contentType.mediaType === 'multipart/related';
    const referenced = contentId !== null && lowerHtml.includes(`cid:${contentId.toLowerCase()}`);
    out.push({
      part: visit.part,
      filename: filenameOf(node),
      contentType: node.contentType.mediaType,
      disposition: node.disposition?.value ?? null,
      contentId,
      transferEncoding: node.transferEncoding,
      size: node.bodySize,
      decodedSize: decodedSizeOf(node),
      related: referenced || (inRelated && contentId !== null && node.disposition?.value !== 'attachment'),
    });
  }
  return out;
}
