import libmime from 'libmime';

import type { ChunkObserver } from './body-sink.types';
import { decodeCharset } from './charset.decoder';
import { transferEncodingKind } from './content-headers.parser';
import { findParam } from './header-params.parser';
import type { MimeNode } from './mime-tree.types';
import { createTransferDecoder } from './transfer.decoder';

export interface ExtractedText {
  content: string;
  truncated: boolean;
  /** True when some part declared a charset we could not decode (latin1 was used). */
  charsetFallback: boolean;
}

type TextKind = 'text' | 'html';

interface Accumulator {
  pieces: string[];
  length: number;
  truncated: boolean;
  charsetFallback: boolean;
}

/** A leaf whose content belongs to the message body rather than to an attachment. */
export function bodyTextKind(node: MimeNode, ancestors: readonly MimeNode[]): TextKind | null {
  const mediaType = node.contentType.mediaType;
  const kind: TextKind | null =
    mediaType === 'text/plain' ? 'text' : mediaType === 'text/html' ? 'html' : null;
  if (kind === null || node.kind !== 'leaf') return null;
  if (node.disposition?.value === 'attachment') return null;
  if (
    findParam(node.disposition?.params ?? [], 'filename') !== null ||
    findParam(node.contentType.params, 'name') !== null
  )
    return null;
  // Text inside a forwarded message is that message's body, not ours.
  if (ancestors.some((a) => a.kind === 'message')) return null;
  return kind;
}

/**
 * Decodes the body text and HTML while the parser streams the message, so that the summary
 * can be computed even when bodies go straight to external storage. Memory is bounded: at
 * most four bytes per allowed character are kept per part being decoded.
 */
export class TextCaptureCollector {
  private readonly acc: Record<TextKind, Accumulator> = {
    text: { pieces: [], length: 0, truncated: false, charsetFallback: false },
    html: { pieces: [], length: 0, truncated: false, charsetFallback: false },
  };
  private readonly served = new WeakMap<MimeNode, Set<TextKind>>();

  constructor(private readonly maxLength: number) {}

  observe(node: MimeNode, ancestors: readonly MimeNode[]): ChunkObserver | null {
    const kind = bodyTextKind(node, ancestors);
    if (kind === null) return null;
    // Each multipart/alternative contributes its first representation of each kind only.
    const alternatives = ancestors.filter((a) => a.contentType.mediaType === 'multipart/alternative');
    if (alternatives.some((a) => this.served.get(a)?.has(kind))) return null;
    for (const a of alternatives) {
      const set = this.served.get(a) ?? new Set<TextKind>();
      set.add(kind);
      this.served.set(a, set);
    }
    return this.capture(node, this.acc[kind]);
  }

  result(kind: TextKind): ExtractedText | null {
    const acc = this.acc[kind];
    if (acc.pieces.length === 0) return null;
    return { content: acc.pieces.join('\n'), truncated: acc.truncated, charsetFallback: acc.charsetFallback };
  }

  private capture(node: MimeNode, acc: Accumulator): ChunkObserver {
    const decoder = createTransferDecoder(transferEncodingKind(node.transferEncoding));
    const budget = () => Math.max(this.maxLength - acc.length, 0);
    const byteLimit = budget() * 4 + 4;
    const chunks: Buffer[] = [];
    let kept = 0;
    let overflow = false;
    const keep = (buf: Buffer): void => {
      if (overflow || buf.length === 0) return;
      const room = byteLimit - kept;
      if (buf.length > room) {
        chunks.push(Buffer.from(buf.subarray(0, room)));
        kept += room;
        overflow = true;
        return;
      }
      chunks.push(Buffer.from(buf));
      kept += buf.length;
    };
    return {
      write: (chunk) => {
        if (!overflow) keep(decoder.write(chunk));
      },
      end: () => {
        keep(decoder.end());
        const charset = findParam(node.contentType.params, 'charset');
        const decoded = decodeCharset(Buffer.concat(chunks, kept), charset);
        let text = decoded.text;
        if (
          node.contentType.mediaType === 'text/plain' &&
          findParam(node.contentType.params, 'format')?.toLowerCase() === 'flowed'
        ) {
          text = libmime.decodeFlowed(
            text,
            findParam(node.contentType.params, 'delsp')?.toLowerCase() === 'yes',
          );
        }
        const room = budget();
        if (text.length > room) {
          // Never leave half of a surrogate pair at the cut.
          const cut = /[\ud800-\udbff]/.test(text.charAt(room - 1)) ? room - 1 : room;
          text = text.slice(0, Math.max(cut, 0));
          overflow = true;
        }
        if (overflow) acc.truncated = true;
        if (!decoded.supported) acc.charsetFallback = true;
        acc.pieces.push(text);
        acc.length += text.length + 1;
      },
    };
  }
}
