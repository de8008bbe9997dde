import { type CommandHandler, ok, SELECTED } from '../session/command-handler';
import { expectEnd } from '../protocol/command-tokens';

/** CLOSE expunges silently (unless read-only); UNSELECT does not. */
export const closeCommand: CommandHandler = {
  states: SELECTED,
  async run(session, input) {
    expectEnd(input.args, 0);
    const view = session.view;
    if (view && !view.readOnly) await session.backend.expunge(session.ctx, view.mailboxId, null);
    session.unselect();
    return ok('CLOSE completed');
  },
};

export const unselectCommand: CommandHandler = {
  states: SELECTED,
  run(session, input) {
    expectEnd(input.args, 0);
    session.unselect();
    return Promise.resolve(ok('UNSELECT completed'));
  },
};
