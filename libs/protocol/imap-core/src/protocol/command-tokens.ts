/** The token tree of one client command's arguments. */
export type ImapToken =
  | { type: 'atom'; value: string }
  /** Quoted string or literal; bytes as received (decode with `tokenText`). */
  | { type: 'string'; value: Buffer; literal: boolean; binary: boolean }
  | { type: 'list'; items: ImapToken[] };

export interface ParsedCommand {
  tag: string;
  /** Upper-cased command name; `UID FETCH` etc. are reported as `UID` with the sub-command as first argument. */
  command: string;
  args: ImapToken[];
}

/** A syntax problem in a client command. */
export class ImapSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImapSyntaxError';
  }
}

/**
 * NIL is parsed as the atom `NIL`: it is the nil value only where the grammar allows nil
 * (ID's arguments); where an astring is expected it is the three-letter string.
 */
export function isNil(token: ImapToken | undefined): boolean {
  return token?.type === 'atom' && token.value.toUpperCase() === 'NIL';
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes a string/atom token as UTF-8; invalid UTF-8 is a syntax error, not mojibake. */
export function bytesToText(value: Buffer): string {
  try {
    return decoder.decode(value);
  } catch {
    throw new ImapSyntaxError('Invalid UTF-8');
  }
}

/** astring value (atom or string), or throws. */
export function tokenText(token: ImapToken | undefined, what = 'argument'): string {
  if (token === undefined) throw new ImapSyntaxError(`Missing ${what}`);
  if (token.type === 'atom') return token.value;
  if (token.type === 'string') return bytesToText(token.value);
  throw new ImapSyntaxError(`Invalid ${what}`);
}

export function tokenAtom(token: ImapToken | undefined, what = 'argument'): string {
  if (token === undefined) throw new ImapSyntaxError(`Missing ${what}`);
  if (token.type !== 'atom') throw new ImapSyntaxError(`Invalid ${what}`);
  return token.value;
}

export function tokenList(token: ImapToken | undefined, what = 'list'): ImapToken[] {
  if (token === undefined || token.type !== 'list') throw new ImapSyntaxError(`Expected ${what}`);
  return token.items;
}

export function expectEnd(args: readonly ImapToken[], count: number): void {
  if (args.length > count) throw new ImapSyntaxError('Too many arguments');
}
