import { isUtf8 } from 'node:buffer';

import type { HeaderField, MimeNode } from './mime-tree.types';

/** One logical header field (first line plus continuation lines) located inside a raw header block. */
export interface RawHeaderLine {
  /** Lowercased field name, or null for a line that is not a well-formed field. */
  key: string | null;
  /** Byte offsets of the field inside the block, line breaks included. */
  start: number;
  end: number;
  /** Unfolded, trimmed value as a latin1 (byte-preserving) string. */
  value: string;
}

const LF = 0x0a;
const CR = 0x0d;

/*
 * Field names are printable ASCII without colon; obsolete syntax allows whitespace between
 * the name and the colon, so that is trimmed before validating.
 */
function fieldKey(line: string): string | null {
  const colon = line.indexOf(':');
  if (colon <= 0) return null;
  const name = line.slice(0, colon).replace(/[ \t]+$/, '');
  if (name.length === 0 || !/^[\x21-\x39\x3b-\x7e]+$/.test(name)) return null;
  return name.toLowerCase();
}

function isBlankLine(raw: Buffer, start: number, end: number): boolean {
  const len = end - start;
  if (len === 1) return raw[start] === LF;
  return len === 2 && raw[start] === CR && raw[start + 1] === LF;
}

/** Splits a raw header block into fields. Parsing stops at the empty line that ends the header. */
export function splitHeaderBlock(raw: Buffer): RawHeaderLine[] {
  const text = raw.toString('latin1');
  const fields: RawHeaderLine[] = [];
  let current: { key: string | null; start: number; end: number; valueStart: number } | null = null;
  const flush = (): void => {
    if (!current) return;
    const rawValue = text.slice(current.valueStart, current.end);
    fields.push({
      key: current.key,
      start: current.start,
      end: current.end,
      value: rawValue.replace(/\r?\n/g, '').trim(),
    });
    current = null;
  };
  let pos = 0;
  while (pos < raw.length) {
    const lf = raw.indexOf(LF, pos);
    const end = lf === -1 ? raw.length : lf + 1;
    if (isBlankLine(raw, pos, end)) break;
    const first = raw[pos];
    if ((first === 0x20 || first === 0x09) && current) {
      current.end = end;
    } else {
      flush();
      const line = text.slice(pos, end);
      const key = fieldKey(line);
      const colon = line.indexOf(':');
      current = { key, start: pos, end, valueStart: key === null ? pos : pos + colon + 1 };
    }
    pos = end;
  }
  flush();
  return fields;
}

/**
 * Header bytes are stored raw; for display they are read as UTF-8 when they form valid
 * UTF-8 (RFC 6532) and as latin1 otherwise, so that broken 8-bit headers never throw
 * and never produce replacement characters for every byte.
 */
export function decodeHeaderText(latin1: string): string {
  if (!/[\x80-\xff]/.test(latin1)) return latin1;
  const bytes = Buffer.from(latin1, 'latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : latin1;
}

export function headerFieldsOf(lines: RawHeaderLine[]): HeaderField[] {
  const out: HeaderField[] = [];
  for (const line of lines) {
    if (line.key !== null) out.push({ key: line.key, value: decodeHeaderText(line.value) });
  }
  return out;
}

/** All values of a header, in order of appearance. */
export function getHeaderValues(node: Pick<MimeNode, 'headers'>, key: string): string[] {
  const wanted = key.toLowerCase();
  return node.headers.filter((h) => h.key === wanted).map((h) => h.value);
}

/** First value of a header, or null. */
export function getHeaderValue(node: Pick<MimeNode, 'headers'>, key: string): string | null {
  const wanted = key.toLowerCase();
  return node.headers.find((h) => h.key === wanted)?.value ?? null;
}

/** Groups header values by lowercased key, for callers that want the map view. */
export function headerMap(node: Pick<MimeNode, 'headers'>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const h of node.headers) {
    const list = map.get(h.key);
    if (list) list.push(h.value);
    else map.set(h.key, [h.value]);
  }
  return map;
}
