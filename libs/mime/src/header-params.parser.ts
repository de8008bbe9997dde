import { decodeCharset } from './charset.decoder';
import { decodeEncodedWords } from './encoded-words.decoder';
import type { MimeParam } from './mime-tree.types';

export interface StructuredHeaderValue {
  /** The part before the first `;`, comments removed, trimmed (case kept). */
  value: string;
  /** Unicode values, RFC 2231 and (non-standard but common) RFC 2047 decoded. */
  params: MimeParam[];
  /** Continuations merged but values left encoded, the way IMAP BODYSTRUCTURE reports them. */
  wireParams: MimeParam[];
}

interface RawParam {
  name: string;
  value: string;
}

function stripComments(text: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quoted) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') quoted = false;
    } else if (depth > 0) {
      if (ch === '\\') i++;
      else if (ch === '(') depth++;
      else if (ch === ')') depth--;
    } else if (ch === '(') {
      depth = 1;
    } else {
      if (ch === '"') quoted = true;
      out += ch;
    }
  }
  return out;
}

/*
 * Deliberately lenient: real mail has unquoted values containing `=`, `/` and spaces,
 * unterminated quotes, doubled semicolons and trailing comments. Anything that does not
 * look like `name=value` is skipped rather than rejected.
 */
function tokenizeParams(text: string, from: number): RawParam[] {
  const params: RawParam[] = [];
  let i = from;
  const n = text.length;
  while (i < n) {
    while (i < n && (text[i] === ';' || /\s/.test(text[i] ?? ''))) i++;
    if (i >= n) break;
    // Search for '=' only up to the next ';' so that long runs of bare tokens stay linear.
    const semi = text.indexOf(';', i);
    const segmentEnd = semi === -1 ? n : semi;
    const eqRel = text.slice(i, segmentEnd).indexOf('=');
    if (eqRel === -1) {
      i = segmentEnd + 1;
      continue;
    }
    const eq = i + eqRel;
    const name = text.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    let value = '';
    if (text[i] === '"') {
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < n) i++;
        value += text[i];
        i++;
      }
      i++;
      const next = text.indexOf(';', i);
      i = next === -1 ? n : next;
    } else {
      const next = text.indexOf(';', i);
      const end = next === -1 ? n : next;
      value = stripComments(text.slice(i, end)).trim();
      i = end;
    }
    if (name !== '' && !/\s/.test(name)) params.push({ name, value });
  }
  return params;
}

function percentDecode(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      for (const b of Buffer.from(text[i] ?? '', 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes);
}

function percentEncode(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'))
    .map((b) =>
      /[A-Za-z0-9!#$&+\-.^_`|~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

interface Segment {
  index: number;
  extended: boolean;
  value: string;
}

interface ParamGroup {
  base: string;
  plain: string | null;
  segments: Segment[];
}

function groupParams(raw: RawParam[]): ParamGroup[] {
  const groups = new Map<string, ParamGroup>();
  const order: ParamGroup[] = [];
  const groupFor = (base: string): ParamGroup => {
    let g = groups.get(base);
    if (!g) {
      g = { base, plain: null, segments: [] };
      groups.set(base, g);
      order.push(g);
    }
    return g;
  };
  for (const p of raw) {
    const cont = /^(.+?)\*(\d+)(\*?)$/.exec(p.name);
    if (cont) {
      const g = groupFor(cont[1] ?? '');
      const index = Number(cont[2]);
      if (!g.segments.some((s) => s.index === index)) {
        g.segments.push({ index, extended: cont[3] === '*', value: p.value });
      }
      continue;
    }
    const ext = /^(.+)\*$/.exec(p.name);
    if (ext) {
      const g = groupFor(ext[1] ?? '');
      if (!g.segments.some((s) => s.index === 0))
        g.segments.push({ index: 0, extended: true, value: p.value });
      continue;
    }
    const g = groupFor(p.name);
    if (g.plain === null) g.plain = p.value;
  }
  for (const g of order) g.segments.sort((a, b) => a.index - b.index);
  return order;
}

function decodeSegments(segments: Segment[]): string {
  let charset: string | null = null;
  const parts: Buffer[] = [];
  segments.forEach((seg, i) => {
    let value = seg.value;
    if (seg.extended && i === 0) {
      const m = /^([^']*)'[^']*'(.*)$/s.exec(value);
      if (m) {
        charset = m[1] || null;
        value = m[2] ?? '';
      }
    }
    parts.push(seg.extended ? percentDecode(value) : Buffer.from(value, 'utf8'));
  });
  return decodeCharset(Buffer.concat(parts), charset).text;
}

function wireSegments(segments: Segment[]): string {
  if (!segments.some((s) => s.extended)) return segments.map((s) => s.value).join('');
  return segments
    .map((s, i) => {
      if (s.extended) return s.value;
      // A plain segment inside an extended value must be percent-encoded to stay decodable.
      return i === 0 ? `''${percentEncode(s.value)}` : percentEncode(s.value);
    })
    .join('');
}

export function parseParams(text: string): Pick<StructuredHeaderValue, 'params' | 'wireParams'> {
  const groups = groupParams(tokenizeParams(text, 0));
  const params: MimeParam[] = [];
  const wireParams: MimeParam[] = [];
  for (const g of groups) {
    if (g.plain !== null) wireParams.push({ name: g.base, value: g.plain });
    if (g.segments.length > 0) {
      const extended = g.segments.some((s) => s.extended);
      wireParams.push({ name: extended ? `${g.base}*` : g.base, value: wireSegments(g.segments) });
      params.push({ name: g.base, value: decodeSegments(g.segments) });
    } else if (g.plain !== null) {
      params.push({ name: g.base, value: decodeEncodedWords(g.plain) });
    }
  }
  return { params, wireParams };
}

/** Parses `value; name=value; ...` headers such as Content-Type and Content-Disposition. */
export function parseStructuredHeader(text: string): StructuredHeaderValue {
  const semi = text.indexOf(';');
  const head = semi === -1 ? text : text.slice(0, semi);
  const value = stripComments(head).trim();
  const rest = semi === -1 ? '' : text.slice(semi + 1);
  return { value, ...parseParams(rest) };
}

export function findParam(params: MimeParam[], name: string): string | null {
  const wanted = name.toLowerCase();
  return params.find((p) => p.name === wanted)?.value ?? null;
}
