import { AUTHENTICATED, type CommandHandler, ok } from '../session/command-handler';
import { expectEnd } from '../protocol/command-tokens';

export const subscribeCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    expectEnd(input.args, 1);
    await session.backend.setSubscribed(session.ctx, session.decodeMailbox(input.args[0]), true);
    return ok('SUBSCRIBE completed');
  },
};

export const unsubscribeCommand: CommandHandler = {
  states: AUTHENTICATED,
  async run(session, input) {
    expectEnd(input.args, 1);
    await session.backend.setSubscribed(session.ctx, session.decodeMailbox(input.args[0]), false);
    return ok('UNSUBSCRIBE completed');
  },
};
