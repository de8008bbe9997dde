import { ImapSyntaxError, tokenAtom } from '../protocol/command-tokens';
import { type CommandHandler, no, ok, SELECTED } from '../session/command-handler';
import { formatThreads } from '../sort/thread-node';
import { threadByOrderedSubject } from '../sort/thread-ordered-subject';
import { threadByReferences } from '../sort/thread-references';
import { isResult, matchingSortRecords, parseCharsetSearch } from './sort-search';

const ALGORITHMS = {
  ORDEREDSUBJECT: threadByOrderedSubject,
  REFERENCES: threadByReferences,
} as const;

/** THREAD / UID THREAD (RFC 5256) with ORDEREDSUBJECT and REFERENCES. */
export const threadCommand: CommandHandler = {
  states: SELECTED,
  allowExpunge: (input) => input.uid,
  async run(session, input) {
    const view = session.view;
    if (!view) return no('No mailbox selected');
    const name = tokenAtom(input.args[0], 'thread algorithm').toUpperCase();
    if (name !== 'ORDEREDSUBJECT' && name !== 'REFERENCES')
      throw new ImapSyntaxError(`Unknown thread algorithm ${name.slice(0, 30)}`);
    const query = parseCharsetSearch(view, input.args.slice(1));
    if (isResult(query)) return query;
    const records = await matchingSortRecords(session, view, query);
    const threads = ALGORITHMS[name](records);
    const data = formatThreads(threads, input.uid ? (u) => u : (u) => view.seqOf(u));
    await session.writer.write(data === '' ? '* THREAD\r\n' : `* THREAD ${data}\r\n`);
    return ok('THREAD completed');
  },
};
