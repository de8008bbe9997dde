import { ImapSyntaxError } from '../protocol/command-tokens';
import { type NumberRanges, parseSequenceSet } from '../protocol/sequence-set';
import type { SearchSetResolver } from '../search/search-parser';
import { SearchUpdates } from './search-updates';

/** First index whose value is >= x. */
function lowerBound(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Ascending UIDs as ranges of consecutive values. */
function toRanges(sorted: Iterable<number>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const uid of sorted) {
    const last = out[out.length - 1];
    if (last && last[1] + 1 === uid) last[1] = uid;
    else out.push([uid, uid]);
  }
  return out;
}

function sortUnique(values: number[]): number[] {
  values.sort((a, b) => a - b);
  let w = 0;
  for (let r = 0; r < values.length; r++) {
    if (r === 0 || values[r] !== values[w - 1]) values[w++] = values[r] as number;
  }
  values.length = w;
  return values;
}

/**
 * The selected mailbox as this session has reported it: only the ascending UID list (the
 * index is the sequence number minus one) and the highest modseq reported. Everything else
 * is fetched from the backend on demand, so many sessions on large mailboxes stay cheap.
 */
export class MailboxView {
  private uids: number[];
  /**
   * UIDs this session holds as \Recent (IMAP4rev1): the only per-message state beside the
   * UID list. Stays empty when the backend reports no recent UIDs.
   */
  private readonly recent = new Set<number>();
  /** The count last sent in `* n RECENT` (-1: unknown), so a new one is sent only when it changes. */
  announcedRecent = 0;
  /** Flags and keywords the client has been told about in FLAGS, lower-cased (RFC 3501 7.2.6). */
  readonly announcedFlags = new Set<string>();
  /** The same flags in the case they were first seen, in announcement order. */
  readonly flagNames: string[] = [];
  /** SEARCHRES (RFC 5182): UIDs the last `SEARCH RETURN (SAVE)` kept, for `$`. */
  private saved: readonly number[] = [];
  /** CONTEXT=SEARCH: searches kept current while this mailbox stays selected. */
  readonly searchUpdates = new SearchUpdates();

  constructor(
    readonly mailboxId: string,
    readonly path: string,
    readonly readOnly: boolean,
    readonly uidValidity: number,
    uids: Uint32Array | readonly number[],
    public highestModseq: number,
  ) {
    this.uids = sortUnique(Array.from(uids));
  }

  get exists(): number {
    return this.uids.length;
  }

  get maxUid(): number {
    return this.uids.length === 0 ? 0 : (this.uids[this.uids.length - 1] as number);
  }

  /** Sequence number of a UID, or 0 when the session does not know it. */
  seqOf(uid: number): number {
    const i = lowerBound(this.uids, uid);
    return this.uids[i] === uid ? i + 1 : 0;
  }

  uidAt(seq: number): number | undefined {
    return this.uids[seq - 1];
  }

  allUids(): readonly number[] {
    return this.uids;
  }

  /**
   * The UIDs a FETCH/STORE/COPY/MOVE set names. UID sets may name missing UIDs (they are
   * skipped); a sequence number beyond the mailbox is a client error (BAD), except inside a
   * `*` range such as `1:*` on an empty mailbox.
   */
  resolveSet(text: string, uid: boolean): number[] {
    if (text === '$') return this.savedUids();
    if (uid) return this.uidsForUidRanges(parseSequenceSet(text, this.maxUid));
    for (const item of text.split(',')) {
      if (item.includes('*')) continue;
      for (const n of item.split(':')) {
        if (Number(n) > this.exists) throw new ImapSyntaxError('Invalid sequence number');
      }
    }
    return this.uidsForSequences(parseSequenceSet(text, this.exists));
  }

  /** UIDs for sequence-number ranges (out-of-range numbers are dropped), ascending. */
  uidsForSequences(ranges: NumberRanges): number[] {
    const out: number[] = [];
    const n = this.uids.length;
    for (const [lo, hi] of ranges) {
      for (let s = Math.max(lo, 1); s <= Math.min(hi, n); s++) out.push(this.uids[s - 1] as number);
    }
    return ranges.length === 1 ? out : sortUnique(out);
  }

  /** Known UIDs inside UID ranges, ascending. */
  uidsForUidRanges(ranges: NumberRanges): number[] {
    const out: number[] = [];
    for (const [lo, hi] of ranges) {
      const from = lowerBound(this.uids, lo);
      const to = lowerBound(this.uids, hi + 1);
      for (let i = from; i < to; i++) out.push(this.uids[i] as number);
    }
    return ranges.length === 1 ? out : sortUnique(out);
  }

  /**
   * UIDs inside `ranges` (merged, ascending) up to `upTo` that this view does not hold, as ranges:
   * a client's `1:100000` over a sparse mailbox costs one pass over the view, not 100k numbers.
   */
  missingRanges(ranges: NumberRanges, upTo: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (const [lo, rawHi] of ranges) {
      const hi = Math.min(rawHi, upTo);
      let next = lo;
      for (let i = lowerBound(this.uids, lo); i < this.uids.length; i++) {
        const uid = this.uids[i] as number;
        if (uid > hi) break;
        if (uid > next) out.push([next, uid - 1]);
        next = uid + 1;
      }
      if (next <= hi) out.push([next, hi]);
    }
    return out;
  }

  /** Sequence ranges as UID ranges for SEARCH (a:b ≡ uid(a)..uid(b) within this view). */
  sequenceRangesToUidRanges(ranges: NumberRanges): Array<[number, number]> {
    const n = this.uids.length;
    const out: Array<[number, number]> = [];
    for (const [lo, hi] of ranges) {
      const a = Math.max(lo, 1);
      const b = Math.min(hi, n);
      if (a <= b) out.push([this.uids[a - 1] as number, this.uids[b - 1] as number]);
    }
    return out;
  }

  saveSearchResult(uids: readonly number[]): void {
    this.saved = [...uids];
  }

  /** The saved result minus messages expunged since, ascending (RFC 5182 section 2.1). */
  savedUids(): number[] {
    return this.saved.filter((uid) => this.seqOf(uid) > 0);
  }

  /** Resolves the sets inside SEARCH criteria against this view. */
  searchSets(): SearchSetResolver {
    return {
      sequences: (text) => this.sequenceRangesToUidRanges(parseSequenceSet(text, this.exists)),
      uids: (text) => parseSequenceSet(text, this.maxUid),
      recent: () => this.recentRanges(),
      saved: () => toRanges(this.savedUids()),
    };
  }

  /** Adds UIDs the backend says this session holds as \Recent (unknown UIDs are ignored). */
  markRecent(uids: readonly number[]): void {
    for (const uid of uids) if (this.seqOf(uid) > 0) this.recent.add(uid);
  }

  isRecent(uid: number): boolean {
    return this.recent.has(uid);
  }

  get recentCount(): number {
    return this.recent.size;
  }

  /** The recent UIDs as ascending ranges of consecutive UIDs, for SEARCH RECENT/NEW/OLD. */
  recentRanges(): Array<[number, number]> {
    return toRanges([...this.recent].sort((a, b) => a - b));
  }

  /**
   * Removes UIDs and returns the sequence numbers to announce, in the order to send them:
   * highest first, so that each EXPUNGE n is still correct after the previous renumbering.
   */
  expunge(uids: readonly number[]): number[] {
    const seqs: number[] = [];
    for (const uid of uids) {
      const s = this.seqOf(uid);
      if (s > 0) seqs.push(s);
    }
    if (seqs.length === 0) return [];
    seqs.sort((a, b) => b - a);
    const gone = new Set(uids);
    this.uids = this.uids.filter((u) => !gone.has(u));
    // The client's RECENT count is stale once a recent message goes; the next EXISTS re-sends it.
    for (const uid of uids) if (this.recent.delete(uid)) this.announcedRecent = -1;
    return seqs;
  }

  /** Adds UIDs newer than every known one; returns how many were added. */
  append(uids: readonly number[]): number {
    const max = this.maxUid;
    const fresh = sortUnique(uids.filter((u) => u > max));
    for (const u of fresh) this.uids.push(u);
    return fresh.length;
  }
}
