import type { SearchDate, SearchKey } from './search-ast';

/**
 * What `matchesSearch` needs to know about one message. Text accessors are functions so a
 * backend only decodes what the query actually touches.
 */
export interface SearchCandidate {
  uid: number;
  modseq: number;
  flags: readonly string[];
  internalDate: Date;
  size: number;
  /**
   * The Date header's calendar day as written (midnight UTC, its zone ignored as RFC 3501
   * wants for SENT*); null when absent or invalid.
   */
  sentDate: Date | null;
  /** Decoded values of a header field (name lower-case). */
  headerValues(name: string): readonly string[];
  /** All header fields, decoded, as text. */
  headerText(): string;
  /** Decoded body text (text parts). */
  bodyText(): string;
  /** RFC 8474 object ids; a candidate without them matches no EMAILID/THREADID key. */
  emailId?: string;
  threadId?: string | null;
  /** RFC 8514 SAVEDATE; a candidate without one never matches SAVED* keys. */
  saveDate?: Date | null;
}

function dayNumber(d: SearchDate): number {
  return Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
}

function dayOf(date: Date): number {
  return Math.floor(date.getTime() / 86_400_000);
}

function compareDate(actual: Date | null, op: 'before' | 'on' | 'since', wanted: SearchDate): boolean {
  if (actual === null || Number.isNaN(actual.getTime())) return false;
  const a = dayOf(actual);
  const w = dayNumber(wanted);
  switch (op) {
    case 'before':
      return a < w;
    case 'on':
      return a === w;
    case 'since':
      return a >= w;
  }
}

function contains(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}

/** Evaluates a SEARCH query against one message (no sequence numbers: the core passes UIDs). */
export function matchesSearch(key: SearchKey, c: SearchCandidate): boolean {
  switch (key.type) {
    case 'all':
      return true;
    case 'and':
      return key.keys.every((k) => matchesSearch(k, c));
    case 'or':
      return matchesSearch(key.left, c) || matchesSearch(key.right, c);
    case 'not':
      return !matchesSearch(key.key, c);
    case 'uid':
      return key.ranges.some(([lo, hi]) => c.uid >= lo && c.uid <= hi);
    case 'flag': {
      const want = key.flag.toLowerCase();
      return c.flags.some((f) => f.toLowerCase() === want) === key.present;
    }
    case 'date':
      return compareDate(
        key.field === 'internal' ? c.internalDate : key.field === 'sent' ? c.sentDate : (c.saveDate ?? null),
        key.op,
        key.date,
      );
    case 'size':
      return key.op === 'larger' ? c.size > key.value : c.size < key.value;
    case 'header': {
      const values = c.headerValues(key.name);
      if (key.value === '') return values.length > 0;
      return values.some((v) => contains(v, key.value));
    }
    case 'body':
      return contains(c.bodyText(), key.value);
    case 'text':
      return contains(c.headerText(), key.value) || contains(c.bodyText(), key.value);
    case 'modseq':
      return c.modseq >= key.value;
    case 'emailId':
      return c.emailId === key.value;
    case 'threadId':
      return c.threadId === key.value;
  }
}
