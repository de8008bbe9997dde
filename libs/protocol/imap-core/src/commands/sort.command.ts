import { ImapSyntaxError, tokenAtom, type ImapToken } from '../protocol/command-tokens';
import { imapQuoted } from '../protocol/response-encoding';
import { type CommandHandler, no, ok, SELECTED } from '../session/command-handler';
import { parseSortCriteria, sortRecords } from '../sort/sort-keys';
import { isResult, matchingSortRecords, parseCharsetSearch, writeNumbers } from './sort-search';

type EsortOption = 'MIN' | 'MAX' | 'COUNT' | 'ALL';
const ESORT_OPTIONS = new Set<string>(['MIN', 'MAX', 'COUNT', 'ALL']);

/** ESORT (RFC 5267): `RETURN (options)` before the criteria; an empty list means ALL. */
function parseReturn(args: readonly ImapToken[]): {
  options: EsortOption[] | null;
  rest: readonly ImapToken[];
} {
  const [first, list] = args;
  if (first?.type !== 'atom' || first.value.toUpperCase() !== 'RETURN') return { options: null, rest: args };
  if (list?.type !== 'list') throw new ImapSyntaxError('Invalid RETURN options');
  const options = list.items.map((item) => {
    const option = tokenAtom(item, 'return option').toUpperCase();
    if (!ESORT_OPTIONS.has(option)) throw new ImapSyntaxError(`Unknown return option ${option.slice(0, 20)}`);
    return option as EsortOption;
  });
  return { options: options.length === 0 ? ['ALL'] : options, rest: args.slice(2) };
}

/** Sort order kept: runs are joined only where the numbers follow each other in that order. */
function orderedSet(numbers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === (numbers[j] as number) + 1) j++;
    parts.push(j === i ? String(numbers[i]) : `${numbers[i]}:${numbers[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** SORT / UID SORT (RFC 5256, with RFC 5957's DISPLAYFROM and DISPLAYTO, and RFC 5267's ESORT). */
export const sortCommand: CommandHandler = {
  states: SELECTED,
  allowExpunge: (input) => input.uid,
  async run(session, input) {
    const view = session.view;
    if (!view) return no('No mailbox selected');
    const { options, rest } = parseReturn(input.args);
    const criteria = parseSortCriteria(rest[0]);
    const query = parseCharsetSearch(view, rest.slice(1));
    if (isResult(query)) return query;
    const records = await matchingSortRecords(session, view, query);
    const uids = sortRecords(records, criteria);
    const numbers = input.uid ? uids : uids.map((u) => view.seqOf(u));
    if (!options) {
      await writeNumbers(session, 'SORT', numbers);
      return ok('SORT completed');
    }
    const parts = [`ESEARCH (TAG ${imapQuoted(input.tag, { utf8: false })})`];
    if (input.uid) parts.push('UID');
    if (options.includes('MIN') && numbers.length > 0) parts.push(`MIN ${numbers[0]}`);
    if (options.includes('MAX') && numbers.length > 0) parts.push(`MAX ${numbers[numbers.length - 1]}`);
    if (options.includes('COUNT')) parts.push(`COUNT ${numbers.length}`);
    if (options.includes('ALL') && numbers.length > 0) parts.push(`ALL ${orderedSet(numbers)}`);
    await session.untagged(parts.join(' '));
    return ok('SORT completed');
  },
};
