import { ImapSyntaxError, type ImapToken, bytesToText, tokenAtom } from '../protocol/command-tokens';
import { parseSearchDate } from '../protocol/response-encoding';
import { isSequenceSet, parseSequenceSet } from '../protocol/sequence-set';
import { normalizeFlag } from '../commands/flags';
import type { PartialRange, SearchKey, SearchReturnOption } from './search-ast';
import { parseReturnOptions } from './search-return';

/** What a SEARCH command asked for, before sequence numbers are mapped to UIDs. */
export interface ParsedSearch {
  query: SearchKey;
  charset: string | null;
  /** null: classic `* SEARCH`; otherwise ESEARCH with these options (empty = ALL). */
  returnOptions: SearchReturnOption[] | null;
  /** RETURN (PARTIAL m:n), normalised so that first <= last. */
  partial: PartialRange | null;
}

/** Translates a sequence set (sequence numbers or UIDs) to UID ranges. */
export interface SearchSetResolver {
  sequences(text: string): Array<[number, number]>;
  uids(text: string): Array<[number, number]>;
  /** The session's \Recent UIDs as ranges; RECENT/NEW/OLD become UID sets before the backend sees them. */
  recent(): Array<[number, number]>;
  /** SEARCHRES `$`: the saved result as UID ranges (empty when nothing is saved). */
  saved(): Array<[number, number]>;
}

export class BadCharsetError extends Error {}

const FLAG_KEYS: Record<string, [string, boolean]> = {
  ANSWERED: ['\\Answered', true],
  DELETED: ['\\Deleted', true],
  DRAFT: ['\\Draft', true],
  FLAGGED: ['\\Flagged', true],
  SEEN: ['\\Seen', true],
  UNANSWERED: ['\\Answered', false],
  UNDELETED: ['\\Deleted', false],
  UNDRAFT: ['\\Draft', false],
  UNFLAGGED: ['\\Flagged', false],
  UNSEEN: ['\\Seen', false],
};
const HEADER_KEYS = new Set(['BCC', 'CC', 'FROM', 'SUBJECT', 'TO']);
const DATE_KEYS: Record<string, ['internal' | 'sent' | 'saved', 'before' | 'on' | 'since']> = {
  SAVEDBEFORE: ['saved', 'before'],
  SAVEDON: ['saved', 'on'],
  SAVEDSINCE: ['saved', 'since'],
  BEFORE: ['internal', 'before'],
  ON: ['internal', 'on'],
  SINCE: ['internal', 'since'],
  SENTBEFORE: ['sent', 'before'],
  SENTON: ['sent', 'on'],
  SENTSINCE: ['sent', 'since'],
};
const MAX_DEPTH = 64;
const NONE: SearchKey = { type: 'not', key: { type: 'all' } };

class Reader {
  i = 0;
  constructor(readonly tokens: readonly ImapToken[]) {}
  next(what: string): ImapToken {
    const t = this.tokens[this.i++];
    if (t === undefined) throw new ImapSyntaxError(`Missing ${what}`);
    return t;
  }
  text(what: string): string {
    const t = this.next(what);
    if (t.type === 'atom') return t.value;
    if (t.type === 'string') return bytesToText(t.value);
    throw new ImapSyntaxError(`Invalid ${what}`);
  }
  number(what: string): number {
    const v = tokenAtom(this.next(what), what);
    if (!/^\d{1,15}$/.test(v)) throw new ImapSyntaxError(`Invalid ${what}`);
    return Number(v);
  }
  get done(): boolean {
    return this.i >= this.tokens.length;
  }
}

/** Backends never see an empty UID set (`SEARCH 1000` beyond the mailbox): it matches nothing. */
function uidKey(ranges: Array<[number, number]>): SearchKey {
  return ranges.length === 0 ? NONE : { type: 'uid', ranges };
}

/** \Recent lives in the session, not the store, so it reaches the backend as a UID set. */
function recentKey(sets: SearchSetResolver): SearchKey {
  return uidKey(sets.recent());
}

function parseKey(r: Reader, sets: SearchSetResolver, depth: number): SearchKey {
  if (depth > MAX_DEPTH) throw new ImapSyntaxError('Search too deeply nested');
  const token = r.next('search key');
  if (token.type === 'list') {
    if (token.items.length === 0) throw new ImapSyntaxError('Empty search list');
    return parseAll(new Reader(token.items), sets, depth + 1);
  }
  const word = tokenAtom(token, 'search key');
  const upper = word.toUpperCase();
  const flag = FLAG_KEYS[upper];
  if (flag) return { type: 'flag', flag: flag[0], present: flag[1] };
  if (HEADER_KEYS.has(upper))
    return { type: 'header', name: upper.toLowerCase(), value: r.text('search string') };
  const date = DATE_KEYS[upper];
  if (date) {
    const parsed = parseSearchDate(r.text('date'));
    if (!parsed) throw new ImapSyntaxError('Invalid date');
    return { type: 'date', field: date[0], op: date[1], date: parsed };
  }
  switch (upper) {
    case 'ALL':
      return { type: 'all' };
    case 'SAVEDATESUPPORTED':
      // Every mailbox here keeps save dates (RFC 8514).
      return { type: 'all' };
    case 'RECENT':
      return recentKey(sets);
    case 'NEW':
      return { type: 'and', keys: [recentKey(sets), { type: 'flag', flag: '\\Seen', present: false }] };
    case 'OLD':
      return { type: 'not', key: recentKey(sets) };
    case 'BODY':
      return { type: 'body', value: r.text('search string') };
    case 'TEXT':
      return { type: 'text', value: r.text('search string') };
    case 'HEADER': {
      const name = r.text('header name').toLowerCase();
      if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) throw new ImapSyntaxError('Invalid header name');
      return { type: 'header', name, value: r.text('search string') };
    }
    case 'KEYWORD':
    case 'UNKEYWORD':
      return {
        type: 'flag',
        flag: normalizeFlag(tokenAtom(r.next('keyword'), 'keyword')),
        present: upper === 'KEYWORD',
      };
    case 'LARGER':
    case 'SMALLER':
      return { type: 'size', op: upper === 'LARGER' ? 'larger' : 'smaller', value: r.number('size') };
    case 'NOT':
      return { type: 'not', key: parseKey(r, sets, depth + 1) };
    case 'OR': {
      const left = parseKey(r, sets, depth + 1);
      return { type: 'or', left, right: parseKey(r, sets, depth + 1) };
    }
    case 'UID': {
      const set = tokenAtom(r.next('UID set'), 'UID set');
      return uidKey(set === '$' ? sets.saved() : sets.uids(set));
    }
    case 'MODSEQ':
      return parseModseqKey(r);
    case 'EMAILID':
    case 'THREADID': {
      const value = tokenAtom(r.next('object id'), 'object id');
      if (!OBJECT_ID.test(value)) throw new ImapSyntaxError('Invalid object id');
      return { type: upper === 'EMAILID' ? 'emailId' : 'threadId', value };
    }
    case '$':
      return uidKey(sets.saved());
    default:
      if (isSequenceSet(word)) return uidKey(sets.sequences(word));
      throw new ImapSyntaxError(`Unknown search key ${word.slice(0, 30)}`);
  }
}

// RFC 8474: 1*255(ALPHA / DIGIT / "_" / "-").
const OBJECT_ID = /^[A-Za-z0-9_-]{1,255}$/;
const ENTRY_TYPES = new Set(['PRIV', 'SHARED', 'ALL']);

/**
 * `MODSEQ [entry-name entry-type] value` (RFC 7162). Per-flag modseqs are not kept, so the entry is
 * validated and ignored: the message's modseq is always at least the flag's.
 */
function parseModseqKey(r: Reader): SearchKey {
  const next = r.tokens[r.i];
  if (next?.type === 'string') {
    r.i++;
    const entryType = tokenAtom(r.next('entry type'), 'entry type').toUpperCase();
    if (!ENTRY_TYPES.has(entryType)) throw new ImapSyntaxError('Invalid MODSEQ entry type');
  }
  return { type: 'modseq', value: r.number('modseq') };
}

function parseAll(r: Reader, sets: SearchSetResolver, depth: number): SearchKey {
  const keys: SearchKey[] = [];
  while (!r.done) keys.push(parseKey(r, sets, depth));
  if (keys.length === 0) throw new ImapSyntaxError('Missing search criteria');
  return keys.length === 1 ? (keys[0] as SearchKey) : { type: 'and', keys };
}

/** Parses `[RETURN (...)] [CHARSET x] criteria...`. Throws BadCharsetError for unknown charsets. */
export function parseSearch(tokens: readonly ImapToken[], sets: SearchSetResolver): ParsedSearch {
  const r = new Reader(tokens);
  let returnOptions: SearchReturnOption[] | null = null;
  let partial: PartialRange | null = null;
  let charset: string | null = null;
  const first = tokens[0];
  if (first?.type === 'atom' && first.value.toUpperCase() === 'RETURN') {
    r.i++;
    const list = r.next('return options');
    ({ options: returnOptions, partial } = parseReturnOptions(list));
  }
  const maybe = tokens[r.i];
  if (maybe?.type === 'atom' && maybe.value.toUpperCase() === 'CHARSET') {
    r.i++;
    charset = r.text('charset').toUpperCase();
    if (charset !== 'UTF-8' && charset !== 'US-ASCII') throw new BadCharsetError(charset);
  }
  return { query: parseAll(r, sets, 0), charset, returnOptions, partial };
}

/** Helper for resolvers: parse a set against `*`. */
export function setRanges(text: string, star: number): Array<[number, number]> {
  return parseSequenceSet(text, star);
}
