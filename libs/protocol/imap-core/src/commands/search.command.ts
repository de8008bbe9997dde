import { type CommandHandler, no, ok, SELECTED } from '../session/command-handler';
import { parseSequenceSet, formatNumberSet } from '../protocol/sequence-set';
import { imapQuoted } from '../protocol/response-encoding';
import { BadCharsetError, type ParsedSearch, parseSearch } from '../search/search-parser';

/** SEARCH / UID SEARCH; ESEARCH form when RETURN is given or IMAP4rev2 is enabled. */
export const searchCommand: CommandHandler = {
  states: SELECTED,
  allowExpunge: (input) => input.uid,
  async run(session, input) {
    const view = session.view;
    if (!view) return no('No mailbox selected');
    let parsed: ParsedSearch;
    try {
      parsed = parseSearch(input.args, {
        sequences: (text) => view.sequenceRangesToUidRanges(parseSequenceSet(text, view.exists)),
        uids: (text) => parseSequenceSet(text, view.maxUid),
        recent: () => view.recentRanges(),
      });
    } catch (error) {
      if (error instanceof BadCharsetError) return no('Unsupported charset', 'BADCHARSET (UTF-8 US-ASCII)');
      throw error;
    }
    const scope = view.allUids();
    const found =
      scope.length === 0
        ? []
        : await session.backend.search(session.ctx, view.mailboxId, parsed.query, scope);
    // The view may not change while we map, so compute numbers against it now.
    const matched = [...new Set(found)].filter((u) => view.seqOf(u) > 0).sort((a, b) => a - b);
    const numbers = input.uid ? matched : matched.map((u) => view.seqOf(u));
    const esearch = parsed.returnOptions !== null || session.rev2;
    if (!esearch) {
      await session.writer.write('* SEARCH');
      for (let i = 0; i < numbers.length; i += 1000)
        await session.writer.write(` ${numbers.slice(i, i + 1000).join(' ')}`);
      await session.writer.write('\r\n');
      return ok('SEARCH completed');
    }
    const opts =
      parsed.returnOptions === null || parsed.returnOptions.length === 0 ? ['ALL'] : parsed.returnOptions;
    const parts = [`ESEARCH (TAG ${imapQuoted(input.tag, { utf8: false })})`];
    if (input.uid) parts.push('UID');
    if (opts.includes('MIN') && numbers.length > 0) parts.push(`MIN ${numbers[0]}`);
    if (opts.includes('MAX') && numbers.length > 0) parts.push(`MAX ${numbers[numbers.length - 1]}`);
    if (opts.includes('COUNT')) parts.push(`COUNT ${numbers.length}`);
    if (opts.includes('ALL') && numbers.length > 0) parts.push(`ALL ${formatNumberSet(numbers)}`);
    await session.untagged(parts.join(' '));
    return ok('SEARCH completed');
  },
};
