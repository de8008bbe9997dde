/**
 * The typed SEARCH query handed to `ImapBackend.search`. Sequence-number sets are already
 * translated to UID ranges by the core (a sequence range a:b is exactly the UID range
 * uid(a)..uid(b) within the session's view), so backends only ever see UIDs.
 */

/** Inclusive UID range. */
export type UidRange = readonly [number, number];

/** A calendar date (IMAP dates carry no time or zone); compared in UTC. */
export interface SearchDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

export type SearchKey =
  | { type: 'all' }
  | { type: 'and'; keys: SearchKey[] }
  | { type: 'or'; left: SearchKey; right: SearchKey }
  | { type: 'not'; key: SearchKey }
  /** Never empty: the core turns a set that names no message into NOT ALL. */
  | { type: 'uid'; ranges: UidRange[] }
  /** System flag (`\Seen` ...) or keyword; `present: false` for UNSEEN, UNKEYWORD ... */
  | { type: 'flag'; flag: string; present: boolean }
  /**
   * `internal` = INTERNALDATE (BEFORE/ON/SINCE), `sent` = Date header (SENTBEFORE ...), `saved` = RFC 8514
   * SAVEDATE (SAVEDBEFORE ...).
   */
  | { type: 'date'; field: 'internal' | 'sent' | 'saved'; op: 'before' | 'on' | 'since'; date: SearchDate }
  | { type: 'size'; op: 'larger' | 'smaller'; value: number }
  /** Substring match, case-insensitive, on decoded header values; `value: ''` matches presence. */
  | { type: 'header'; name: string; value: string }
  | { type: 'body'; value: string }
  /** Header and body text. */
  | { type: 'text'; value: string }
  /** CONDSTORE MODSEQ: modseq >= value (the optional metadata entry is accepted and ignored). */
  | { type: 'modseq'; value: number }
  /** RFC 8474 EMAILID / THREADID: exact object id. */
  | { type: 'emailId'; value: string }
  | { type: 'threadId'; value: string };

/**
 * ESEARCH RETURN options (RFC 4731), SEARCHRES's SAVE (RFC 5182) and CONTEXT=SEARCH's UPDATE, CONTEXT and
 * PARTIAL (RFC 5267; PARTIAL's range travels beside the options).
 */
export type SearchReturnOption = 'MIN' | 'MAX' | 'COUNT' | 'ALL' | 'SAVE' | 'UPDATE' | 'CONTEXT' | 'PARTIAL';

/**
 * A PARTIAL range: 1-based positions in the result, `first <= last`. Negative positions count from the
 * end (RFC 9394), -1 being the last.
 */
export interface PartialRange {
  first: number;
  last: number;
}
