import { nodePieces } from './byte-pieces';
import { parseMessageSync } from './message.parser';
import type { MimeNode } from './mime-tree.types';

const IDENTITY = new Set(['7bit', '8bit', 'binary']);
const CTE_LINE = /^content-transfer-encoding[ \t]*:[^\r\n]*(\r?\n[ \t][^\r\n]*)*\r?\n/im;

function base64Lines(data: Buffer): Buffer {
  const text = data.toString('base64');
  const lines: string[] = [];
  for (let index = 0; index < text.length; index += 76) lines.push(text.slice(index, index + 76));
  // No line break after the last line: the one before a boundary belongs to the boundary.
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

/** The header with its Content-Transfer-Encoding set to base64 (replaced, or added before the blank line). */
function withBase64Header(header: Buffer): Buffer {
  const text = header.toString('latin1');
  const field = 'Content-Transfer-Encoding: base64\r\n';
  if (CTE_LINE.test(text)) return Buffer.from(text.replace(CTE_LINE, field), 'latin1');
  const end = text.endsWith('\r\n\r\n')
    ? text.length - 2
    : text.endsWith('\n\n')
      ? text.length - 1
      : text.length;
  return Buffer.from(`${text.slice(0, end)}${field}${text.slice(end)}`, 'latin1');
}

function encodeLeaves(node: MimeNode): boolean {
  if (node.kind === 'message') return node.message ? encodeLeaves(node.message) : false;
  if (node.kind === 'multipart')
    return (node.multipart?.parts ?? []).map((part) => encodeLeaves(part.node)).some(Boolean);
  const body = node.body;
  if (body?.kind !== 'inline' || !body.data.includes(0)) return false;
  if (!IDENTITY.has((node.transferEncoding ?? '7bit').toLowerCase())) return false;
  const data = base64Lines(body.data);
  node.header = withBase64Header(node.header);
  const lines = data.toString('latin1').split('\n').length - 1;
  node.body = { kind: 'inline', data, size: data.length, lines, bareLfs: 0 };
  return true;
}

/**
 * RFC 3516 APPEND: a part that holds NUL bytes cannot be returned in an ordinary literal (CHAR8 excludes
 * NUL), so each such part is stored base64-encoded, as Dovecot does; BINARY[] still returns the original
 * bytes. A message without NUL comes back unchanged, byte for byte.
 */
export function encodeNulBinaryParts(raw: Buffer): Buffer {
  if (!raw.includes(0)) return raw;
  const { tree } = parseMessageSync(raw);
  if (!encodeLeaves(tree)) return raw;
  const out: Buffer[] = [];
  for (const piece of nodePieces(tree)) if (piece.kind === 'bytes') out.push(piece.data);
  return Buffer.concat(out);
}
