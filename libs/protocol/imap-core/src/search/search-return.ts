import { ImapSyntaxError, type ImapToken, tokenAtom } from '../protocol/command-tokens';
import type { PartialRange, SearchReturnOption } from './search-ast';

const SIMPLE_OPTIONS = new Set<string>(['MIN', 'MAX', 'COUNT', 'ALL', 'SAVE', 'UPDATE', 'CONTEXT']);
const POSITION = /^-?[1-9]\d{0,9}$/;

/**
 * `m:n` of PARTIAL. Both ends are positions of the same sign, in either order (RFC 5267 4.4 allows
 * `4:2`); `*` has no meaning for a position, so it is refused.
 */
export function parsePartialRange(text: string): PartialRange {
  const [a, b, extra] = text.split(':');
  if (extra !== undefined || !a || !b || !POSITION.test(a) || !POSITION.test(b))
    throw new ImapSyntaxError('PARTIAL needs a range of positions such as 1:100');
  const first = Number(a);
  const last = Number(b);
  if (first < 0 !== last < 0) throw new ImapSyntaxError('PARTIAL range ends must have the same sign');
  return { first: Math.min(first, last), last: Math.max(first, last) };
}

/** The RETURN list of SEARCH: its options, and PARTIAL's range when asked for. */
export function parseReturnOptions(list: ImapToken): {
  options: SearchReturnOption[];
  partial: PartialRange | null;
} {
  if (list.type !== 'list') throw new ImapSyntaxError('Invalid RETURN options');
  const options: SearchReturnOption[] = [];
  let partial: PartialRange | null = null;
  for (let i = 0; i < list.items.length; i++) {
    const option = tokenAtom(list.items[i], 'return option').toUpperCase();
    if (option === 'PARTIAL') {
      if (partial) throw new ImapSyntaxError('PARTIAL given twice');
      const range = list.items[++i];
      if (range?.type !== 'atom') throw new ImapSyntaxError('PARTIAL needs a range');
      partial = parsePartialRange(range.value);
    } else if (!SIMPLE_OPTIONS.has(option)) {
      throw new ImapSyntaxError(`Unknown return option ${option.slice(0, 20)}`);
    }
    if (!options.includes(option as SearchReturnOption)) options.push(option as SearchReturnOption);
  }
  return { options, partial };
}

/** The messages at PARTIAL's positions in `numbers` (ascending), or none when the window is past the end. */
export function partialWindow(numbers: readonly number[], range: PartialRange): number[] {
  if (range.first > 0) return numbers.slice(range.first - 1, range.last);
  const start = Math.max(0, numbers.length + range.first);
  const end = numbers.length + range.last + 1;
  return end <= 0 ? [] : numbers.slice(start, end);
}

/** As it goes back to the client: `2:4`, or for counts from the end `-1:-100` (RFC 9394's examples). */
export function formatPartialRange(range: PartialRange): string {
  return range.first > 0 ? `${range.first}:${range.last}` : `${range.last}:${range.first}`;
}
