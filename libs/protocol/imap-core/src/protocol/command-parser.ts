import { ImapSyntaxError, type ImapToken, type ParsedCommand } from './command-tokens';

/**
 * A command as received: line segments with the literals between them. `lines[i]` ended
 * with a literal marker whose bytes are `literals[i]`; the last line has no marker.
 */
export interface RawCommand {
  lines: Buffer[];
  literals: Buffer[];
}

export interface ParserLimits {
  maxDepth: number;
}

export interface LiteralMarker {
  size: number;
  /** `{n+}`: the client does not wait for a continuation. */
  nonSync: boolean;
  /** `~{n}` (literal8). */
  binary: boolean;
}

/** Recognises a `{n}`, `{n+}` or `~{n}` marker at the end of a line; null when there is none. */
export function literalMarkerAtEnd(line: Buffer): LiteralMarker | null {
  const n = line.length;
  if (n < 3 || line[n - 1] !== 0x7d) return null;
  let i = n - 2;
  let nonSync = false;
  if (line[i] === 0x2b) {
    nonSync = true;
    i--;
  }
  const digitsEnd = i + 1;
  while (i >= 0 && (line[i] as number) >= 0x30 && (line[i] as number) <= 0x39) i--;
  if (i === digitsEnd - 1 || i < 0 || line[i] !== 0x7b) return null;
  const digits = line.toString('latin1', i + 1, digitsEnd);
  // Anything longer than 15 digits is absurd; report it as infinite rather than losing precision.
  const size = digits.length > 15 ? Number.POSITIVE_INFINITY : Number(digits);
  const binary = i > 0 && line[i - 1] === 0x7e;
  return { size, nonSync, binary };
}

const SP = 0x20;
const LPAREN = 0x28;
const RPAREN = 0x29;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const TILDE = 0x7e;

/**
 * Only a FETCH item name opens a section; anywhere else `[` and `]` are ordinary astring
 * characters (a mailbox may be called `a[b`).
 */
const SECTION_PREFIX = /^(?:BODY(?:\.PEEK)?|BINARY(?:\.PEEK|\.SIZE)?)$/i;

function isAtomByte(b: number): boolean {
  // atom-specials minus the ones commands need inside atoms (`%`, `*`, `]`, `\` for flags).
  return b > 0x20 && b < 0x7f && b !== LPAREN && b !== RPAREN && b !== LBRACE && b !== DQUOTE;
}

class Cursor {
  seg = 0;
  pos = 0;
  constructor(
    readonly raw: RawCommand,
    readonly limits: ParserLimits,
  ) {}

  get line(): Buffer {
    return this.raw.lines[this.seg] as Buffer;
  }
  atEnd(): boolean {
    return this.pos >= this.line.length && this.seg === this.raw.lines.length - 1;
  }
  atLineEnd(): boolean {
    return this.pos >= this.line.length;
  }
  peek(): number | undefined {
    return this.line[this.pos];
  }
}

function parseQuoted(c: Cursor): ImapToken {
  const line = c.line;
  c.pos++;
  const out: number[] = [];
  for (;;) {
    const b = line[c.pos];
    if (b === undefined) throw new ImapSyntaxError('Unterminated quoted string');
    c.pos++;
    if (b === DQUOTE) break;
    if (b === BACKSLASH) {
      const e = line[c.pos];
      if (e !== DQUOTE && e !== BACKSLASH) throw new ImapSyntaxError('Invalid escape in quoted string');
      out.push(e);
      c.pos++;
      continue;
    }
    if (b === 0x0d || b === 0x0a || b === 0) throw new ImapSyntaxError('Invalid character in quoted string');
    out.push(b);
  }
  return { type: 'string', value: Buffer.from(out), literal: false, binary: false };
}

function parseLiteral(c: Cursor): ImapToken {
  const rest = c.line.subarray(c.pos);
  const marker = literalMarkerAtEnd(rest);
  if (!marker || !/^~?\{\d+\+?\}$/.test(rest.toString('latin1')))
    throw new ImapSyntaxError('Invalid literal');
  const data = c.raw.literals[c.seg];
  if (data === undefined) throw new ImapSyntaxError('Missing literal data');
  c.seg++;
  c.pos = 0;
  return { type: 'string', value: data, literal: true, binary: marker.binary };
}

function parseAtom(c: Cursor): ImapToken {
  const line = c.line;
  const start = c.pos;
  while (c.pos < line.length) {
    const b = line[c.pos] as number;
    if (b === LBRACKET && SECTION_PREFIX.test(line.toString('latin1', start, c.pos))) {
      // BODY[HEADER.FIELDS (A B)]: a section may hold spaces, parens and quotes.
      const close = line.indexOf(RBRACKET, c.pos);
      if (close < 0) throw new ImapSyntaxError('Unterminated section');
      c.pos = close + 1;
      continue;
    }
    if (!isAtomByte(b)) break;
    c.pos++;
  }
  if (c.pos === start) {
    const b = line[start] as number;
    if (b >= 0x80) throw new ImapSyntaxError('8-bit data outside a string');
    throw new ImapSyntaxError('Unexpected character');
  }
  const value = line.toString('latin1', start, c.pos);
  if (/[^\x20-\x7e]/.test(value)) throw new ImapSyntaxError('8-bit data outside a string');
  // NIL stays an atom: where an astring is expected it is the string "NIL" (see `isNil`).
  return { type: 'atom', value };
}

function parseValue(c: Cursor, depth: number): ImapToken {
  const b = c.peek();
  if (b === LPAREN) {
    if (depth >= c.limits.maxDepth) throw new ImapSyntaxError('Too deeply nested');
    c.pos++;
    const items: ImapToken[] = [];
    for (;;) {
      if (c.atLineEnd()) throw new ImapSyntaxError('Unterminated list');
      if (c.peek() === RPAREN) {
        c.pos++;
        return { type: 'list', items };
      }
      if (items.length > 0) {
        if (c.peek() !== SP) throw new ImapSyntaxError('Expected space in list');
        c.pos++;
      }
      items.push(parseValue(c, depth + 1));
    }
  }
  if (b === DQUOTE) return parseQuoted(c);
  if (b === LBRACE || (b === TILDE && c.line[c.pos + 1] === LBRACE)) return parseLiteral(c);
  return parseAtom(c);
}

/** Tag and command name from the start of a line, for logging and literal decisions. */
export function peekTagAndCommand(line: Buffer): { tag: string; command: string; sub: string } | null {
  const m = /^([\x21-\x7e]+) ([A-Za-z]+)(?: ([A-Za-z]+))?/.exec(line.toString('latin1', 0, 100));
  if (!m || (m[1] as string).includes('+')) return null;
  return { tag: m[1] as string, command: (m[2] as string).toUpperCase(), sub: (m[3] ?? '').toUpperCase() };
}

const TAG_RE = /^[\x21-\x7e]+$/;

/** Parses a complete raw command; throws `ImapSyntaxError` (with the tag when known). */
export function parseCommand(raw: RawCommand, limits: ParserLimits): ParsedCommand {
  const first = raw.lines[0] as Buffer;
  const sp = first.indexOf(SP);
  if (sp <= 0) throw new ImapSyntaxError('Missing command');
  const tag = first.toString('latin1', 0, sp);
  if (!TAG_RE.test(tag) || /[+(){%*"\\]/.test(tag)) throw new ImapSyntaxError('Invalid tag');
  const c = new Cursor(raw, limits);
  c.pos = sp + 1;
  const nameStart = c.pos;
  while (c.pos < first.length && first[c.pos] !== SP) c.pos++;
  const command = first.toString('latin1', nameStart, c.pos).toUpperCase();
  if (!/^[A-Z][A-Z0-9.=-]*$/.test(command)) throw new ImapSyntaxError('Invalid command name');
  const args: ImapToken[] = [];
  while (!c.atEnd()) {
    if (c.peek() !== SP) throw new ImapSyntaxError('Expected space');
    c.pos++;
    if (c.atLineEnd()) throw new ImapSyntaxError('Trailing space');
    args.push(parseValue(c, 0));
  }
  return { tag, command, args };
}

/** Tries to recover the tag of an unparseable line for the BAD reply. */
export function guessTag(line: Buffer): string | null {
  const sp = line.indexOf(SP);
  if (sp <= 0) return null;
  const tag = line.toString('latin1', 0, sp);
  return TAG_RE.test(tag) && !/[+(){%*"\\]/.test(tag) ? tag : null;
}
