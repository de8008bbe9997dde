import { type CommandHandler, no, ok, SELECTED } from '../session/command-handler';
import { parseSortCriteria, sortRecords } from '../sort/sort-keys';
import { isResult, matchingSortRecords, parseCharsetSearch, writeNumbers } from './sort-search';

/** SORT / UID SORT (RFC 5256, with RFC 5957's DISPLAYFROM and DISPLAYTO). */
export const sortCommand: CommandHandler = {
  states: SELECTED,
  allowExpunge: (input) => input.uid,
  async run(session, input) {
    const view = session.view;
    if (!view) return no('No mailbox selected');
    const criteria = parseSortCriteria(input.args[0]);
    const query = parseCharsetSearch(view, input.args.slice(1));
    if (isResult(query)) return query;
    const records = await matchingSortRecords(session, view, query);
    const uids = sortRecords(records, criteria);
    await writeNumbers(session, 'SORT', input.uid ? uids : uids.map((u) => view.seqOf(u)));
    return ok('SORT completed');
  },
};
