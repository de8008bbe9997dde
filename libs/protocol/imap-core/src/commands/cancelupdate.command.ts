import { ImapSyntaxError, tokenText } from '../protocol/command-tokens';
import { bad, type CommandHandler, ok, SELECTED } from '../session/command-handler';

/** CANCELUPDATE tag... (RFC 5267 4.3): stops the live searches started under those tags. */
export const cancelUpdateCommand: CommandHandler = {
  states: SELECTED,
  run(session, input) {
    if (input.args.length === 0) throw new ImapSyntaxError('CANCELUPDATE needs the tag of a search');
    const tags = input.args.map((arg) => tokenText(arg, 'search tag'));
    const updates = session.view?.searchUpdates;
    const unknown = tags.filter((tag) => !updates?.cancel(tag));
    if (unknown.length > 0) return Promise.resolve(bad('No live search has that tag'));
    return Promise.resolve(ok('CANCELUPDATE completed'));
  },
};
