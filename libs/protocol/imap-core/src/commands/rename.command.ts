import { AUTHENTICATED, type CommandHandler, no, ok } from '../session/command-handler';
import { ImapSyntaxError } from '../protocol/command-tokens';

export const renameCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    if (input.args.length !== 2) throw new ImapSyntaxError('RENAME expects two mailbox names');
    const from = session.decodeMailbox(input.args[0]);
    const to = session.decodeMailbox(input.args[1]).replace(/\/+$/, '');
    if (to === '' || to.split('/').some((p) => p === '')) return no('Invalid mailbox name', 'CANNOT');
    if (to === 'INBOX') return no('Cannot rename to INBOX', 'ALREADYEXISTS');
    await session.backend.renameMailbox(session.ctx, from, to);
    return ok('RENAME completed');
  },
};
