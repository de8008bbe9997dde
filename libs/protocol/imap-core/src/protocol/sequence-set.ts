import { ImapSyntaxError } from './command-tokens';

/** Inclusive ranges, normalised lo <= hi, as given (not merged). */
export type NumberRanges = Array<[number, number]>;

const MAX_UINT32 = 4294967295;

/**
 * Parses a sequence-set (`1:3,5,7:*`). `star` is the value of `*` (the highest sequence
 * number, or the highest UID in use). SEARCHRES's `$` is resolved by the callers, against the view.
 */
export function parseSequenceSet(text: string, star: number): NumberRanges {
  if (text === '' || text.length > 100_000) throw new ImapSyntaxError('Invalid sequence set');
  const ranges: NumberRanges = [];
  for (const item of text.split(',')) {
    const m = /^(\d+|\*)(?::(\d+|\*))?$/.exec(item);
    if (!m) throw new ImapSyntaxError('Invalid sequence set');
    const a = m[1] === '*' ? star : Number(m[1]);
    const b = m[2] === undefined ? a : m[2] === '*' ? star : Number(m[2]);
    if (
      (m[1] !== '*' && a === 0) ||
      (m[2] !== undefined && m[2] !== '*' && b === 0) ||
      a > MAX_UINT32 ||
      b > MAX_UINT32
    ) {
      throw new ImapSyntaxError('Invalid sequence set');
    }
    ranges.push(a <= b ? [a, b] : [b, a]);
  }
  return ranges;
}

export function isSequenceSet(text: string): boolean {
  return /^(\d+|\*)(:(\d+|\*))?(,(\d+|\*)(:(\d+|\*))?)*$/.test(text);
}

/** Compact text form of a sorted unique number list: `1:3,7,9:10`. */
export function formatNumberSet(sorted: readonly number[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i] as number;
    let end = start;
    while (i + 1 < sorted.length && sorted[i + 1] === end + 1) {
      end++;
      i++;
    }
    out.push(start === end ? String(start) : `${start}:${end}`);
    i++;
  }
  return out.join(',');
}

/** Sorted, with overlapping and adjacent ranges joined. */
export function mergeRanges(ranges: NumberRanges): NumberRanges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: NumberRanges = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/** `1:3,7` from merged ranges, so a long run of expunged UIDs stays one short token. */
export function formatRanges(ranges: NumberRanges): string {
  return ranges.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}:${hi}`)).join(',');
}

/** The numbers of `ranges` in the order given, or null beyond `limit` (a hostile `1:4294967295`). */
export function expandRanges(ranges: NumberRanges, limit: number): number[] | null {
  const out: number[] = [];
  for (const [lo, hi] of ranges) {
    if (out.length + (hi - lo + 1) > limit) return null;
    for (let n = lo; n <= hi; n++) out.push(n);
  }
  return out;
}
