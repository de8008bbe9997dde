import { AUTHENTICATED, type CommandHandler, no, ok } from '../session/command-handler';
import { expectEnd } from '../protocol/command-tokens';

export const deleteCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    expectEnd(input.args, 1);
    const path = session.decodeMailbox(input.args[0]);
    if (path === 'INBOX') return no('INBOX cannot be deleted', 'CANNOT');
    await session.backend.deleteMailbox(session.ctx, path);
    if (session.view?.path === path) session.unselect();
    return ok('DELETE completed');
  },
};
