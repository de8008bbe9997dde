import { ANY_STATE, type CommandHandler, ok } from '../session/command-handler';
import { expectEnd } from '../protocol/command-tokens';

export const logoutCommand: CommandHandler = {
  states: ANY_STATE,
  async run(session, input) {
    expectEnd(input.args, 0);
    await session.untagged('BYE Logging out');
    session.view = null;
    session.state = 'logout';
    return ok('LOGOUT completed');
  },
};
